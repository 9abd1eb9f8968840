"""Demo data: units, organizations of the demo wards, and the personas of SPEC §1."""

from django.db import transaction

from danvan.accounts.models import Organization, OrganizationKind, Role, User
from danvan.accounts.services import grant_role
from danvan.units.models import Unit
from danvan.units.services import current_unit

DEMO_PASSWORD = "demo12345"  # noqa: S105 - printed in the README; embedded mode only

HANOI, HOAN_KIEM, BA_VI = "01", "00070", "09700"

# username, full name, position, [(role, unit code)]
PERSONAS = [
    ("admin", "Quản trị hệ thống", "Quản trị viên", [(Role.ADMIN, HANOI)]),
    ("clerk.hoankiem", "Nguyễn Thị Lan", "Cán bộ một cửa", [(Role.COUNTER_CLERK, HOAN_KIEM)]),
    (
        "specialist.hoankiem",
        "Trần Văn Minh",
        "Chuyên viên Văn phòng HĐND-UBND",
        [(Role.SPECIALIST, HOAN_KIEM)],
    ),
    ("leader.hoankiem", "Phạm Quang Huy", "Phó Chủ tịch UBND phường", [(Role.SIGNER, HOAN_KIEM)]),
    ("seal.hoankiem", "Lê Thị Thu", "Văn thư", [(Role.OFFICE_CLERK, HOAN_KIEM)]),
    (
        "mobilizer.hoankiem",
        "Đỗ Thị Mai",
        "Cán bộ Ban Dân vận phường",
        [(Role.MOBILIZER, HOAN_KIEM)],
    ),
    ("clerk.bavi", "Hoàng Văn Nam", "Cán bộ một cửa", [(Role.COUNTER_CLERK, BA_VI)]),
    ("leader.bavi", "Vũ Đức Thắng", "Chủ tịch UBND xã", [(Role.SIGNER, BA_VI)]),
    (
        "front.hanoi",
        "Bùi Thị Hạnh",
        "Cán bộ Ủy ban MTTQ Việt Nam thành phố",
        [(Role.FRONT_OFFICER, HANOI)],
    ),
    (
        "mobilizer.hanoi",
        "Ngô Văn Hải",
        "Chuyên viên Ban Dân vận Thành ủy",
        [(Role.MOBILIZER, HANOI)],
    ),
    (
        "front.hoankiem",
        "Lương Thị Hồng",
        "Phó Chủ tịch Ủy ban MTTQ Việt Nam phường",
        [(Role.FRONT_OFFICER, HOAN_KIEM)],
    ),
    (
        "judge.hanoi",
        "Trịnh Minh Đức",
        "Thành viên Ban giám khảo Hội thi Dân vận khéo thành phố",
        [(Role.JUDGE, HANOI)],
    ),
    (
        "petitions.hoankiem",
        "Phan Thị Ngọc",
        "Cán bộ tiếp công dân phường",
        [(Role.PETITION_OFFICER, HOAN_KIEM)],
    ),
    (
        "chairman.hoankiem",
        "Nguyễn Đức Thành",
        "Chủ tịch UBND phường",
        [(Role.REPORTER, HOAN_KIEM)],
    ),
    (
        "reporter.hanoi",
        "Đặng Thu Trang",
        "Chuyên viên Văn phòng UBND thành phố",
        [(Role.REPORTER, HANOI)],
    ),
]

ORG_KINDS = [
    (OrganizationKind.PEOPLES_COMMITTEE, "Ủy ban nhân dân {name}"),
    (OrganizationKind.SERVICE_CENTRE, "Trung tâm phục vụ hành chính công {name}"),
    (OrganizationKind.MOBILIZATION_COMMITTEE, "Ban Dân vận Đảng ủy {name}"),
    (OrganizationKind.FATHERLAND_FRONT, "Ủy ban MTTQ Việt Nam {name}"),
    (OrganizationKind.WOMENS_UNION, "Hội Liên hiệp Phụ nữ {name}"),
    (OrganizationKind.YOUTH_UNION, "Đoàn Thanh niên {name}"),
    (OrganizationKind.FARMERS, "Hội Nông dân {name}"),
    (OrganizationKind.VETERANS, "Hội Cựu chiến binh {name}"),
    (OrganizationKind.POLICE, "Công an {name}"),
]


def _organizations(unit: Unit) -> None:
    for kind, pattern in ORG_KINDS:
        Organization.objects.get_or_create(
            unit=unit, kind=kind, name=pattern.format(name=unit.name)
        )


def _city_organizations(unit: Unit) -> None:
    for kind, name in [
        (OrganizationKind.PEOPLES_COMMITTEE, "Ủy ban nhân dân thành phố Hà Nội"),
        (OrganizationKind.MOBILIZATION_COMMITTEE, "Ban Dân vận Thành ủy Hà Nội"),
        (OrganizationKind.FATHERLAND_FRONT, "Ủy ban MTTQ Việt Nam thành phố Hà Nội"),
    ]:
        Organization.objects.get_or_create(unit=unit, kind=kind, name=name)


def _persona(username, full_name, position, grants) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "position": position}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = username == "admin"
        user.is_superuser = username == "admin"
        user.save()
    for role, code in grants:
        if not user.grants.filter(role=role, unit__code=code).exists():
            grant_role(user, role, current_unit(code))
    return user


@transaction.atomic
def load_people() -> dict:
    hanoi = current_unit(HANOI)
    _city_organizations(hanoi)
    for code in (HOAN_KIEM, BA_VI):
        _organizations(current_unit(code))
    users = [_persona(*p) for p in PERSONAS]
    return {"personas": len(users), "organizations": Organization.objects.count()}
