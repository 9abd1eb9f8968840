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


# --- each kind of word by its own index, matched once (issue 16) -------------------------------


@pytest.mark.django_db
def test_the_phone_by_its_full_number_or_any_last_digits(hang):
    for query in ("0912345678", "912345678", "345678", "678", "+84 912 345 678"):
        assert hang.code in _found(query), query
    assert hang.code not in _found("0912345679")
    assert hang.code not in _found("1234")  # inside the number, not its end


@pytest.mark.django_db
def test_the_short_code_with_or_without_its_dash(hang):
    day_and_number = hang.code.split("-", 1)[1]  # "261202-0005"
    assert hang.code in _found(day_and_number)
    assert hang.code in _found(day_and_number.replace("-", ""))
    assert hang.code in _found(hang.code.lower())
    assert hang.code not in _found(day_and_number[:-1] + "9" if day_and_number[-1] != "9" else "1")


@pytest.mark.django_db
def test_the_national_id_exactly(hang):
    found = _found(hang.national_id)
    assert hang.code in found
    assert set(Dossier.objects.filter(code__in=found).values_list("national_id", flat=True)) == {
        hang.national_id
    }
    assert hang.code not in _found(hang.national_id[:-1] + "0" if hang.national_id[-1] != "0"
                                   else hang.national_id[:-1] + "1")  # fmt: skip


@pytest.mark.django_db
def test_names_of_short_words_are_matched_as_one_run(hoan_kiem, persona):
    req = full_request(NORMAL)
    req.applicant.name = "Lê Ân"
    le_an = intake.register(req, unit=hoan_kiem, by=persona("clerk.hoankiem"), received=True)
    assert le_an.code in _found("Lê Ân") and le_an.code in _found("le an")
    assert le_an.code not in _found("an le")


@pytest.mark.django_db
def test_more_matches_than_the_cap_are_listed_up_to_it_and_said(hoan_kiem, persona):
    for _ in range(3):
        req = full_request(NORMAL)
        req.applicant.name = "Khổng Minh Khoan"
        intake.register(req, unit=hoan_kiem, by=persona("clerk.hoankiem"), received=True)
    found = search.find(Dossier.objects.all(), "khong khoan", cap=2)
    assert found.capped and len(found.ids) == 2
    assert not search.find(Dossier.objects.all(), "khong khoan", cap=3).capped


@pytest.mark.django_db
def test_the_api_matches_once_not_once_per_segment(hang, api_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_as("clerk.hoankiem")
    with CaptureQueriesContext(connection) as captured:
        body = api.get("/api/v1/dossiers?" + urlencode({"q": "nguyen thi hang"})).json()
    assert hang.code in {row["code"] for row in body["items"]}
    assert body["search_capped"] is False and body["count_exact"] is True
    matched = [
        q["sql"]
        for q in captured.captured_queries
        if '"search_text"::text LIKE' in q["sql"] or '"search_text" LIKE' in q["sql"]
    ]
    assert len(matched) == 1, matched


@pytest.mark.django_db
def test_on_postgresql_each_kind_is_served_by_its_index(hang):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the indexes are PostgreSQL's")
    tail = hang.code.rsplit("-", 1)[1]  # its own, whatever the day's count when the suite runs
    queries = {
        "5678": "dossier_phone_reversed",
        tail: "dossier_code_reversed",
        hang.national_id: "onestop_dossier_national_id",
        "nguyen hang": "onestop_dossier_search_trgm",
        hang.code: "onestop_dossier_code",
    }
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a small table: show the index is usable
        for query, index in queries.items():
            qs = Dossier.objects.filter(pk__in=search.find(Dossier.objects.all(), query).ids)
            plain = Dossier.objects.all()
            code = search._full_code(plain, query)
            if code:
                plain = plain.filter(code=code)
            else:
                plain = plain.annotate(
                    _phone_rev=search.Reverse("phone"), _code_rev=search.Reverse("code")
                ).filter(*search.conditions(query))
            sql, params = plain.values("pk").query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(r[0] for r in cursor.fetchall())
            assert index in plan, (query, plan)
            assert "Seq Scan" not in plan, (query, plan)
            assert hang.code in set(qs.values_list("code", flat=True)), query


@pytest.mark.django_db
def test_a_searchs_places_are_the_lists_order_whichever_way_they_are_computed(hoan_kiem, persona):
    # PostgreSQL reads an unfiltered search's places with one statement compiled once per list
    # (the ids as an array); the ORM's query over the same ids must give the same places.
    from danvan.onestop import lists
    from danvan.onestop.workflow import Status

    clerk = persona("clerk.hoankiem")
    made = []
    for i in range(6):
        req = full_request(NORMAL)
        req.applicant.name = "Khổng Minh Khoan"
        made.append(intake.register(req, unit=hoan_kiem, by=clerk, received=i % 3 != 0))
    Dossier.objects.filter(pk=made[1].pk).update(status=Status.RETURNED)
    ids = search.find(Dossier.objects.all(), "khong khoan").ids
    keyset = lists.DOSSIER_LIST
    unfiltered = Dossier.objects.select_related("unit")
    by_orm = keyset._places(Dossier.objects.filter(pk__gt=0), ids)
    assert keyset._places(unfiltered, ids) == by_orm == keyset._places(unfiltered, ids)
    assert len(by_orm) == 6 and len({segment for _, segment in by_orm}) >= 2
    from django.db import connection

    assert ((Dossier, "default") in keyset._places_sql) == (connection.vendor == "postgresql")
    pages = [keyset.page_of(unfiltered, ids, None, 4), None]
    pages[1] = keyset.page_of(unfiltered, ids, pages[0].next_cursor, 4)
    walked = [d.pk for page in pages for d in page]
    assert walked == [pk for pk, _ in by_orm]
