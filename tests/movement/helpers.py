import datetime as dt

from danvan.accounts.models import Role, User
from danvan.accounts.services import grant_role
from danvan.movement import services
from danvan.movement.models import Field, HolderKind, Level, Origin
from danvan.units.models import Unit, UnitKind
from danvan.units.services import current_unit


def village(commune_code: str, name: str) -> Unit:
    commune = current_unit(commune_code)
    unit, _ = Unit.objects.get_or_create(
        parent=commune, name=name,
        defaults={"code": f"{commune_code}-T{abs(hash(name)) % 1000:03d}", "kind": UnitKind.VILLAGE},
    )  # fmt: skip
    return unit


def officer(username: str, unit_code: str, role=Role.MOBILIZER) -> User:
    user = User.objects.create(username=username)
    grant_role(user, role, current_unit(unit_code))
    return user


def register(by, unit, name="Mô hình thử nghiệm", *, day=dt.date(2026, 2, 1), level=Level.COMMUNE,
             origin=Origin.NEW, replicates=None, field=Field.CULTURE_SOCIETY):  # fmt: skip
    return services.register(
        {
            "name": name, "level": level, "field": field, "origin": origin,
            "holder_kind": HolderKind.UNIT, "holder_name": unit.name, "registered_on": day,
            "replicates": replicates,
        },
        unit=unit,
        by=by,
    )  # fmt: skip
