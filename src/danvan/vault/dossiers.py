"""What the vault knows of dossiers: only what the one-stop app registers here from its
AppConfig.ready (as `signing.batches` takes batch kinds), so the vault never imports onestop."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class DossierSource:
    # (user, code[, roles]) -> the dossier the user may see; raises NotFound otherwise
    visible: Callable
    # (user, {"national_id": …} or {"tax_code": …}, code, roles) -> the open dossier they handle
    open_of: Callable
    # (dossier, component_id) -> the component row locked for update, or None
    lock_component: Callable


_source: DossierSource | None = None


def register(source: DossierSource) -> None:
    global _source  # one source per process, set once at start-up
    _source = source


def source() -> DossierSource:
    if _source is None:
        raise ImproperlyConfigured("No dossier source registered (is danvan.onestop installed?).")
    return _source
