"""Demo data of the movement app (``danvan demo``; idempotent: a second run adds nothing).

The practices the city's six-month review names, with their real holders; a ward scenario (a
residential group's practice launched and recognized by the ward, recognized by the city,
replicated by another ward); a contest with three rounds, six teams and three judges; Ba Vì's
mountain communes with self-managed groups, prestigious persons and the three economic models,
and the review's figure of 62 million đồng per person per year with its source; Ring Road 4
segments through Hà Nội communes with progress snapshots. Figures other than the review's are
illustrative demo values."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from danvan.accounts.models import Role, User
from danvan.accounts.services import grant_role
from danvan.movement import contest as contests
from danvan.movement.models import (
    Commendation,
    CommendationKind,
    CommuneFigure,
    Contest,
    ContestPart,
    ContestRound,
    EconomicModel,
    Field,
    GroupTask,
    HolderKind,
    Level,
    Origin,
    PersonRole,
    PersonSupport,
    Practice,
    PracticeState,
    PrestigiousPerson,
    Project,
    Recognition,
    RoundJudge,
    Segment,
    SelfManagedGroup,
    Snapshot,
    SupportKind,
    Team,
)
from danvan.movement.services import search_text
from danvan.units.models import Unit, UnitKind
from danvan.units.services import current_unit
from danvan.workflow import create, transition

MARK = "DVK-DEMO-001"
REVIEW = (
    "Báo cáo sơ kết 6 tháng công tác dân vận của Thành ủy Hà Nội (số liệu bình quân 7 xã miền "
    "núi huyện Ba Vì)"
)


def _old(code: str, kind: str) -> Unit:
    return Unit.objects.get(
        code=code, kind=kind, valid_to__isnull=False, path__startswith=_hanoi_path()
    )


def _hanoi_path() -> str:
    return current_unit("01").path


def _village(commune: Unit, name: str, code: str) -> Unit:
    unit = Unit.objects.filter(parent=commune, name=name).first()
    if unit is None:
        unit = Unit.objects.create(
            parent=commune,
            name=name,
            code=code,
            kind=UnitKind.VILLAGE,
            division_type="thôn" if name.startswith("Thôn") else "tổ dân phố",
            valid_from=dt.date(2025, 7, 1),
        )
    return unit


def _user(username: str, full_name: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "position": "Thành viên Ban giám khảo",
            "password": make_password(None),
        },
    )
    if created:
        grant_role(user, Role.JUDGE, current_unit("01"))
    return user


def _practice(code, name, unit, level, field, holder_kind, holder, day, *, origin=Origin.NEW,
              state=PracticeState.REGISTERED, recognized="", replicates=None, summary="",
              by=None) -> Practice:  # fmt: skip
    practice = Practice(
        code=code,
        name=name,
        unit=unit,
        level=level,
        field=field,
        holder_kind=holder_kind,
        holder_name=holder,
        registered_on=day,
        year=day.year,
        origin=origin,
        replicates=replicates,
        summary=summary,
        recognized_level=recognized,
        replicable=True,
        search=search_text(name, holder),
        created_by=by,
    )
    create(practice, "register", by=by, system="movement:demo")
    if recognized:
        authority = current_unit("01") if recognized == Level.CITY else unit
        Recognition.objects.create(
            practice=practice, level=recognized, authority=authority,
            decided_on=dt.date(day.year, 9, 30),
        )  # fmt: skip
    if state != PracticeState.REGISTERED:
        Practice.objects.filter(pk=practice.pk).update(state=state)
        practice.state = state
    return practice


def _review_practices(mobilizer_city) -> dict:
    hanoi = current_unit("01")
    police = "Công an thành phố Hà Nội"
    rows = [
        ("DVK-DEMO-001", "Cổng trường an toàn văn minh", Field.DEFENCE_SECURITY, police),
        ("DVK-DEMO-002", "Bóng đèn an ninh", Field.DEFENCE_SECURITY, police),
        ("DVK-DEMO-003", "Vì môi trường mạng xã hội bình yên", Field.DIGITAL, police),
    ]
    made = {}
    for code, name, field, holder in rows:
        made[code] = _practice(
            code, name, hanoi, Level.AGENCY, field, HolderKind.ORGANIZATION, holder,
            dt.date(2024, 3, 20), state=PracticeState.RECOGNIZED, recognized=Level.CITY,
            summary="Mô hình của lực lượng Công an Thủ đô được nêu trong báo cáo sơ kết 6 tháng.",
        )  # fmt: skip
    made["cienco"] = _practice(
        "DVK-DEMO-004",
        "Dân vận khéo trong vận động nhân dân bàn giao mặt bằng để thi công công trình",
        hanoi, Level.AGENCY, Field.SITE_CLEARANCE, HolderKind.ORGANIZATION,
        "Đảng ủy Tổng công ty Xây dựng công trình giao thông 4 (Cienco 4)", dt.date(2024, 4, 2),
        state=PracticeState.LAUNCHED,
    )  # fmt: skip
    for code, district, name in [
        ("DVK-DEMO-005", "021", "Hàng cây đại đoàn kết"),
        ("DVK-DEMO-006", "268", "Vận động nhân dân xóa điểm tập kết rác, xây dựng vườn hoa, sân chơi"),
        ("DVK-DEMO-007", "008", "Vận động nhân dân xóa điểm tập kết rác, xây dựng vườn hoa, sân chơi"),
    ]:  # fmt: skip
        unit = _old(district, UnitKind.DISTRICT)
        made[code] = _practice(
            code, name, unit, Level.DISTRICT, Field.ENVIRONMENT, HolderKind.UNIT, unit.name,
            dt.date(2024, 2, 26), state=PracticeState.RECOGNIZED, recognized=Level.DISTRICT,
        )  # fmt: skip
    # Hoàng Mai copied Hà Đông's practice.
    Practice.objects.filter(pk=made["DVK-DEMO-007"].pk).update(
        replicates=made["DVK-DEMO-006"], origin=Origin.REPLICATED
    )
    Commendation.objects.create(
        practice=made["DVK-DEMO-001"],
        kind=CommendationKind.CERTIFICATE_OF_MERIT,
        given_by="Ban Thường vụ Thành ủy Hà Nội",
        given_on=dt.date(2024, 10, 15),
    )
    return made


def _ward_scenario(mobilizer_ward, mobilizer_city) -> None:
    """A residential group's practice: launched, evaluated and recognized by the ward, then by
    the city; Phường Cửa Nam replicates it."""
    ward = current_unit("00070")
    group = _village(ward, "Tổ dân phố số 5", "00070-005")
    practice = _practice(
        "DVK-DEMO-010",
        "Phố cổ văn minh, không rác thải nhựa",
        group,
        Level.VILLAGE,
        Field.NEW_RURAL,
        HolderKind.UNIT,
        "Tổ dân phố số 5, phường Hoàn Kiếm",
        dt.date(2026, 1, 12),
        by=mobilizer_ward,
        summary="Các hộ kinh doanh trên phố cam kết không dùng túi ni lông, phân loại rác tại nguồn.",
    )
    for action, by in [
        ("launch", mobilizer_ward),
        ("evaluate", mobilizer_ward),
        ("recognize_commune", mobilizer_ward),
        ("recognize_city", mobilizer_city),
    ]:
        practice = transition(
            practice, action, by=by, expected_version=practice.version,
            decided_on=dt.date(2026, 3, 2) if action == "recognize_commune" else dt.date(2026, 5, 20),
        )  # fmt: skip
    copy = _practice(
        "DVK-DEMO-011",
        "Phố văn minh, không rác thải nhựa",
        current_unit("00073"),
        Level.COMMUNE,
        Field.NEW_RURAL,
        HolderKind.UNIT,
        "Phường Cửa Nam",
        dt.date(2026, 6, 1),
        origin=Origin.REPLICATED,
        replicates=practice,
    )
    _practice(
        "DVK-DEMO-012",
        "Dân vận khéo trong thực hiện thủ tục hành chính không chờ",
        ward,
        Level.COMMUNE,
        Field.DIGITAL,
        HolderKind.ORGANIZATION,
        "Trung tâm phục vụ hành chính công phường Hoàn Kiếm",
        dt.date(2026, 2, 3),
        by=mobilizer_ward,
    )
    return copy


def _contest(judge) -> None:
    hanoi = current_unit("01")
    contest = Contest.objects.create(
        name="Hội thi “Dân vận khéo” thành phố Hà Nội năm 2026 (dữ liệu mẫu)",
        year=2026,
        plan_ref="Theo mẫu Kế hoạch 48-KH/BDVTU ngày 08/03/2024 của Ban Dân vận Thành ủy",
        unit=hanoi,
        held_on=dt.date(2026, 9, 10),
        tie_rule=["skit", "situation"],
    )
    for order, (code, name, max_points, weight) in enumerate(
        [
            ("greeting", "Chào hỏi", 10, 1),
            ("quiz", "Kiến thức", 30, 1),
            ("situation", "Xử lý tình huống", 30, 1),
            ("skit", "Tiểu phẩm", 30, 1),
        ]
    ):
        ContestPart.objects.create(
            contest=contest, code=code, name=name, max_points=max_points, weight=weight,
            order=order,
        )  # fmt: skip
    rounds = [
        ContestRound.objects.create(
            contest=contest, name=name, level=level, order=i, held_on=day, advance_count=adv
        )  # fmt: skip
        for i, (name, level, day, adv) in enumerate(
            [
                ("Vòng cơ sở (thôn, tổ dân phố)", Level.VILLAGE, dt.date(2026, 9, 10), 4),
                ("Vòng xã, phường", Level.COMMUNE, dt.date(2026, 9, 24), 2),
                ("Chung khảo thành phố", Level.CITY, dt.date(2026, 10, 15), 0),
            ]
        )
    ]
    ward = current_unit("00070")
    judges = [
        (judge, ward),
        (_user("judge2.hanoi", "Nguyễn Thị Bích"), None),
        (_user("judge3.hanoi", "Lê Quang Vinh"), None),
    ]
    teams_units = ["00070", "00073", "00097", "00190", "00235", "00226"]
    for lot, code in enumerate(teams_units, start=1):
        unit = current_unit(code)
        Team.objects.create(round=rounds[0], name=f"Đội {unit.name}", unit=unit, lot=lot)
    for r in rounds:
        for user, home in judges:
            RoundJudge.objects.create(round=r, user=user, home_unit=home)
    # Round 1 scored by the three judges (judge.hanoi does not score Hoàn Kiếm's team: the
    # judges who may, do), then closed; round 2 waits for the judges.
    base = [Decimal(x) for x in ("8.5", "25", "24", "26")]
    parts = list(contest.parts.all())
    for i, team in enumerate(rounds[0].teams.all()):
        for j, (user, home) in enumerate(judges):
            if home is not None and team.unit.path.startswith(home.path):
                continue
            points = {
                p.code: min(p.max_points, base[k] + Decimal(i % 3) - Decimal(j) / 2)
                for k, p in enumerate(parts)
            }
            contests.enter_scores(rounds[0], team, points, by=user)
    organizer = User.objects.get(username="mobilizer.hanoi")
    contests.close_round(rounds[0], by=organizer, expected_version=rounds[0].version)


def _mountain() -> None:
    bavi = current_unit("09700")
    villages = [
        _village(bavi, name, f"09700-{i:03d}")
        for i, name in enumerate(["Thôn Hợp Nhất", "Thôn Yên Sơn", "Thôn Hợp Sơn"], start=1)
    ]
    tasks = [GroupTask.SECURITY, GroupTask.MEDIATION, GroupTask.HYGIENE, GroupTask.MUTUAL_HELP]
    for i, village in enumerate(villages):
        for k in range(1, 3):
            SelfManagedGroup.objects.create(
                unit=village,
                name=f"Xóm liên gia tự quản số {k}, {village.name.lower()}",
                head_name=["Triệu Văn Sơn", "Bàn Thị Hoa", "Lý Văn Tâm"][i],
                head_phone=f"09123456{i}{k}",
                households=12 + 3 * k + i,
                tasks=tasks[: 2 + k],
                established_on=dt.date(2023, 3, 1 + i),
                mountain=True,
            )
    people = [
        ("Triệu Văn Phúc", 1952, "Dao", PersonRole.ELDER, villages[0]),
        ("Bàn Văn Tiến", 1968, "Dao", PersonRole.VILLAGE_HEAD, villages[1]),
        ("Đinh Thị Nguyệt", 1960, "Mường", PersonRole.RESPECTED, villages[2]),
    ]
    for name, born, group, role, village in people:
        person = PrestigiousPerson.objects.create(
            unit=village, full_name=name, birth_year=born, phone="0987654321",
            ethnic_group=group, role=role, year_approved=2026,
            approved_by="Ủy ban nhân dân thành phố Hà Nội",
        )  # fmt: skip
        PersonSupport.objects.create(
            person=person, kind=SupportKind.VISIT, given_on=dt.date(2026, 1, 20),
            note="Thăm hỏi, tặng quà dịp Tết Nguyên đán",
        )  # fmt: skip
    khanh_thuong = _old("09712", UnitKind.COMMUNE)
    minh_quang = Unit.objects.get(code="09700", name="Xã Minh Quang", valid_to__isnull=False)
    for unit, name, product in [
        (bavi, "Bảo tồn và phát triển cây thuốc nam của đồng bào Dao", "Thuốc nam"),
        (khanh_thuong, "Nuôi ong lấy mật", "Mật ong"),
        (minh_quang, "Sản xuất miến dong", "Miến dong"),
    ]:
        EconomicModel.objects.create(
            unit=unit, name=name, product=product, households=40, year=2024, income_vnd=None
        )
    CommuneFigure.objects.create(
        unit=_old("271", UnitKind.DISTRICT),
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 6, 30),
        income_per_person_vnd=62_000_000,
        mountain=True,
        source=REVIEW,
    )


def _projects(cienco) -> None:
    hanoi = current_unit("01")
    ring4 = Project.objects.create(
        name="Đường Vành đai 4 – Vùng Thủ đô Hà Nội", unit=hanoi, started_on=dt.date(2023, 6, 25)
    )
    for code, old, households, agreed, handed, area, handed_area in [
        ("09022", "Huyện Mê Linh", 1630, 1600, 1580, 1_250_000, 1_210_000),
        ("09784", "Huyện Đan Phượng", 1120, 1105, 1098, 830_000, 815_000),
        ("09832", "Huyện Hoài Đức", 1890, 1850, 1815, 1_400_000, 1_351_000),
        ("10114", "Huyện Thanh Oai", 1470, 1440, 1402, 1_120_000, 1_065_000),
    ]:
        segment = Segment.objects.create(
            project=ring4, unit=current_unit(code), old_district=old, households=households,
            households_agreed=agreed, households_handed_over=handed, area_m2=area,
            area_handed_m2=handed_area, open_disputes=2 if households > handed else 0,
            as_of=dt.date(2026, 6, 30),
        )  # fmt: skip
        for k, day in enumerate(
            [dt.date(2025, 6, 30), dt.date(2025, 12, 31), dt.date(2026, 6, 30)]
        ):
            share = Decimal((k + 1) / 3)
            Snapshot.objects.create(
                segment=segment,
                on=day,
                households_agreed=int(agreed * share),
                households_handed_over=int(handed * share),
                area_handed_m2=(Decimal(handed_area) * share).quantize(Decimal("0.1")),
            )
    cienco.projects.add(ring4)


@transaction.atomic
def load() -> dict:
    from danvan.movement import demo_photos

    if Practice.objects.filter(code=MARK).exists():
        photos = demo_photos.load()  # a demo loaded before the photos existed gets them
        return {"practices": Practice.objects.count(), "skipped": True, "photos": photos}
    ward_officer = User.objects.get(username="mobilizer.hoankiem")
    city_officer = User.objects.get(username="mobilizer.hanoi")
    made = _review_practices(city_officer)
    _ward_scenario(ward_officer, city_officer)
    _contest(User.objects.get(username="judge.hanoi"))
    _mountain()
    _projects(made["cienco"])
    return {
        "practices": Practice.objects.count(),
        "photos": demo_photos.load(),
        "contests": Contest.objects.count(),
        "groups": SelfManagedGroup.objects.count(),
        "segments": Segment.objects.count(),
    }
