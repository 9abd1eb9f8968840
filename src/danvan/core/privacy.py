"""Personal data: how it is masked, and the one rule of who may see it unmasked (SPEC §4).

Masks: national ID `0011•••••345`, tax code `0101•••567`, phone `091•••678`, email
`h•••@gmail.com`, address (only the last two parts, ward and province, stay), name
`Nguyễn T. H.`. Lists, exports, slips, logs and audit data show masked values.

Who may see a value unmasked is decided by a *purpose* that an app registers in its
`AppConfig.ready()`:

    register_purpose("onestop.applicant", _("Xử lý hồ sơ"), roles=(Role.COUNTER_CLERK, ...),
                     active=lambda dossier: dossier.is_open, subject=lambda user, d: ...)

    may_see(user, "onestop.applicant", obj=dossier)  ->  True / False

The rule: nobody anonymous; the person the data is about (`subject`) always; otherwise a user
holding one of the purpose's roles on the object's unit (`unit=`, or `unit_of(obj)`, default
`obj.unit`), while the purpose is `active` for the object (e.g. the dossier is open); `rule`
replaces the role check for purposes that need more. The role check is the unit scope of
`danvan.accounts.scope` (registered by the accounts app), so superusers pass it.
"""

from collections.abc import Callable
from dataclasses import dataclass

DOT = "•"

# --- masks ----------------------------------------------------------------------------------


def mask_id(value: str | None) -> str:
    """A national ID or a tax code: the first 4 and last 3 characters stay (`0011•••••345`,
    `0101•••567`, `0101•••••••001` for a branch); shorter values are hidden but for 2."""
    value = (value or "").strip()
    if len(value) >= 8:
        return f"{value[:4]}{DOT * (len(value) - 7)}{value[-3:]}"
    return _hide_all_but(value, 2)


def mask_national_id(value: str | None) -> str:
    return mask_id(value)


def mask_tax_code(value: str | None) -> str:
    return mask_id(value)


def mask_phone(value: str | None) -> str:
    """`0912345678` -> `091•••678` (the last digits are what a citizen recognises)."""
    value = (value or "").strip()
    if len(value) >= 7:
        return f"{value[:3]}{DOT * 3}{value[-3:]}"
    return _hide_all_but(value, 2)


def mask_email(value: str | None) -> str:
    """`hang.nguyen@gmail.com` -> `h•••@gmail.com`."""
    value = (value or "").strip()
    local, at, domain = value.partition("@")
    if not at:
        return _hide_all_but(value, 1)
    return f"{local[:1]}{DOT * 3}@{domain}"


def mask_address(value: str | None) -> str:
    """`Số 12 ngõ 5 Hàng Bông, Phường Hoàn Kiếm, Hà Nội` -> `•••, Phường Hoàn Kiếm, Hà Nội`:
    the house and street are hidden, the ward and province (parts after the 2nd-last comma) stay."""
    parts = [p.strip() for p in (value or "").split(",") if p.strip()]
    if not parts:
        return ""
    if len(parts) < 3:
        return DOT * 3 + (f", {parts[-1]}" if len(parts) == 2 else "")
    return ", ".join([DOT * 3, *parts[-2:]])


def mask_name(value: str | None) -> str:
    """`Nguyễn Thị Hằng` -> `Nguyễn T. H.` (the family name and initials)."""
    words = (value or "").split()
    if len(words) < 2:
        return f"{words[0][:1]}." if words else ""
    return " ".join([words[0], *(f"{w[:1].upper()}." for w in words[1:])])


def _hide_all_but(value: str, keep: int) -> str:
    if not value:
        return ""
    return DOT * max(3, len(value) - keep) + value[-keep:] if len(value) > keep else DOT * 3


MASKS: dict[str, Callable[[str | None], str]] = {
    "national_id": mask_national_id,
    "tax_code": mask_tax_code,
    "id": mask_id,
    "phone": mask_phone,
    "email": mask_email,
    "address": mask_address,
    "name": mask_name,
}


# --- the rule -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Purpose:
    code: str
    label: str
    roles: tuple[str, ...] = ()
    unit_of: Callable | None = None  # obj -> the unit whose roles count (default obj.unit)
    active: Callable | None = None  # obj -> whether the purpose still holds (dossier open)
    subject: Callable | None = None  # (user, obj) -> whether the data is the user's own
    rule: Callable | None = None  # (user, unit, obj) -> bool, instead of roles on the unit


_PURPOSES: dict[str, Purpose] = {}
_ROLE_CHECK: list[Callable] = []  # [(user, unit, roles) -> bool], set by the accounts app


def register_purpose(code: str, label: str, **options) -> Purpose:
    """Declare why personal data may be shown unmasked (in the app's AppConfig.ready())."""
    purpose = Purpose(code, label, **options)
    _PURPOSES[code] = purpose
    return purpose


def purposes() -> list[Purpose]:
    return sorted(_PURPOSES.values(), key=lambda p: p.code)


def set_role_check(check: Callable) -> None:
    """`check(user, unit, roles) -> bool`: does the user hold one of the roles on the unit?"""
    _ROLE_CHECK[:] = [check]


def may_see(user, purpose: str, *, unit=None, obj=None) -> bool:
    """The single rule: may this user see the personal data of `obj` (or of `unit`) unmasked
    for this purpose? An unregistered purpose is a programming error (LookupError)."""
    try:
        spec = _PURPOSES[purpose]
    except KeyError:
        raise LookupError(f"privacy purpose {purpose!r} is not registered") from None
    if not getattr(user, "is_authenticated", False):
        return False
    if spec.subject is not None and obj is not None and spec.subject(user, obj):
        return True
    if spec.active is not None and obj is not None and not spec.active(obj):
        return False
    if unit is None and obj is not None:
        unit = spec.unit_of(obj) if spec.unit_of else getattr(obj, "unit", None)
    if spec.rule is not None:
        return bool(spec.rule(user, unit, obj))
    return bool(spec.roles) and unit is not None and _has_role_on(user, unit, spec.roles)


def _has_role_on(user, unit, roles) -> bool:
    if not _ROLE_CHECK:
        raise LookupError("no role check registered (is danvan.accounts installed?)")
    return bool(_ROLE_CHECK[0](user, unit, roles))


def reveal(value, kind: str, user, purpose: str, *, unit=None, obj=None) -> str:
    """`value` as this user may see it: whole, or masked with MASKS[kind]."""
    if may_see(user, purpose, unit=unit, obj=obj):
        return value or ""
    return MASKS[kind](value)
