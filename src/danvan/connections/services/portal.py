"""Sync with the National Public Service Portal: our dossier → DongBoHoSoMC, each event row →
one CapNhatTienDoHoSoMC history row. Statuses are sent as they are (our numbers are the portal's
codes): 5, 6 and 8 stay 5, 6 and 8, and every history row is one event that happened.

The hook: a post_save of the dossier's event row (``DossierEvent``), which the workflow engine
writes inside the transition's transaction, enqueues one outbox message "portal.step". The
message keeps the event's id; the dossier record is read when it is sent (the portal's record is
create-or-update, the latest state is the right one), the history row from the event itself.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models, transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from danvan.connections import formats as F
from danvan.connections.client import SendError, check, post
from danvan.connections.conf import conf
from danvan.connections.models import MessageState, OutboxMessage, PortalSync
from danvan.connections.services import outbox

KIND = "portal.step"
CHANNELS = {"in_person": "1", "online": "2", "post": "3", "api": "2"}
SYSTEM_NAMES = {"payment": "Nền tảng thanh toán", "watchdog": "Hệ thống"}


def portal_date(value) -> str:
    """yyyyMMddHHmmss, local time; "" when there is no date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y%m%d%H%M%S")
    return value.strftime("%Y%m%d") + "000000"


def _flag(value) -> str:
    return "1" if value else "0"


def key_of(dossier_pk) -> str:
    return f"onestop.dossier:{dossier_pk}"


# --- the hook (inside the transition's transaction) -------------------------------------------


def connect(post_save) -> None:
    from danvan.onestop.models import DossierEvent

    post_save.connect(on_event, sender=DossierEvent, dispatch_uid="connections.portal")


