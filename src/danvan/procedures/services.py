"""Catalogue look-ups for the other apps: they call these instead of querying procedure models."""

from danvan.procedures.models import (
    CopyKind,
    OnlineLevel,
    Procedure,
    ProcedureComponent,
    TimeUnit,
)

# The catalogue's types and choices other apps name (type hints, component copy kinds, time units).
__all__ = [
    "CopyKind",
    "OnlineLevel",
    "Procedure",
    "ProcedureComponent",
    "TimeUnit",
    "active_procedure",
    "active_procedures",
    "procedure_by_code",
]

CODE_LENGTH = 40  # Procedure.code max_length; longer input is cut, never a database error


def active_procedure(code: str | None) -> Procedure | None:
    """The procedure with this code that citizens may file today, or None."""
    if not code:
        return None
    return Procedure.objects.filter(code=code[:CODE_LENGTH], is_active=True).first()


def procedure_by_code(code: str) -> Procedure | None:
    """The procedure with this code, active or not (demo data, old dossiers)."""
    return Procedure.objects.filter(code=code[:CODE_LENGTH]).first()


def active_procedures():
    """Procedures open for filing, no-wait ones first, then by field and name (intake pickers)."""
    return Procedure.objects.filter(is_active=True).order_by("-is_no_wait", "field", "name")
