"""A dossier's files: the attached component files and the result, opened through one gate.

Who may open them (`may_see(user, FILES, obj=dossier)`, registered in onestop.privacy): the
applicant herself, and officials holding a one-stop role (counter clerk, specialist, signer,
office clerk) on the dossier's unit. Component files are the citizen's documents (ID card,
certificates...): while the dossier is open every handling role may open them; once it is closed
only the officials who took part in it (received it, handled it or acted on it) still may. Every
opening is audited, and an opening of a component file is written to the citizen's vault access
log (which the citizen reads: who opened which of her papers, for which dossier).
"""

import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from django.utils.translation import gettext_lazy as _

from danvan.audit.registry import register
from danvan.audit.services import record
from danvan.core.errors import NotFound
from danvan.core.privacy import mask_national_id, may_see
from danvan.onestop.models import Dossier, DossierComponent
from danvan.onestop.privacy import FILES
from danvan.onestop.titles import result_title

register("onestop.file_opened", _("Mở tệp «{file}» của hồ sơ {dossier} ({purpose})"))
RESULT_ID = "ket-qua"
SAFE_TYPES = {"application/pdf", "image/jpeg", "image/png"}
PURPOSES = {"view": "xem", "download": "tải về"}


@dataclass(frozen=True)
class DossierFile:
    """One file of a dossier as shown on its page and returned by the API."""

    id: str  # the DossierComponent id, or "ket-qua" for the result
    kind: str  # "component" | "result"
    name: str  # what the paper is (the component's name, or the result's title)
    file_name: str
    content_type: str
    size: int
    sha256: str
    component_id: int | None  # the procedure component this file stands for
    from_store: bool = False

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    @property
    def is_image(self) -> bool:
        return self.content_type in {"image/jpeg", "image/png"}


def _component_file(c: DossierComponent) -> DossierFile:
    return DossierFile(
        id=str(c.pk),
        kind="component",
        name=c.name,
        file_name=c.file_name or f"thanh-phan-{c.pk}",
        content_type=c.content_type if c.content_type in SAFE_TYPES else "application/octet-stream",
        size=c.size,
        sha256=c.sha256,
        component_id=c.component_id,
        from_store=c.from_store,
    )


def _result_file(dossier: Dossier) -> DossierFile:
    return DossierFile(
        id=RESULT_ID,
        kind="result",
        name=result_title(dossier.procedure),
        file_name=f"{dossier.code}-ket-qua.pdf",
        content_type="application/pdf",
        size=dossier.result_file.size if dossier.result_file else 0,
        sha256="",
        component_id=None,
    )


def list_files(dossier: Dossier, user) -> list[DossierFile]:
    """The files of the dossier this user may open (none when they may not see the dossier's files)."""
    if not may_see(user, FILES, obj=dossier):
        return []
    rows = [
        _component_file(c)
        for c in dossier.components.all()
        if c.has_file and c.file and c.file.name
    ]
    if dossier.result_file:
        rows.append(_result_file(dossier))
    return rows


def _not_found(dossier: Dossier):
    return NotFound("dossier.file_not_found", f"Không tìm thấy tệp này của hồ sơ {dossier.code}.")


def open_file(user, dossier: Dossier, file_id: str, *, purpose: str = "view"):
    """Check the right to open one file, log it, and return (DossierFile, bytes).

    Refused and unknown files answer the same 404: a file's existence is not revealed."""
    if not may_see(user, FILES, obj=dossier):
        raise _not_found(dossier)
    if file_id == RESULT_ID:
        if not dossier.result_file:
            raise _not_found(dossier)
        meta, field, component = _result_file(dossier), dossier.result_file, None
    else:
        component = (
            dossier.components.filter(pk=int(file_id)).first() if file_id.isdigit() else None
        )
        if component is None or not component.has_file or not component.file:
            raise _not_found(dossier)
        meta, field = _component_file(component), component.file
    try:
        with field.open("rb") as fh:
            data = fh.read()
    except (FileNotFoundError, OSError) as exc:
        raise NotFound(
            "dossier.file_missing", "Tệp không còn trong kho lưu trữ; hãy báo quản trị hệ thống."
        ) from exc
    _log(user, dossier, meta, component, purpose)
    return meta, data


def _log(user, dossier: Dossier, meta: DossierFile, component, purpose: str) -> None:
    record(
        "onestop.file_opened",
        actor=user,
        unit=dossier.unit,
        obj=dossier,
        data={
            "dossier": dossier.code,
            "file": meta.name[:120] or meta.file_name,
            "purpose": PURPOSES.get(purpose, purpose),
            "citizen": mask_national_id(dossier.national_id),
        },
    )
    if component is not None and getattr(user, "national_id", "") != dossier.national_id:
        from danvan.vault.services import log_dossier_file_opened

        log_dossier_file_opened(user, dossier, component)


def disposition(file_name: str, *, download: bool) -> str:
    """`inline`/`attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266)."""
    plain = unicodedata.normalize("NFD", file_name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if unicodedata.category(ch) != "Mn").replace(" ", "-")
    ascii_name = "".join(ch for ch in plain if ch.isascii() and (ch.isalnum() or ch in "-_."))
    ascii_name = ascii_name or "tep"
    kind = "attachment" if download else "inline"
    return f"{kind}; filename=\"{ascii_name[:120]}\"; filename*=UTF-8''{quote(file_name[:150])}"
