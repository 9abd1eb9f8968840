"""Masks for each kind of personal data, and the one rule of who sees it unmasked."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from danvan.accounts.models import Role, User
from danvan.core import privacy
from danvan.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("mask", "value", "masked"),
    [
        (privacy.mask_national_id, "001190012345", "0011•••••345"),
        (privacy.mask_tax_code, "0101234567", "0101•••567"),
        (privacy.mask_tax_code, "0101234567-001", "0101•••••••001"),
        (privacy.mask_id, "12345", "•••45"),
        (privacy.mask_id, "", ""),
        (privacy.mask_phone, "0912345678", "091•••678"),
        (privacy.mask_phone, "+84912345678", "+84•••678"),
        (privacy.mask_phone, "12345", "•••45"),
        (privacy.mask_phone, None, ""),
        (privacy.mask_email, "hang.nguyen@gmail.com", "h•••@gmail.com"),
        (privacy.mask_email, "hang", "•••g"),
        (privacy.mask_address, "Số 12 ngõ 5 Hàng Bông, Phường Hoàn Kiếm, Hà Nội",
         "•••, Phường Hoàn Kiếm, Hà Nội"),
        (privacy.mask_address, "Thôn Đông, Xã Ba Vì", "•••, Xã Ba Vì"),
        (privacy.mask_address, "Số 5 Hàng Bông", "•••"),
        (privacy.mask_address, "", ""),
        (privacy.mask_name, "Nguyễn Thị Hằng", "Nguyễn T. H."),
        (privacy.mask_name, "nguyễn văn an", "nguyễn V. A."),
        (privacy.mask_name, "Hằng", "H."),
    ],
)  # fmt: skip
def test_masks(mask, value, masked):
    assert mask(value) == masked


def test_a_mask_never_shows_more_than_the_ends():
    for value in ("001190012345", "0912345678", "0101234567-001"):
        for mask in (privacy.mask_id, privacy.mask_phone):
            shown = mask(value).replace("•", "")
            assert len(shown) <= 7 and value not in mask(value)


def test_template_filter():
    html = Template('{% load danvan_tags %}{{ p|mask:"phone" }} {{ n|mask }}').render(
        Context({"p": "0912345678", "n": "001190012345"})
    )
    assert html == "091•••678 0011•••••345"


class Case:
    def __init__(self, unit, national_id="001190012345", is_open=True):
        self.unit, self.national_id, self.is_open = unit, national_id, is_open


@pytest.fixture
def purpose():
    return privacy.register_purpose(
        "test.case",
        "Xử lý hồ sơ thử",
        roles=(Role.COUNTER_CLERK, Role.SPECIALIST),
        active=lambda case: case.is_open,
        subject=lambda user, case: user.national_id == case.national_id,
    )


def test_who_may_see_by_role_and_unit_while_open(purpose, persona):
    hoan_kiem = Unit.objects.current().get(code="00070")
    case = Case(hoan_kiem)
    clerk, leader, other = (
        persona("clerk.hoankiem"),
        persona("leader.hoankiem"),
        persona("clerk.bavi"),
    )
    assert privacy.may_see(clerk, "test.case", obj=case)
    assert privacy.may_see(persona("specialist.hoankiem"), "test.case", obj=case)
    assert not privacy.may_see(leader, "test.case", obj=case)  # signs; needs no ID
    assert not privacy.may_see(other, "test.case", obj=case)  # another commune
    assert not privacy.may_see(AnonymousUser(), "test.case", obj=case)
    assert not privacy.may_see(clerk, "test.case", obj=Case(hoan_kiem, is_open=False))
    assert privacy.may_see(clerk, "test.case", unit=hoan_kiem)  # about a unit, no object


def test_the_person_herself_always_sees_her_data(purpose, persona):
    citizen = User.objects.get(username="congdan.hang")
    closed = Case(Unit.objects.current().get(code="09700"), citizen.national_id, is_open=False)
    assert privacy.may_see(citizen, "test.case", obj=closed)
    assert not privacy.may_see(citizen, "test.case", obj=Case(closed.unit, "001077000222"))


def test_reveal_masks_for_everyone_else(purpose, persona):
    case = Case(Unit.objects.current().get(code="00070"))
    reveal = privacy.reveal
    assert (
        reveal("0912345678", "phone", persona("clerk.hoankiem"), "test.case", obj=case)
        == "0912345678"
    )
    assert (
        reveal("0912345678", "phone", persona("leader.hoankiem"), "test.case", obj=case)
        == "091•••678"
    )


def test_a_rule_replaces_the_role_check(persona):
    privacy.register_purpose(
        "test.self_only", "Chỉ người tự xem", rule=lambda user, unit, obj: False
    )
    assert not privacy.may_see(persona("admin"), "test.self_only", obj=Case(None))


def test_an_unregistered_purpose_is_a_programming_error(persona):
    with pytest.raises(LookupError):
        privacy.may_see(persona("admin"), "nobody.registered.this")
