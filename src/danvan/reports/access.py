"""Who may read a unit's reports: the reporting roles on the unit (or an ancestor)."""

import datetime as dt

from django.db.models import Q

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.core.errors import Invalid
from danvan.units.models import Unit
from danvan.units.services import unit_by_code

READERS = (Role.REPORTER, Role.MOBILIZER, Role.FRONT_OFFICER, Role.SIGNER, Role.ADMIN)
ENTERERS = (Role.REPORTER, Role.ADMIN)


def require_reader(user, unit: Unit) -> None:
    scope.require_role(user, *READERS)
    scope.require_unit(user, unit, READERS, hide=False)


def require_enterer(user, unit: Unit) -> None:
    scope.require_role(user, *ENTERERS)
    scope.require_unit(user, unit, ENTERERS, hide=False)


def default_unit(user) -> Unit | None:
    homes = [u for u in scope.home_units(user) if scope.covers(user, u, READERS)]
    return homes[0] if homes else None


def unit_from_code(code: str, day: dt.date) -> Unit:
    """A unit code as it was on `day` (codes were reused by the 2025 reform)."""
    if not code or len(code) > 20:
        raise Invalid(
            "report.unit_required", "Cần chọn đơn vị (mã đơn vị).", fields={"unit": "Bắt buộc."}
        )
    return unit_by_code(code, day)


def picker_units(user) -> list[Unit]:
    """The units the user may report on: province, pre-2025 districts and communes, communes."""
    qs = scope.visible_units(user, READERS).filter(kind__in=["province", "district", "commune"])
    return list(
        qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=dt.date(2024, 1, 1))).order_by("path")
    )
