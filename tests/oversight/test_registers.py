"""Warnings by the rules (mobilization-rules.md), the disclosure checklist, the import, the
reminder job, the documents, and the demo's Must-show scenarios."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from danvan.core.indicators import evaluate
from danvan.jobs.models import Job
from danvan.oversight import importer, services
from danvan.oversight.models import (
    Board,
    BoardMember,
    CriticismSession,
    Dialogue,
    Disclosure,
    Recommendation,
    Supervision,
)
from danvan.units.services import current_unit
from tests.helpers import today
from tests.oversight.conftest import days_ago, front_of

pytestmark = pytest.mark.django_db


def _dialogue(unit, held, notice, published):
    return Dialogue(unit=unit, level="commune", title="Đối thoại", chair="Chủ tịch", place="Hội trường",
                    held_on=held, notice_published_on=notice, results_published_on=published)  # fmt: skip


def test_dialogue_notice_7_days_and_results_within_10_days(commune):
    d = dt.date(2026, 3, 20)
    late_notice = services.dialogue_warnings(
        _dialogue(commune, d, d - dt.timedelta(days=5), d), today()
    )
    assert late_notice == [
        "Thông báo trước 5 ngày, chưa đủ 7 ngày (Luật Tổ chức chính quyền địa phương 2025, Điều 43)."
    ]
    assert (
        services.dialogue_warnings(
            _dialogue(commune, d, d - dt.timedelta(days=7), d + dt.timedelta(days=10)), today()
        )
        == []
    )
    unpublished = services.dialogue_warnings(
        _dialogue(commune, d, d - dt.timedelta(days=8), None), d + dt.timedelta(days=11)
    )
    assert unpublished and "Quá 10 ngày chưa công khai kết quả (hạn 30/03/2026" in unpublished[0]
    assert (
        services.dialogue_warnings(
            _dialogue(commune, d, d - dt.timedelta(days=8), None), d + dt.timedelta(days=10)
        )
        == []
    )
    late = services.dialogue_warnings(
        _dialogue(commune, d, d - dt.timedelta(days=8), d + dt.timedelta(days=11)), today()
    )
    assert "quá hạn 10 ngày" in late[0]


def test_inspection_board_needs_5_members_or_one_per_village(commune):
    board = Board.objects.create(
        unit=commune, kind="inspection", name="Ban TTND", term_start=dt.date(2024, 1, 1)
    )
    for i in range(4):
        BoardMember.objects.create(
            board=board, full_name=f"Người {i}", term_start=dt.date(2024, 1, 1)
        )
    assert "Ban có 4 thành viên, cần ít nhất 5" in services.board_warnings(board)[0]
    BoardMember.objects.create(board=board, full_name="Người 5", term_start=dt.date(2024, 1, 1))
    assert services.board_warnings(board) == []
    board.villages = 7
    assert "cần ít nhất 7" in services.board_warnings(board)[0]
    board.villages = 3  # fewer than 5 villages: still 5
    assert services.board_warnings(board) == []
    for i in range(3):
        BoardMember.objects.create(
            board=board, full_name=f"Phó {i}", position="deputy", term_start=dt.date(2024, 1, 1)
        )
    assert any("3 Phó Trưởng ban, tối đa 2" in w for w in services.board_warnings(board))


def test_a_board_check_plan_must_reach_the_target_5_working_days_before(commune, officer):
    board = Board.objects.create(
        unit=commune, kind="inspection", name="Ban TTND", term_start=dt.date(2024, 1, 1)
    )
    sup = Supervision(unit=commune, level="commune", organizer=front_of(commune), form="board", board=board,
                      subject_kind="body", subject="UBND", title="Kiểm tra quỹ", planned_on=dt.date(2026, 11, 16),
                      notified_on=dt.date(2026, 11, 10), state="notified")  # fmt: skip
    # Tue 10/11 + 5 working days = Tue 17/11 > Mon 16/11: too late
    assert "chưa đủ 5 ngày làm việc" in services.supervision_warnings(sup)[0]
    sup.notified_on = dt.date(2026, 11, 9)  # Mon 9 + 5 wd = Mon 16
    assert services.supervision_warnings(sup) == []


def test_the_checklist_of_a_commune_is_made_once_and_overdue_items_are_not_done(commune, officer):
    assert services.ensure_checklist(commune, 2025) == 20  # 12 yearly items + 2 quarterly × 4
    assert services.ensure_checklist(commune, 2025) == 0
    q1 = Disclosure.objects.get(unit=commune, year=2025, item__number=2, period_label="Quý 1/2025")
    # 31/3 (Mon) + 5 working days: 1, 2, 3, 4 April, then Mon 7/4 is Hùng Kings Day (10/3 lunar) → 8/4
    assert q1.due_on == dt.date(2025, 4, 8)
    services.record_disclosure(
        q1, disclosed_on=dt.date(2025, 4, 3), form="notice_board", by=officer
    )
    r = evaluate(
        "oversight.disclosure_rate",
        unit=commune,
        start=dt.date(2025, 4, 1),
        end=dt.date(2025, 4, 30),
    )
    assert (r.numerator, r.denominator) == (1, 2)  # items 2 and 7 are quarterly, due 8/4
    r = evaluate(
        "oversight.disclosure_rate",
        unit=commune,
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
    )
    assert (r.numerator, r.denominator) == (1, 18)  # the two Q4 items fall due in January 2026
    with pytest.raises(Exception) as err:
        services.ensure_checklist(current_unit("01"), 2025)
    assert err.value.code == "disclosure.not_commune"


def _book(rows_by_sheet) -> bytes:
    blank = load_workbook(io.BytesIO(importer.template_xlsx(importer.SCHEMAS)))
    book = Workbook()
    book.remove(book.active)
    for schema in importer.SCHEMAS:
        sheet = book.create_sheet(str(schema.title))
        sheet.append([c.value for c in blank[str(schema.title)][1]])
        for row in rows_by_sheet.get(schema.name, []):
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_of_a_year_all_or_nothing_with_errors_by_row_and_column(commune, officer):
    code = commune.code
    good_sup = [code, "Ủy ban MTTQ", "Tổ chức đoàn giám sát", "Cơ quan, tổ chức", "UBND phường",
                "Giám sát thu gom rác thải", "05/03/2025", "06/03/2025", "06/03/2025", "Đoàn 5 người",
                "Còn 3 điểm tập kết rác tự phát."]  # fmt: skip
    bad_sup = [code, "Hội Phụ nữ??", "Tổ chức đoàn giám sát", "Cơ quan, tổ chức", "UBND phường",
               "Giám sát khác", "31/02/2025", "", "", "", ""]  # fmt: skip
    crit = [
        code,
        "Dự thảo quy chế văn hóa công sở",
        "Văn phòng UBND",
        "Hội nghị phản biện xã hội",
        "10/04/2025",
        "",
    ]
    dial = [
        code,
        "Đối thoại về trật tự đô thị",
        "Chủ tịch UBND",
        "20/05/2025",
        "Hội trường",
        "10/05/2025",
        80,
        "25/05/2025",
    ]
    data = _book({"oversight.supervisions": [good_sup, bad_sup], "oversight.criticisms": [crit],
                  "oversight.dialogues": [dial]})  # fmt: skip
    reports = importer.import_year(data, "nam-2025.xlsx", unit=commune, by=officer)
    errors = [str(e) for e in reports["oversight.supervisions"].errors]
    assert any(e.startswith("Sheet “Giám sát”, dòng 3, cột Cơ quan chủ trì") for e in errors), (
        errors
    )
    assert any(e.startswith("Sheet “Giám sát”, dòng 3, cột Ngày dự kiến") for e in errors), errors
    assert not Supervision.objects.filter(unit=commune).exists()
    assert not CriticismSession.objects.filter(unit=commune).exists()  # nothing of the file

    data = _book(
        {
            "oversight.supervisions": [good_sup],
            "oversight.criticisms": [crit],
            "oversight.dialogues": [dial],
        }
    )
    reports = importer.import_year(data, "nam-2025.xlsx", unit=commune, by=officer)
    assert [r.written for r in reports.values()] == [1, 1, 1]
    sup = Supervision.objects.get(unit=commune)
    assert (sup.state, sup.started_on, sup.organizer.kind) == (
        "reported",
        dt.date(2025, 3, 6),
        "fatherland_front",
    )
    assert Dialogue.objects.get(unit=commune).citizens == 80
    again = importer.import_year(data, "nam-2025.xlsx", unit=commune, by=officer)
    assert again["oversight.supervisions"].errors  # already imported: a duplicate, not a second row
    assert Supervision.objects.filter(unit=commune).count() == 1


def test_import_refuses_another_units_rows_and_a_non_spreadsheet(commune, officer, client):
    row = ["00070", "Ủy ban MTTQ", "Tổ chức đoàn giám sát", "Cơ quan, tổ chức", "UBND", "Giám sát ngoài phường",
           "05/03/2025", "", "", "", ""]  # fmt: skip
    reports = importer.import_year(
        _book({"oversight.supervisions": [row]}), "x.xlsx", unit=commune, by=officer
    )
    assert "không thuộc" in str(reports["oversight.supervisions"].errors[0])
    client.force_login(officer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(
        "/giam-sat/nhap/", {"file": SimpleUploadedFile("a.xlsx", b"MZ\x90\x00 not a workbook")}
    )
    assert r.status_code == 422 and "không phải bảng tính" in r.content.decode()


def test_the_reminder_command_queues_a_job_that_flags_each_overdue_answer_once(
    commune, officer, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_RUNNER = "immediate"
    from tests.oversight.conftest import recommend, reported_supervision

    sup = reported_supervision(commune, officer)
    rec = recommend(sup, officer, sent_ago=30, due_ago=2)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("oversight-reminders", stdout=io.StringIO())
    job = Job.objects.filter(kind="oversight.reminders").latest("id")
    rec.refresh_from_db()
    assert job.state == "succeeded", (
        job.state,
        job.error_message if hasattr(job, "error_message") else "",
    )
    assert rec.overdue_flagged_on == today()
    call_command("oversight-reminders", "--now", stdout=io.StringIO())
    rec.refresh_from_db()
    assert rec.version == 1  # flagged once (created at 0)


def test_report_and_letter_render_as_pdf_and_docx(client_as):
    sup = Supervision.objects.filter(unit__code="00070", recommendations__isnull=False).first()
    client = client_as("front.hoankiem")
    pdf = client.get(f"/giam-sat/giam-sat/{sup.pk}/bao-cao.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    rec = sup.recommendations.first()
    docx = client.get(f"/giam-sat/kien-nghi/{rec.pk}/van-ban.docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert client.get(f"/giam-sat/kien-nghi/{rec.pk}/van-ban.exe").status_code == 404


def test_the_demo_shows_the_must_show_scenarios():
    hk = current_unit("00070")
    sup = Supervision.objects.get(
        title="Giám sát việc giải quyết thủ tục hành chính tại Bộ phận Một cửa phường"
    )
    recs = list(sup.recommendations.order_by("id"))
    assert len(recs) == 3
    assert sum(r.answered_late for r in recs) == 1
    assert [r.state for r in recs].count("escalated") == 1
    session = CriticismSession.objects.get(unit=hk)
    assert services.criticism_counts(session)["taken_up"] == 2 and session.comments.count() == 5
    warnings = [w for d in Dialogue.objects.filter(unit=hk) for w in services.dialogue_warnings(d)]
    assert any("Quá 10 ngày chưa công khai kết quả" in w for w in warnings)
    assert any("Thông báo trước 5 ngày" in w for w in warnings)
    board = Board.objects.get(unit=hk, kind="inspection")
    assert "Ban có 4 thành viên" in services.board_warnings(board)[0]
    late = evaluate(
        "oversight.recommendations_answered_late", unit=hk, start=days_ago(365), end=today()
    )
    assert late.value >= 1
    assert Recommendation.objects.filter(unit=hk, overdue_flagged_on__isnull=False).exists()


def test_publishing_dialogue_results_clears_the_10_day_warning_once(commune, officer, client):
    held = days_ago(15)
    d = Dialogue.objects.create(unit=commune, level="commune", title="Đối thoại về chợ dân sinh", chair="Chủ tịch",
                                held_on=held, place="Nhà văn hóa", notice_published_on=held - dt.timedelta(days=8))  # fmt: skip
    assert any("Quá 10 ngày" in w for w in services.dialogue_warnings(d))
    client.force_login(officer)
    bad = client.post(
        f"/giam-sat/doi-thoai/{d.pk}/cong-khai/",
        {"results": "ngắn", "published_on": "x"},
        follow=True,
    )
    assert "Chưa ghi được" in bad.content.decode()
    form = {
        "results": "Đã trả lời 6 ý kiến; giao UBND sắp xếp lại chợ.",
        "published_on": days_ago(2).isoformat(),
    }
    client.post(f"/giam-sat/doi-thoai/{d.pk}/cong-khai/", form)
    client.post(
        f"/giam-sat/doi-thoai/{d.pk}/cong-khai/", {**form, "published_on": days_ago(0).isoformat()}
    )
    d.refresh_from_db()
    assert d.results_published_on == days_ago(2)  # the second submit changed nothing
    assert any("quá hạn 10 ngày" in w for w in services.dialogue_warnings(d))  # published on day 13
    c = d.commitments.create(content="Sắp xếp lại chợ", owner="UBND phường", due_on=days_ago(-10))
    client.post(f"/giam-sat/doi-thoai/cam-ket/{c.pk}/", {"done_on": days_ago(1).isoformat()})
    c.refresh_from_db()
    assert c.done_on == days_ago(1)
