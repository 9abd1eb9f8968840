import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from danvan.core.uploads import check_upload
from danvan.onestop import intake
from danvan.procedures.models import Procedure, ProcedureComponent
from danvan.units.services import current_unit
from danvan.vault import access, catalogue
from danvan.vault.models import DocumentType, Source, VaultDocument


def _scan_pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "Ban quet giay to")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


PDF = _scan_pdf()
CITIZEN_A = "001204500001"
CITIZEN_B = "001204500002"
MARRIAGE_STATUS = (
    "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân: its result is a "marriage_status"
)


def applicant(national_id: str = CITIZEN_A, name: str = "Đinh Thị An") -> intake.Applicant:
    return intake.Applicant(name=name, national_id=national_id, phone="0912000111")


@pytest.fixture
def hoan_kiem(db):
    return current_unit("00070")


@pytest.fixture
def ba_vi(db):
    return current_unit("09700")


@pytest.fixture
def proc_y(db):
    """A procedure that needs an ID card and a marriage-status certificate (both reusable)."""
    proc = Procedure.objects.create(
        code="T.VAULT.Y",
        name="Đăng ký kết hôn (thử nghiệm kho dữ liệu)",
        field="Hộ tịch",
        time_value=3,
        time_unit="working_days",
    )
    ProcedureComponent.objects.create(procedure=proc, position=1, name="Tờ khai đăng ký kết hôn")
    ProcedureComponent.objects.create(
        procedure=proc, position=2, name="Căn cước công dân", vault_types=["id_card"]
    )
    ProcedureComponent.objects.create(
        procedure=proc,
        position=3,
        name="Giấy xác nhận tình trạng hôn nhân",
        vault_types=["marriage_status"],
    )
    return proc


def component(proc, vault_type: str) -> ProcedureComponent:
    return next(c for c in proc.components.all() if vault_type in c.vault_types)


def stored(
    owner_id: str,
    type_code: str = "id_card",
    *,
    issued=None,
    expires=None,
    source=Source.DIGITIZED,
    title="Căn cước công dân",
) -> VaultDocument:
    """A document put straight in the store (no signing: fast)."""
    doc_type = DocumentType.objects.get(code=type_code)
    doc = VaultDocument(
        owner_kind=access.kind_of(owner_id),
        owner_id=owner_id,
        doc_type=doc_type,
        title=title,
        number="001",
        issued_on=issued,
        expires_on=catalogue.expiry_for(doc_type, issued, expires),
        file_name="giay-to.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="a" * 64,
        source=source,
    )
    doc.file.save("giay-to.pdf", ContentFile(PDF), save=False)
    doc.save()
    return doc


def upload(name: str = "scan.pdf", data: bytes = PDF):
    return check_upload(name, data)


def today():
    return timezone.localdate()


def days_ago(n: int) -> dt.date:
    return today() - dt.timedelta(days=n)


@pytest.fixture
def dossier_of_a(proc_y, hoan_kiem, persona):
    """An open dossier of citizen A in Phường Hoàn Kiếm (every component uploaded)."""
    comps = [intake.ComponentInput(c.pk, upload()) for c in proc_y.components.all()]
    req = intake.IntakeRequest(procedure=proc_y, applicant=applicant(), components=comps)
    return intake.register(req, unit=hoan_kiem, by=persona("clerk.hoankiem"), received=True)
