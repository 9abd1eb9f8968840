"""Finding a dossier as a clerk asks for it (issue 16 item 3): code or its tail, the name with
or without diacritics, the national ID, the phone or its last digits; only within scope."""

from urllib.parse import urlencode

import pytest
from django.utils import timezone

from danvan.onestop import intake, search
from danvan.onestop.models import Dossier
from tests.onestop.conftest import NORMAL, full_request


@pytest.fixture
def hang(hoan_kiem, persona):
    req = full_request(NORMAL)
    req.applicant.name = "Nguyễn Thị Hằng"
    req.applicant.phone = "0912345678"
    return intake.register(req, unit=hoan_kiem, by=persona("clerk.hoankiem"), received=True)


def _found(query: str, qs=None) -> set[str]:
    return set(search.matching(qs or Dossier.objects.all(), query).values_list("code", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "Nguyễn Thị Hằng",
        "nguyen thi hang",
        "HANG nguyen",
        "NGUYỄN hằng",
        "+84912345678",
        "0912345678",
        "5678",
    ],
)
def test_name_with_or_without_diacritics_and_phone_find_the_dossier(hang, query):
    assert hang.code in _found(query)


@pytest.mark.django_db
def test_the_code_the_tail_and_the_national_id_find_it(hang):
    tail = hang.code.rsplit("-", 1)[1]
    assert hang.code in _found(hang.code)
    assert hang.code in _found(hang.code.split("-", 1)[1])  # "261202-0005"
    assert hang.code in _found(f"{hang.national_id}")
    assert _found(tail) >= {hang.code}


@pytest.mark.django_db
def test_every_word_must_match_and_short_words_are_ignored(hang):
    assert hang.code not in _found("nguyen thi lan")
    assert search.terms("a b") == []
    assert search.terms("Hằng a") == ["hang"]


@pytest.mark.django_db
def test_changing_the_applicants_phone_updates_what_is_found(hang):
    hang.phone = "0987000111"
    hang.save(update_fields=["phone"])
    assert hang.code in _found("0111") and hang.code not in _found("345678")


@pytest.mark.django_db
def test_the_page_finds_within_the_clerks_ward_only(hang, client_as):
    page = client_as("clerk.hoankiem").get("/mot-cua/tim/", {"q": "nguyen hang"})
    assert page.status_code == 200 and hang.code in page.content.decode()
    other = client_as("clerk.bavi").get("/mot-cua/tim/", {"q": "nguyen hang"})
    assert other.status_code == 200 and hang.code not in other.content.decode()
    short = client_as("clerk.hoankiem").get("/mot-cua/tim/", {"q": "a"})
    assert "quá ngắn" in short.content.decode()


@pytest.mark.django_db
def test_the_api_filters_by_q_and_by_local_days(hang, api_as):
    api = api_as("clerk.hoankiem")
    body = api.get("/api/v1/dossiers?" + urlencode({"q": "hang 5678"})).json()
    assert hang.code in {row["code"] for row in body["items"]}
    body = api.get("/api/v1/dossiers?" + urlencode({"q": "khong co ai ten nay"})).json()
    assert body["items"] == []
    day = timezone.localtime(hang.received_at).date().isoformat()
    body = api.get("/api/v1/dossiers?" + urlencode({"from": day, "to": day, "q": hang.code})).json()
    assert [row["code"] for row in body["items"]] == [hang.code]
