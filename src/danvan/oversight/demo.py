"""Demo data (`danvan demo`): a year of Front oversight in Phường Hoàn Kiếm, Xã Ba Vì and the
city, through the same services as the pages (so every record has its timeline). Idempotent:
a record already there (same unit and title) is left alone.

The scenarios the issue asks to show: a supervision with 3 recommendations (one answered late,
one escalated); a criticism session where 2 of 5 comments are taken up; a commune dialogue
whose results were not published within 10 days, and one announced only 5 days ahead; a
People's Inspection Board with 4 members. A Women's Union officer of the city (`phunu.hanoi`)
sees her organization's supervisions across the city.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from danvan.accounts.models import Organization, OrganizationKind, Role, RoleGrant, User
from danvan.audit.services import record
from danvan.oversight import services, signatures
from danvan.oversight.jobs import send_reminders
from danvan.oversight.models import (
    Board,
    BoardMember,
    CriticismComment,
    CriticismSession,
    Dialogue,
    DialogueCommitment,
    DialogueQuestion,
    Disclosure,
    Supervision,
)
from danvan.oversight.services import RecommendationInput, SupervisionInput
from danvan.oversight.states import (
    BoardKind,
    CommentResponse,
    CriticismForm,
    DisclosureForm,
    SubjectKind,
    SupervisionForm,
)
from danvan.signing import services as signing
from danvan.signing.demo import DEMO_PIN, P12_PASSWORD
from danvan.units.services import current_unit
from danvan.workflow import transition

HANOI, HOAN_KIEM, BA_VI = "01", "00070", "09700"
WOMEN_CITY = "Hội Liên hiệp Phụ nữ thành phố Hà Nội"


def _days(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def _org(unit, kind, name=None):
    if name:
        return Organization.objects.get_or_create(unit=unit, kind=kind, name=name)[0]
    return Organization.objects.filter(unit=unit, kind=kind).first()


def _women_officer(city) -> User:
    org = _org(city, OrganizationKind.WOMENS_UNION, WOMEN_CITY)
    user, created = User.objects.get_or_create(
        username="phunu.hanoi",
        defaults={"full_name": "Đỗ Thị Mai", "position": "Cán bộ Hội LHPN thành phố"},
    )
    if created:
        user.set_password("demo12345")
        user.save()
    RoleGrant.objects.get_or_create(
        user=user, role=Role.FRONT_OFFICER, unit=city, defaults={"organization": org}
    )
    return user


def _step(obj, action, by, **data):
    return transition(obj, action, by=by, expected_version=obj.version, **data)


def _supervision(spec: dict, unit, by):
    """spec: title, subject, org, form, planned (days ago), done (bool), recs [(addressee,
    content, sent days ago, due days ago (negative: ahead), answer (days ago) or None, what)]"""
    found = Supervision.objects.filter(unit=unit, title=spec["title"]).first()
    if found:
        return found, False
    planned = _days(spec["planned"])
    sup = services.plan_supervision(
        SupervisionInput(
            organizer=spec["org"],
            form=spec.get("form", SupervisionForm.TEAM),
            subject_kind=spec.get("subject_kind", SubjectKind.BODY),
            subject=spec["subject"],
            title=spec["title"],
            planned_on=planned,
            content=spec.get("content", ""),
            members=spec.get(
                "members", "Đại diện Ban Thường trực Ủy ban MTTQ; đại diện các đoàn thể"
            ),
            board=spec.get("board"),
        ),
        unit=unit,
        by=by,
    )
    if not spec.get("done", True) or planned > timezone.localdate():
        return sup, True
    sup = _step(sup, "notify", by, notified_on=planned - dt.timedelta(days=spec.get("notice", 16)))
    sup = _step(sup, "conduct", by, started_on=planned, ended_on=planned + dt.timedelta(days=1))
    sup = _step(
        sup,
        "report",
        by,
        findings=spec.get(
            "findings", "Đã kiểm tra hồ sơ, sổ sách; còn một số tồn tại cần khắc phục."
        ),
        reported_on=planned + dt.timedelta(days=8),
    )
    for rec in spec.get("recs", []):
        _recommendation(sup, by, *rec)
    sup.refresh_from_db()
    if spec.get("close") and sup.state in ("recommended", "reported"):
        sup = _step(sup, "close", by)
    return sup, True


def _recommendation(sup, by, addressee, content, sent, due, answered, what=""):
    rec = services.add_recommendation(
        sup,
        RecommendationInput(
            addressee=addressee, content=content, sent_on=_days(sent), due_on=_days(due)
        ),
        by=by,
    )
    if what == "escalate":
        rec = _step(
            rec,
            "escalate",
            by,
            reason="Quá hạn nhưng chưa có trả lời dù đã đôn đốc",
            escalated_to="Ủy ban nhân dân thành phố Hà Nội",
            due_on=_days(-20),
        )
    if answered is not None:
        rec = _step(
            rec,
            "answer",
            by,
            answer="Đã tiếp thu, chỉ đạo các bộ phận khắc phục và báo cáo kết quả.",
            answered_on=_days(answered),
            answer_document=f"Văn bản số {100 + rec.pk}/UBND-VP",
        )
        if what == "resolve":
            rec = _step(rec, "resolve", by)
        elif what == "unresolve":
            rec = _step(rec, "unresolve", by, reason="Mới trả lời, chưa khắc phục trên thực tế")
    return rec


def _hoankiem(unit, by) -> int:
    front = _org(unit, OrganizationKind.FATHERLAND_FRONT)
    women = _org(unit, OrganizationKind.WOMENS_UNION)
    youth = _org(unit, OrganizationKind.YOUTH_UNION)
    board = _board(
        unit, BoardKind.INSPECTION, "Ban Thanh tra nhân dân phường Hoàn Kiếm", "",
        ["Trần Văn Bình|head|TDP số 1", "Lê Thị Hoa|deputy|TDP số 3", "Nguyễn Văn Tư|member|TDP số 5",
         "Phạm Thị Thu|member|TDP số 7"],
    )  # fmt: skip
    _board(
        unit, BoardKind.INVESTMENT, "Ban Giám sát đầu tư của cộng đồng công trình cải tạo hè phố Hàng Bài",
        "Cải tạo hè phố Hàng Bài, vốn ngân sách phường",
        ["Vũ Văn Long|head|TDP số 2", "Đặng Thị Nga|deputy|TDP số 2", "Hoàng Văn Sơn|member|TDP số 4",
         "Bùi Thị Yến|member|TDP số 4", "Ngô Văn Hải|member|TDP số 6", "Trịnh Thị Loan|member|TDP số 6"],
    )  # fmt: skip
    specs = [
        {
            "title": "Giám sát việc giải quyết thủ tục hành chính tại Bộ phận Một cửa phường",
            "subject": "Ủy ban nhân dân phường Hoàn Kiếm", "org": front, "planned": 75,
            "findings": "Quý III có 14 hồ sơ trễ hạn, 6 hồ sơ chưa có phiếu xin lỗi; niêm yết thủ tục chưa cập nhật.",
            "recs": [
                ("Ủy ban nhân dân phường Hoàn Kiếm", "Gửi phiếu xin lỗi và hẹn lại cho 6 hồ sơ trễ hạn.", 65, 50, 55, "resolve"),
                ("Ủy ban nhân dân phường Hoàn Kiếm", "Cập nhật niêm yết thủ tục hành chính theo danh mục mới.", 65, 50, 40, "unresolve"),
                ("Công an phường Hoàn Kiếm", "Rút ngắn thời gian xác nhận cư trú cho hồ sơ liên thông.", 65, 50, None, "escalate"),
            ],
        },
        {
            "title": "Giám sát thực hiện chính sách trợ giúp xã hội năm 2026",
            "subject": "Ủy ban nhân dân phường Hoàn Kiếm", "subject_kind": SubjectKind.POLICY,
            "org": women, "planned": 40,
            "recs": [("Ủy ban nhân dân phường Hoàn Kiếm", "Rà soát lại danh sách hộ cận nghèo ở TDP số 4.", 30, 12, None, "")],
        },
        {
            "title": "Giám sát thu, chi quỹ vì người nghèo qua Ban Thanh tra nhân dân",
            "subject": "Ban Vận động quỹ phường", "org": front, "planned": 150,
            "form": SupervisionForm.BOARD, "board": board, "notice": 4,
            "recs": [("Ủy ban nhân dân phường Hoàn Kiếm", "Công khai chi tiết các khoản chi quỹ quý II.", 140, 125, 126, "resolve")],
            "close": True,
        },
        {
            "title": "Giám sát trật tự đô thị, lấn chiếm vỉa hè phố Hàng Bông",
            "subject": "Đội Quản lý trật tự đô thị phường", "org": youth, "planned": 230,
            "recs": [("Ủy ban nhân dân phường Hoàn Kiếm", "Xử lý dứt điểm 9 điểm lấn chiếm đã chỉ ra.", 220, 200, 190, "resolve")],
            "close": True,
        },
        {
            "title": "Giám sát công tác tiếp công dân, giải quyết đơn thư quý IV",
            "subject": "Chủ tịch Ủy ban nhân dân phường", "subject_kind": SubjectKind.PERSON,
            "org": front, "planned": -20, "done": False,
        },
        {
            "title": "Giám sát việc thu phí, lệ phí tại phường",
            "subject": "Ủy ban nhân dân phường Hoàn Kiếm", "org": front, "planned": 5,
            "form": SupervisionForm.DOCUMENTS, "done": False,
        },
    ]  # fmt: skip
    made = sum(_supervision(s, unit, by)[1] for s in specs)
    _criticism(unit, by)
    _dialogues_commune(unit, by)
    _disclosures(unit, by)
    return made


def _board(unit, kind, name, project, members):
    board, created = Board.objects.get_or_create(
        unit=unit, kind=kind, name=name,
        defaults={"project": project, "term_start": dt.date(2024, 1, 1), "term_end": dt.date(2029, 6, 30)},
    )  # fmt: skip
    if created:
        for line in members:
            full_name, position, village = line.split("|")
            BoardMember.objects.create(
                board=board, full_name=full_name, position=position, village=village,
                term_start=board.term_start, term_end=board.term_end,
            )  # fmt: skip
        record("oversight.board.created", unit=unit, obj=board, data={"name": name})
    return board


def _criticism(unit, by) -> None:
    title = "Dự thảo Quy chế thực hiện dân chủ ở cơ sở phường Hoàn Kiếm"
    if CriticismSession.objects.filter(unit=unit, draft_title=title).exists():
        return
    session = CriticismSession.objects.create(
        unit=unit, level="commune", draft_title=title, drafting_body="Văn phòng HĐND và UBND phường",
        received_on=_days(60), comments_due_on=_days(45), form=CriticismForm.CONFERENCE, held_on=_days(50),
        final_document="Quyết định số 45/QĐ-UBND", changes="Bổ sung hình thức công khai qua mạng xã hội; sửa thời hạn niêm yết.",
    )  # fmt: skip
    rows = [
        ("Bà Nguyễn Thị Hạnh, Chi hội Phụ nữ TDP số 2", "Bổ sung công khai qua nhóm Zalo của tổ dân phố.", CommentResponse.TAKEN_UP, ""),
        ("Ông Lê Văn Khải, Hội Cựu chiến binh", "Niêm yết tối thiểu 30 ngày liên tục như Điều 13.", CommentResponse.TAKEN_UP, ""),
        ("Ông Trần Minh Đức, TDP số 5", "Họp tổ dân phố mỗi tháng một lần.", CommentResponse.PARTLY, "Quy định họp định kỳ hằng quý, họp bất thường khi cần."),
        ("Bà Phạm Thu Trang, Đoàn Thanh niên", "Lấy ý kiến trực tuyến cho mọi nội dung.", CommentResponse.NOT_TAKEN, "Điều 17 và Nghị định 59/2023 chỉ cho biểu quyết trực tuyến với nội dung khác theo Điều 15(6)."),
        ("Ông Vũ Đình Hòa, TDP số 7", "Thành lập tổ giám sát riêng cho từng dự án nhỏ.", CommentResponse.NOT_TAKEN, "Đã có Ban Giám sát đầu tư của cộng đồng theo Điều 41."),
    ]  # fmt: skip
    for author, content, response, reason in rows:
        CriticismComment.objects.create(
            session=session,
            author=author,
            content=content,
            response=response,
            response_reason=reason,
        )
    record("oversight.criticism.created", unit=unit, obj=session, data={"draft": title})


def _dialogue(
    unit, level, title, chair, held, notice, results, *, citizens=80, questions=(), commitments=()
):
    if Dialogue.objects.filter(unit=unit, title=title).exists():
        return
    d = Dialogue.objects.create(
        unit=unit, level=level, title=title, chair=chair, held_on=_days(held), place="Hội trường Ủy ban nhân dân",
        notice_published_on=_days(notice) if notice is not None else None,
        participants="Lãnh đạo Đảng ủy, HĐND, UBND, Ủy ban MTTQ; đại diện các tổ dân phố",
        citizens=citizens, results="Đã trả lời trực tiếp các ý kiến; giao các bộ phận giải quyết kiến nghị còn lại." if results is not None else "",
        results_published_on=_days(results) if results is not None else None,
    )  # fmt: skip
    for who, topic, answer in questions:
        DialogueQuestion.objects.create(
            dialogue=d, asked_by=who, topic=topic, answer=answer, answered_by=chair
        )
    for content, owner, due, done, *progress in commitments:
        DialogueCommitment.objects.create(
            dialogue=d,
            content=content,
            owner=owner,
            due_on=_days(due),
            done_on=_days(done) if done is not None else None,
            progress=progress[0] if progress else "",
            progress_on=_days(progress[1]) if progress else None,
        )
    record("oversight.dialogue.created", unit=unit, obj=d, data={"title": title})


def _dialogues_commune(unit, by) -> None:
    _dialogue(
        unit, "commune", "Đối thoại về chỉnh trang đô thị quanh hồ Hoàn Kiếm", "Chủ tịch UBND phường",
        held=30, notice=40, results=None, citizens=120,
        questions=[("Ông Đinh Văn Quý, TDP số 3", "Thời gian thi công lát đá vỉa hè", "Hoàn thành trước Tết Nguyên đán."),
                   ("Bà Lý Thị Mến, TDP số 6", "Chỗ để xe cho hộ kinh doanh", "")],
        commitments=[("Bố trí điểm trông giữ xe tạm phố Đinh Lễ", "Phòng Kinh tế, Hạ tầng và Đô thị", 10, None,
                      "Đã khảo sát vị trí; chờ phê duyệt phương án trông giữ xe.", 5)],
    )  # fmt: skip
    _dialogue(
        unit, "commune", "Đối thoại với hộ kinh doanh phố cổ về phòng cháy, chữa cháy", "Phó Chủ tịch UBND phường",
        held=90, notice=95, results=85, citizens=65,
        questions=[("Ông Hà Minh Tuấn, hộ kinh doanh phố Hàng Đào", "Hỗ trợ lắp bình chữa cháy", "Phường phối hợp cấp 200 bình.")],
        commitments=[("Cấp 200 bình chữa cháy cho hộ kinh doanh", "Công an phường", 60, 62)],
    )  # fmt: skip
    _dialogue(
        unit, "commune", "Đối thoại về thu gom rác thải theo giờ", "Chủ tịch UBND phường",
        held=-12, notice=1, results=None, citizens=None,
    )  # fmt: skip
    _dialogue(
        unit, "commune", "Đối thoại định kỳ 6 tháng đầu năm với Nhân dân", "Chủ tịch UBND phường",
        held=170, notice=180, results=165, citizens=150,
    )  # fmt: skip


def _disclosures(unit, by) -> None:
    year = timezone.localdate().year
    services.ensure_checklist(unit, year)
    today = timezone.localdate()
    for i, d in enumerate(
        Disclosure.objects.filter(unit=unit, year=year, disclosed_on__isnull=True, due_on__lt=today)
    ):
        if i % 4 == 3:
            continue  # left undone: counts as not done
        when = (
            min(d.due_on - dt.timedelta(days=2), today)
            if i % 5
            else d.due_on + dt.timedelta(days=6)
        )
        forms = [DisclosureForm.NOTICE_BOARD, DisclosureForm.WEBSITE, DisclosureForm.LOUDSPEAKER]
        services.record_disclosure(
            d,
            disclosed_on=min(when, today),
            form=forms[i % 3],
            document=f"Thông báo số {20 + i}/TB-UBND",
            by=by,
        )


def _city(city, by, women_by) -> int:
    front = _org(city, OrganizationKind.FATHERLAND_FRONT)
    women = _org(city, OrganizationKind.WOMENS_UNION, WOMEN_CITY)
    specs = [
        {
            "title": "Giám sát thực hiện Dự án đường Vành đai 4 - Vùng Thủ đô: bồi thường, tái định cư",
            "subject": "Ủy ban nhân dân thành phố Hà Nội", "subject_kind": SubjectKind.POLICY, "org": front, "planned": 120,
            "recs": [("Sở Nông nghiệp và Môi trường Hà Nội", "Đẩy nhanh bàn giao đất tái định cư cho 37 hộ.", 105, 75, 70, "resolve"),
                     ("Ủy ban nhân dân thành phố Hà Nội", "Công khai phương án bồi thường tại từng xã.", 105, 75, 60, "unresolve")],
        },
        {
            "title": "Giám sát thực hiện chính sách bảo hiểm y tế cho người cao tuổi",
            "subject": "Bảo hiểm xã hội thành phố Hà Nội", "subject_kind": SubjectKind.POLICY, "org": front, "planned": 60,
            "form": SupervisionForm.JOINT,
            "recs": [("Bảo hiểm xã hội thành phố Hà Nội", "Cấp thẻ cho 1.240 người cao tuổi chưa có thẻ.", 45, 15, None, "")],
        },
    ]  # fmt: skip
    made = sum(_supervision(s, city, by)[1] for s in specs)
    women_specs = [
        {
            "title": "Giám sát phòng, chống bạo lực gia đình trên địa bàn thành phố",
            "subject": "Sở Văn hóa và Thể thao Hà Nội", "subject_kind": SubjectKind.POLICY, "org": women, "planned": 90,
            "recs": [("Sở Văn hóa và Thể thao Hà Nội", "Bố trí địa chỉ tin cậy ở mỗi xã, phường.", 80, 50, 48, "resolve")],
        },
    ]  # fmt: skip
    made += sum(_supervision(s, city, women_by)[1] for s in women_specs)
    _dialogue(city, "city", "Hội nghị đối thoại của Chủ tịch UBND thành phố với Nhân dân", "Chủ tịch UBND thành phố Hà Nội",
              held=100, notice=110, results=95, citizens=300)  # fmt: skip
    return made


def _bavi(unit, by) -> int:
    front = _org(unit, OrganizationKind.FATHERLAND_FRONT)
    farmers = _org(unit, OrganizationKind.FARMERS)
    _board(unit, BoardKind.INSPECTION, "Ban Thanh tra nhân dân xã Ba Vì", "",
           [f"{n}|{p}|Thôn {v}" for n, p, v in [("Bàn Văn Sơn", "head", "Hợp Nhất"), ("Triệu Thị Hương", "deputy", "Yên Sơn"),
            ("Lý Văn Minh", "member", "Hợp Sơn"), ("Bàn Thị Lan", "member", "Hợp Nhất"), ("Đặng Văn Thắng", "member", "Yên Sơn")]])  # fmt: skip
    specs = [
        {
            "title": "Giám sát hỗ trợ phát triển sản xuất cho đồng bào Dao",
            "subject": "Ủy ban nhân dân xã Ba Vì", "subject_kind": SubjectKind.POLICY, "org": front, "planned": 100,
            "recs": [("Ủy ban nhân dân xã Ba Vì", "Cấp giống cây dược liệu đúng thời vụ cho 45 hộ.", 90, 60, 58, "resolve")],
            "close": True,
        },
        {
            "title": "Giám sát cấp giấy chứng nhận quyền sử dụng đất nông nghiệp",
            "subject": "Ủy ban nhân dân xã Ba Vì", "org": farmers, "planned": 45,
            "recs": [("Ủy ban nhân dân xã Ba Vì", "Giải quyết 23 hồ sơ tồn đọng.", 35, 5, None, "")],
        },
    ]  # fmt: skip
    made = sum(_supervision(s, unit, by)[1] for s in specs)
    _dialogue(unit, "commune", "Đối thoại về bảo vệ rừng và du lịch cộng đồng", "Chủ tịch UBND xã Ba Vì",
              held=50, notice=60, results=45, citizens=90)  # fmt: skip
    return made


@transaction.atomic
def load() -> dict:
    city, ward, commune = current_unit(HANOI), current_unit(HOAN_KIEM), current_unit(BA_VI)
    city_by = User.objects.get(username="front.hanoi")
    ward_by = User.objects.get(username="front.hoankiem")
    women_by = _women_officer(city)
    made = _hoankiem(ward, ward_by) + _city(city, city_by, women_by) + _bavi(commune, city_by)
    flagged = send_reminders()
    signed = _signed_documents(ward, ward_by)
    imported = _import_job(ward, ward_by)
    return {"supervisions": made, "reminded": flagged, "total": Supervision.objects.count(),
            "signed": signed, "import_jobs": imported}  # fmt: skip


DEMO_IMPORT = "so-theo-doi-giam-sat-2025.xlsx"


def _import_job(unit, by) -> int:
    """An import of last year's book with two mistakes: the job page lists them by sheet, row
    and column, and nothing of the file is written."""
    from danvan.jobs import imports as job_imports
    from danvan.jobs import services as jobs
    from danvan.oversight import importer

    if jobs.mine(by).filter(kind=importer.JOB_KIND).exists():
        return 0
    year = timezone.localdate().year - 1
    data = importer.workbook({
        "oversight.supervisions": [
            [unit.code, "Ủy ban MTTQ", "Tổ chức đoàn giám sát", "Cơ quan, tổ chức", "UBND phường",
             "Giám sát việc thu gom rác thải sinh hoạt", f"05/03/{year}", f"06/03/{year}",
             f"06/03/{year}", "Đoàn 5 người", "Còn 3 điểm tập kết rác tự phát."],
            [unit.code, "Hội Phụ nữ", "Tổ chức đoàn giám sát", "Cơ quan, tổ chức", "UBND phường",
             "Giám sát chi trả trợ cấp xã hội", f"31/02/{year}", "", "", "", ""],
        ],
        "oversight.dialogues": [
            [unit.code, "Đối thoại về an toàn thực phẩm", "Chủ tịch UBND phường", f"12/05/{year}",
             "Hội trường UBND phường", f"20/05/{year}", 60, ""],
        ],
    })  # fmt: skip
    job = job_imports.start(importer.JOB_KIND, owner=by, unit=unit, file=(DEMO_IMPORT, data))
    jobs.run_now(job)
    return 1


HK_SUPERVISION = "Giám sát việc giải quyết thủ tục hành chính tại Bộ phận Một cửa phường"


def _signed_documents(unit, by) -> int:
    """front.hoankiem (Phó Chủ tịch Ủy ban MTTQ phường) holds a TEST CA certificate and the demo
    PIN; the Một cửa supervision's report and its first recommendation letter are signed."""
    sup = Supervision.objects.filter(unit=unit, title=HK_SUPERVISION).first()
    if sup is None or signatures.signed_report(sup) is not None:
        return 0
    ca = signing.ensure_test_ca()
    key, cert = ca.issue_person(by.full_name or by.username, f"Ủy ban MTTQ Việt Nam {unit.name}")
    p12 = ca.export_pkcs12(key, cert, P12_PASSWORD)
    signing.import_pkcs12(by, p12, P12_PASSWORD, "official", by=None)
    signing.set_pin(by, DEMO_PIN)
    signatures.sign_supervision_report(sup, by=by, pin=DEMO_PIN)
    rec = sup.recommendations.order_by("id").first()
    if rec is not None:
        signatures.sign_recommendation_letter(rec, by=by, pin=DEMO_PIN)
    return 1 + (rec is not None)