def on_event(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or not created:
        return
    dossier = instance.dossier
    if instance.from_status is None:  # the creation: a population-data look-up made for it
        from danvan.connections.services.population import link_to_dossier

        # After the commit: no query added to the intake's transaction.
        transaction.on_commit(lambda: link_to_dossier(dossier), robust=True)
    if not conf().portal_sync:
        return
    from django.utils import translation

    with translation.override("vi"):  # stored: the platform's language, whoever acted
        step = instance.label
    outbox.enqueue(
        KIND,
        key_of(instance.dossier_id),
        {"dossier": instance.dossier_id, "event": instance.pk, "status": instance.to_status},
        obj=dossier,
        unit_id=dossier.unit_id,
        label=f"{dossier.code}: {step} → {instance.to_status}",
        now=instance.at if instance.at and instance.at < timezone.now() else None,
    )


# --- the mapping ------------------------------------------------------------------------------


def field_code(procedure) -> str:
    """MaLinhVuc: from the CONNECTIONS["FIELD_CODES"] table (field name → portal code), else a
    stable slug of the name (an honest stand-in, listed on the unsynced page as such)."""
    codes = (getattr(settings, "CONNECTIONS", {}) or {}).get("FIELD_CODES", {})
    return codes.get(procedure.field) or slugify(procedure.field)[:40].upper()


def documents(dossier) -> list[dict]:
    from danvan.onestop.models import Digitization

    rows = []
    for c in dossier.components.all():
        if not (c.provided or c.has_file):
            continue
        rows.append(
            {
                "TepDinhKemId": str(c.pk),
                "TenTepDinhKem": (c.file_name or c.name)[:255],
                "MaThanhPhanHoSo": str(c.component_id or ""),
                "DuongDanTaiTepTin": c.file.name if c.file else "",
                "DuocSoHoa": _flag(c.digitization != Digitization.NONE or c.has_file),
                "DuocTaiSuDung": _flag(
                    c.digitization in (Digitization.REUSED_DOCUMENT, Digitization.REUSED_RESULT)
                ),
                "DuocLayTuKhoDMQG": _flag(c.from_store),
                "MaKetQuaThayThe": (
                    str(c.vault_document_id or "")
                    if c.digitization == Digitization.REUSED_RESULT
                    else ""
                ),
                "IsDeleted": "0",
            }
        )
    return rows


def fees(dossier) -> list[dict]:
    if not dossier.fee_vnd:
        return []
    return [
        {
            "TenPhiLePhi": f"Phí, lệ phí: {dossier.procedure.name}"[:255],
            "MaPhiLePhi": dossier.procedure.code,
            "HinhThucThu": "2" if dossier.paid_online else "1",
            "Gia": str(dossier.fee_vnd),
            "LoaiPhiLePhi": "2",
        }
    ]


def results(dossier) -> list[dict]:
    if not (dossier.result_signed and dossier.result_file):
        return []
    return [
        {
            "TenGiayTo": (dossier.procedure.result_name or dossier.procedure.name)[:255],
            "MaThanhPhanHoSo": "KQ",
            "GiayToId": dossier.result_code or str(dossier.pk),
            "DuongDanTepTinKetQua": dossier.result_file.name,
            "MaGiayToKetQua": dossier.result_code,
        }
    ]


def refused_at(dossier):
    from danvan.onestop.states import Status

    if dossier.status == Status.NOT_RECEIVED:
        return dossier.closed_at
    if dossier.outcome == "refused":
        return dossier.processed_at
    return None


def dossier_record(dossier) -> dict:
    """Our dossier in the portal's DongBoHoSoMC fields (docs/connections.md, table 1)."""
    from danvan.onestop.codes import agency_code

    procedure = dossier.procedure
    ids = [{"LoaiDinhDanh": "1", "SoDinhDanh": dossier.national_id}] if dossier.national_id else []
    if dossier.tax_code:
        ids.append({"LoaiDinhDanh": "2", "SoDinhDanh": dossier.tax_code})
    docs = documents(dossier)
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": procedure.code,
        "TenTTHC": procedure.name,
        "MaLinhVuc": field_code(procedure),
        "TenLinhVuc": procedure.field,
        "KenhThucHien": CHANNELS.get(dossier.channel, "1"),
        "ChuHoSo": dossier.owner_name or dossier.applicant_name,
        "LoaiDoiTuong": "2" if dossier.tax_code else "1",
        "SoGiayToChuHoSo": dossier.tax_code or dossier.national_id,
        "SoDienThoai": dossier.phone,
        "Email": dossier.email,
        "TrichYeuHoSo": (dossier.summary or procedure.name)[:1000],
        "DonViXuLy": agency_code(dossier.unit),
        "NgayNopHoSo": portal_date(dossier.submitted_at),
        "NgayTiepNhan": portal_date(dossier.received_at),
        "NgayHenTra": portal_date(dossier.due_at),
        "NgayKetThucXuLy": portal_date(dossier.processed_at),
        "NgayTra": portal_date(dossier.returned_at),
        "NgayTuChoi": portal_date(refused_at(dossier)),
        "TrangThaiHoSo": str(int(dossier.status)),
        "HinhThuc": "0",
        "DinhDanhCHS": ids,
        "TaiLieuNop": docs,
        "DanhSachLePhi": fees(dossier),
        "DanhSachGiayToKetQua": results(dossier),
        "TaiKhoanDuocXacThucVoiVNeID": _flag(dossier.vneid_authenticated),
        "DuocThanhToanTrucTuyen": _flag(dossier.paid_online),
        "HoSoCoThanhPhanSoHoa": _flag(any(d["DuocSoHoa"] == "1" for d in docs)),
    }


def officer(event) -> tuple[str, str]:
    """NguoiXuLy (≤ 50 characters) and ChucDanh of whoever applied the step."""
    user = event.by
    if user is not None:
        name = (user.full_name or user.get_username()).strip()
        return name[:50], (user.position or "Cán bộ")[:100]
    system = str((event.data or {}).get("system", ""))
    label = SYSTEM_NAMES.get(system.split(":", 1)[0], "Hệ thống")
    return label[:50], "Hệ thống tự động"


def history_row(event) -> dict:
    """One event row in the portal's CapNhatTienDoHoSoMC fields (docs/connections.md, table 2)."""
    dossier = event.dossier
    name, title = officer(event)
    content = event.label
    if event.reason:
        content = f"{content}: {event.reason}"
    return {
        "MaHoSo": dossier.code,
        "NguoiXuLy": name,
        "ChucDanh": title,
        "PhongBanXuLy": (event.body or dossier.unit.name)[:200],
        "ThoiDiemXuLy": portal_date(event.at),
        "NoiDungXuLy": content[:2000],
        "TrangThai": str(int(event.to_status)),
        "NgayBatDau": portal_date(event.at),
        "NgayKetThucTheoQuyDinh": portal_date(event.step_due_at or dossier.due_at),
    }


