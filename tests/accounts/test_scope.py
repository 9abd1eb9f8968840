import pytest

from danvan.accounts import scope
from danvan.audit.models import AuditEntry
from danvan.units.models import Unit
from danvan.units.services import current_unit


@pytest.mark.django_db
def test_ward_clerk_covers_only_the_ward(persona):
    clerk = persona("clerk.hoankiem")
    assert scope.covers(clerk, current_unit("00070"))
    assert not scope.covers(clerk, current_unit("09700"))
    assert not scope.covers(clerk, current_unit("01"))


@pytest.mark.django_db
def test_city_reporter_covers_every_ward_of_the_city(persona):
    reporter = persona("reporter.hanoi")
    assert scope.covers(reporter, current_unit("00070"))
    assert scope.covers(reporter, current_unit("09700"))
    assert scope.visible_units(reporter).filter(kind="commune").current().count() == 126


@pytest.mark.django_db
def test_scoped_filters_a_queryset_by_unit_subtree(persona):
    clerk = persona("clerk.bavi")
    entries = AuditEntry.objects.filter(unit__isnull=False)
    visible = scope.scoped(entries, clerk)
    assert all(current_unit("09700").contains(e.unit) for e in visible)
    assert visible.count() < entries.count()


@pytest.mark.django_db
def test_require_unit_hides_out_of_scope_units(persona):
    from danvan.core.errors import NotFound

    with pytest.raises(NotFound):
        scope.require_unit(persona("clerk.hoankiem"), current_unit("09700"))


@pytest.mark.django_db
def test_roles_filter_the_scope(persona):
    leader = persona("leader.hoankiem")
    assert scope.covers(leader, current_unit("00070"), roles=["signer"])
    assert not scope.covers(leader, current_unit("00070"), roles=["counter_clerk"])
    assert Unit.objects.filter(scope.unit_q(leader, "", ["counter_clerk"])).count() == 0
