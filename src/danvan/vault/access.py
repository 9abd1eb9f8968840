"""Who may open a citizen's or an organization's store, and the log of every opening (SPEC §4 privacy).

An official opens a store only while handling an open dossier of that citizen (national ID) or of
that organization (the dossier's tax code) in a unit their one-stop roles cover (any ward of the
province: reception no longer depends on residence).
No role opens stores without a dossier; the counter clerk's reuse offers at intake show only the
documents that fit the chosen procedure, and are logged like any opening. A citizen always opens
their own store. Every opening is logged (AccessLog, which the citizen reads); refusals are also
written to the audit log.
"""

from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import Role
from danvan.audit.registry import register
from danvan.audit.services import record
from danvan.core.errors import Forbidden, Invalid, NotFound
from danvan.core.identifiers import (
    NATIONAL_ID,
    TAX_CODE,
    TAX_CODE_FIELD,
    TAX_CODE_MESSAGE,
    national_id_problem,
)
from danvan.core.privacy import mask_id as mask  # `0011•••••345`, `0101•••567`
from danvan.vault import dossiers
from danvan.vault.models import AccessLog, OwnerKind, Purpose

__all__ = ["NATIONAL_ID", "TAX_CODE", "mask"]
# Roles that handle dossiers; one of them on the dossier's unit lets an official open the store.
HANDLING_ROLES = (Role.COUNTER_CLERK, Role.SPECIALIST, Role.SIGNER, Role.OFFICE_CLERK)

register("vault.store_opened", _("Mở kho dữ liệu của công dân {citizen} (hồ sơ {dossier})"))
register("vault.access_refused", _("Bị từ chối mở kho dữ liệu của công dân {citizen}"))
register("vault.org_store_opened", _("Mở kho dữ liệu của tổ chức {organization} (hồ sơ {dossier})"))
register("vault.org_access_refused", _("Bị từ chối mở kho dữ liệu của tổ chức {organization}"))


def check_national_id(value: str) -> str:
    value = (value or "").strip()
    if problem := national_id_problem(value):
        field = "Phải gồm đúng 12 chữ số." if not NATIONAL_ID.match(value) else problem
        raise Invalid("vault.bad_national_id", problem, fields={"national_id": field})
    return value


def check_tax_code(value: str) -> str:
    value = (value or "").replace(" ", "").strip()
    if not TAX_CODE.match(value):
        raise Invalid("vault.bad_tax_code", TAX_CODE_MESSAGE, fields={"tax_code": TAX_CODE_FIELD})
    return value


def kind_of(owner_id: str) -> str:
    """National IDs (12 digits) and tax codes (10, or 10-3) never look alike: the id tells the kind."""
    return OwnerKind.ORGANIZATION if TAX_CODE.match(owner_id or "") else OwnerKind.CITIZEN


def check_owner(owner_id: str, kind: str | None = None) -> str:
    """A well-formed owner id of this kind (None: whichever the id looks like; 422 otherwise)."""
    kind = kind or kind_of((owner_id or "").replace(" ", "").strip())
    return (
        check_tax_code(owner_id) if kind == OwnerKind.ORGANIZATION else check_national_id(owner_id)
    )


def is_owner(user, owner_id: str) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.national_id
        and user.national_id == owner_id
    )


def handling_dossier(user, owner_id: str, dossier_code: str = ""):
    """The open dossier of this citizen (or organization) that the official handles, in a unit they
    cover, or None."""
    if not getattr(user, "is_authenticated", False) or not owner_id:
        return None
    match = (
        {"tax_code": owner_id}
        if kind_of(owner_id) == OwnerKind.ORGANIZATION
        else {"national_id": owner_id}
    )
    return dossiers.source().open_of(user, match, dossier_code, HANDLING_ROLES)


def log(
    user, owner_id: str, purpose: str, *, document=None, dossier=None, allowed=True, reason=""
) -> AccessLog:
    label = (
        (user.display_name if hasattr(user, "display_name") else user.get_username())
        if getattr(user, "is_authenticated", False)
        else "Khách"
    )
    return AccessLog.objects.create(
        actor=user if getattr(user, "is_authenticated", False) else None,
        actor_label=label[:200],
        owner_id=owner_id,
        document=document,
        dossier=dossier,
        purpose=purpose,
        allowed=allowed,
        reason=reason[:300],
    )


def refuse(user, owner_id: str, purpose: str, *, document=None, reason: str = "") -> None:
    """Log and audit a refused opening, then raise 404 (the store's existence is not revealed)."""
    log(user, owner_id, purpose, document=document, allowed=False, reason=reason)
    if kind_of(owner_id) == OwnerKind.ORGANIZATION:
        record(
            "vault.org_access_refused",
            actor=user,
            data={"organization": mask(owner_id), "purpose": purpose, "reason": reason},
        )
        raise NotFound(
            "vault.access_denied",
            "Không mở được kho dữ liệu: bạn không xử lý hồ sơ nào đang mở của tổ chức này.",
        )
    record(
        "vault.access_refused",
        actor=user,
        data={"citizen": mask(owner_id), "purpose": purpose, "reason": reason},
    )
    raise NotFound(
        "vault.access_denied",
        "Không mở được kho dữ liệu: bạn không xử lý hồ sơ nào đang mở của công dân này.",
    )


def open_store(
    user,
    owner_id: str,
    *,
    purpose: str = Purpose.STORE,
    dossier_code: str = "",
    document=None,
    kind: str | None = None,
):
    """Check the right to open the store (a citizen's, or an organization's: ``kind``, or what the id
    looks like) and log the opening; returns the dossier in hand (or None)."""
    owner_id = check_owner(owner_id, kind)
    organization = kind_of(owner_id) == OwnerKind.ORGANIZATION
    if not organization and is_owner(user, owner_id):
        log(user, owner_id, purpose, document=document, reason="Công dân tự xem")
        return None
    dossier = handling_dossier(user, owner_id, dossier_code)
    if dossier is None:
        refuse(
            user,
            owner_id,
            purpose,
            document=document,
            reason=f"Không có hồ sơ đang xử lý của {'tổ chức' if organization else 'công dân'}",
        )
    log(user, owner_id, purpose, document=document, dossier=dossier)
    if purpose == Purpose.STORE:
        if organization:
            record(
                "vault.org_store_opened",
                actor=user,
                unit=dossier.unit,
                data={"organization": mask(owner_id), "dossier": dossier.code},
            )
        else:
            record(
                "vault.store_opened",
                actor=user,
                unit=dossier.unit,
                data={"citizen": mask(owner_id), "dossier": dossier.code},
            )
    return dossier


def dossier_owners(dossier) -> list[str]:
    """The stores a dossier may draw from: its applicant's, and its organization's if filed for one."""
    return [dossier.national_id] + (
        [dossier.tax_code] if TAX_CODE.match(dossier.tax_code or "") else []
    )


def require_citizen(user) -> str:
    """The national ID of a signed-in citizen account; officials without one are refused."""
    if not getattr(user, "is_authenticated", False) or not NATIONAL_ID.match(
        user.national_id or ""
    ):
        raise Forbidden(
            "vault.not_citizen",
            "Tài khoản chưa gắn với số định danh cá nhân; hãy xác thực tại Bộ phận Một cửa.",
        )
    return user.national_id