# --- the sender -------------------------------------------------------------------------------


def _url(service: str) -> str:
    base = conf().gateway_url
    return f"{base}/{service}" if base else ""


def _call(service: str, body: dict, key: str):
    c = conf()
    envelope = {"service": service, "madonvi": c.portal_unit, **body}
    return post(_url(service), envelope, key=key, token=c.token)


def _sync_dossier(record: dict, sync: PortalSync, key: str) -> dict:
    """Create or update; "đã tồn tại" on a create → update, "không tồn tại" on an update →
    create, once each; anything else is the outbox's to retry or fail."""
    updating = sync.created_on_portal
    for turn in range(2):
        flag = "true" if updating else "false"
        answer = _call("DongBoHoSoMC", {"isUpdating": flag, "data": [record]}, f"{key}:d{flag}")
        if answer.code == F.EXISTS and not updating and turn == 0:
            updating = True
            continue
        if answer.code == F.NOT_FOUND and updating and turn == 0:
            updating = False
            continue
        if answer.code in (F.EXISTS, F.NOT_FOUND):
            raise SendError(f"error_code {answer.code}: {answer.message}", answer=answer.body)
        check(answer)
        return answer.body
    raise SendError("Không đồng bộ được hồ sơ.")


def send_step(message) -> dict:
    from danvan.onestop.models import Dossier, DossierEvent

    dossier = (
        Dossier.objects.select_related("procedure", "unit").filter(pk=message.payload["dossier"])
    ).first()
    if dossier is None:
        raise SendError("Hồ sơ không còn trong hệ thống.", retry=False)
    record = dossier_record(dossier)
    problems = F.problems(record, F.DOSSIER)
    if problems:
        raise SendError("Dữ liệu hồ sơ sai đặc tả: " + "; ".join(problems[:5]), retry=False)
    sync, _created = PortalSync.objects.get_or_create(dossier=dossier)
    replies = {"dossier": _sync_dossier(record, sync, str(message.public_id))}
    sync.created_on_portal, sync.status_sent = True, dossier.status
    sync.save(update_fields=["created_on_portal", "status_sent"])
    event = (
        DossierEvent.objects.select_related("by", "dossier__unit")
        .filter(pk=message.payload.get("event"))
        .first()
    )
    if event is not None:
        row = history_row(event)
        reply = _call("CapNhatTienDoHoSoMC", {"data": [row]}, f"{message.public_id}:h")
        replies["history"] = check(reply).body
        PortalSync.objects.filter(pk=sync.pk).update(history_rows=models.F("history_rows") + 1)
    PortalSync.objects.filter(pk=sync.pk).update(synced_at=timezone.now())
    _mark_synced(dossier)
    return replies


def _mark_synced(dossier) -> None:
    """The dossier's own flag (INDICATORS-766 "synced"): true once the portal holds it."""
    type(dossier).objects.filter(pk=dossier.pk, synced=False).update(synced=True)


outbox.register(
    outbox.Sender(
        KIND,
        gettext_lazy("Đồng bộ Cổng DVC quốc gia"),
        send_step,
        enabled=lambda: bool(conf().gateway_url),
    )
)


# --- what people see --------------------------------------------------------------------------


def _waiting():
    return OutboxMessage.objects.filter(
        kind=KIND, object_type="onestop.dossier", object_id=OuterRef("pk_text")
    ).exclude(state=MessageState.SENT)


def _held():
    return PortalSync.objects.filter(dossier=OuterRef("pk"), synced_at__isnull=False)


def unsynced(qs):
    """Dossiers of ``qs`` the portal does not hold as they are now: never synced, or with a
    portal message not sent yet."""
    return qs.annotate(pk_text=Cast("pk", CharField())).filter(
        Exists(_waiting()) | ~Exists(_held())
    )


def in_sync(qs):
    return qs.annotate(pk_text=Cast("pk", CharField())).filter(Exists(_held()), ~Exists(_waiting()))


def received_in_sync(scope):
    """Indicator 1.4's numerator: received in the period, held by the portal as they are."""
    from danvan.onestop.models import Dossier

    return scope.filter(in_sync(Dossier.objects.all()), date_field="received_at")


def received(scope):
    from danvan.onestop.models import Dossier

    return scope.filter(Dossier.objects.all(), date_field="received_at")
