"""Shared by the oversight tests and the oversight scenario."""

from danvan.accounts.models import Organization, OrganizationKind
from danvan.units.models import Unit, UnitKind

DEMO_CODES = ("00070", "09700")


def quiet_commune() -> Unit:
    """A Hà Nội ward with no demo records, its Front committee and Women's Union."""
    city = Unit.objects.get(code="01", kind=UnitKind.PROVINCE)
    unit = (
        Unit.objects.current()
        .filter(kind=UnitKind.COMMUNE, path__startswith=city.path)
        .exclude(code__in=DEMO_CODES)
        .order_by("code")
        .first()
    )
    for kind, name in ((OrganizationKind.FATHERLAND_FRONT, "Ủy ban MTTQ Việt Nam {}"),
                       (OrganizationKind.WOMENS_UNION, "Hội Liên hiệp Phụ nữ {}")):  # fmt: skip
        Organization.objects.get_or_create(unit=unit, kind=kind, name=name.format(unit.name))
    return unit
