"""A citizen's request to export all their data: one .zip with every document and the access log."""

import csv
import io
import json
import zipfile

from django.utils import timezone

from danvan.audit.services import record
from danvan.vault import access
from danvan.vault.models import AccessLog, Purpose, VaultDocument


def _manifest(docs) -> list[dict]:
    return [
        {
            "id": d.pk,
            "loai": d.doc_type.name,
            "ten": d.title,
            "so": d.number,
            "co_quan_cap": d.issuer,
            "ngay_cap": d.issued_on.isoformat() if d.issued_on else "",
            "hieu_luc_den": d.expires_on.isoformat() if d.expires_on else "",
            "nguon": d.get_source_display(),
            "da_ky_so": d.signed,
            "trang_thai": d.state_label,
            "sha256": d.sha256,
            "tep": f"giay-to/{d.pk}-{d.file_name}",
        }
        for d in docs
    ]


def _log_csv(owner_id: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["thoi_gian", "nguoi_truy_cap", "muc_dich", "giay_to", "ho_so", "ket_qua"])
    for row in AccessLog.objects.filter(owner_id=owner_id).select_related("document", "dossier"):
        writer.writerow(
            [
                timezone.localtime(row.at).isoformat(),
                row.actor_label,
                row.get_purpose_display(),
                row.document.title if row.document else "",
                row.dossier.code if row.dossier else "",
                "cho phép" if row.allowed else "từ chối",
            ]
        )
    return out.getvalue()


def export_zip(user) -> bytes:
    """Everything the store holds for the signed-in citizen (national ID masked in the manifest)."""
    owner_id = access.require_citizen(user)
    docs = list(VaultDocument.objects.filter(owner_id=owner_id).select_related("doc_type"))
    access.log(user, owner_id, Purpose.EXPORT, reason="Công dân tải toàn bộ dữ liệu")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        info = {
            "so_dinh_danh": access.mask(owner_id),
            "xuat_luc": timezone.localtime().isoformat(),
            "giay_to": _manifest(docs),
        }
        zf.writestr("kho-du-lieu.json", json.dumps(info, ensure_ascii=False, indent=2))
        zf.writestr("nhat-ky-truy-cap.csv", _log_csv(owner_id))
        for doc in docs:
            with doc.file.open("rb") as fh:
                zf.writestr(f"giay-to/{doc.pk}-{doc.file_name}", fh.read())
    record("vault.exported", actor=user, data={"count": len(docs)})
    return buffer.getvalue()
