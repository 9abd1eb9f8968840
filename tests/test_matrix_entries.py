"""A matrix entry whose allowed and denied statuses overlap is refused when it is written."""

import pytest

from tests.matrix import OFFICIALS, PUBLIC, Entry


def test_an_entry_whose_ok_and_denied_overlap_is_refused():
    with pytest.raises(ValueError, match=r"\[404\] count as both allowed and denied"):
        Entry("GET", "mot-cua/ho-so/<str:code>/", allow={"clerk.hoankiem"}, ok=(404,))
    with pytest.raises(ValueError, match=r"\[403\]"):
        Entry("POST", "/api/v1/x", allow={"admin"}, ok=(403, 409), denied=(403, 404))


def test_a_success_status_cannot_count_as_denied():
    with pytest.raises(ValueError, match=r"\[200\]"):
        Entry("GET", "x/", allow={"admin"}, denied=(200, 403))


def test_entries_open_to_everyone_deny_nobody_and_others_default_to_403_404():
    assert Entry("GET", "tra-cuu/", allow=PUBLIC, ok=(404,)).denied == ()
    assert Entry("GET", "x/", allow=OFFICIALS, ok=(404,)).denied == ()
    assert Entry("GET", "x/", allow={"admin"}).denied == (403, 404)
    assert Entry("GET", "x/", allow={"admin"}, ok=(404,), denied=(403,)).denied == (403,)
