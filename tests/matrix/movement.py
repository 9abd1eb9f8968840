"""Movement pages and API (issue 10): who may use them."""

from tests.matrix import PUBLIC, Entry

ADMIN = {"admin"}
WRITERS = {"mobilizer.hoankiem", "mobilizer.hanoi"} | ADMIN
READERS = WRITERS | {"front.hanoi", "front.hoankiem", "reporter.hanoi", "chairman.hoankiem"}
CITY_READERS = {"mobilizer.hanoi", "front.hanoi", "reporter.hanoi"} | ADMIN
CITY_WRITERS = {"mobilizer.hanoi"} | ADMIN
CONTEST_READERS = WRITERS | {"reporter.hanoi", "chairman.hoankiem"}
ROUND_VIEWERS = {"judge.hanoi", "mobilizer.hanoi", "reporter.hanoi"} | ADMIN
JUDGES = {"judge.hanoi"}

CITY_PRACTICE = "DEMO-PRACTICE-CITY"  # "Cổng trường an toàn văn minh" of the city police
CIENCO = "DEMO-PRACTICE-CIENCO"  # Cienco 4's practice (launched)
OPEN_ROUND = "DEMO-ROUND-OPEN"  # round 2 of the demo contest, judge.hanoi sits on it
CLOSED_ROUND = "DEMO-ROUND-CLOSED"
RING4 = "DEMO-PROJECT-RING4"


def _practice(code):
    def resolve():
        from danvan.movement.models import Practice

        return str(Practice.objects.get(code=code).pk)

    return resolve


def _round(closed: bool):
    def resolve():
        from danvan.movement.models import ContestRound

        return str(
            ContestRound.objects.filter(closed_at__isnull=not closed).order_by("order").first().pk
        )

    return resolve


def _ring4():
    from danvan.movement.models import Project

    return str(Project.objects.get(name__startswith="Đường Vành đai 4").pk)


RESOLVE = {
    CITY_PRACTICE: _practice("DVK-DEMO-001"),
    CIENCO: _practice("DVK-DEMO-004"),
    OPEN_ROUND: _round(False),
    CLOSED_ROUND: _round(True),
    RING4: _ring4,
}

ENTRIES = [
    Entry("GET", "dan-van-kheo/", allow=READERS),
    Entry("GET", "dan-van-kheo/dang-ky/", allow=WRITERS),
    Entry("GET", "dan-van-kheo/xuat.xlsx", allow=READERS),
    Entry("POST", "dan-van-kheo/ra-soat/", allow=WRITERS),
    Entry("GET", "dan-van-kheo/nhap/", allow=WRITERS),
    Entry("GET", "dan-van-kheo/nhap/mau.xlsx", allow=WRITERS),
    Entry(
        "GET", "dan-van-kheo/mo-hinh/<int:pk>/", allow=CITY_READERS, params={"pk": CITY_PRACTICE}
    ),
    Entry(
        "GET",
        "dan-van-kheo/mo-hinh/<int:pk>/sua/",
        allow=CITY_WRITERS,
        params={"pk": CITY_PRACTICE},
    ),  # fmt: skip
    Entry(
        "POST",
        "dan-van-kheo/mo-hinh/<int:pk>/thao-tac/",
        allow=CITY_READERS,
        params={"pk": CITY_PRACTICE},
    ),  # fmt: skip
    Entry(
        "GET",
        "dan-van-kheo/mo-hinh/<int:pk>/nhan-rong/",
        allow=CITY_READERS,
        params={"pk": CITY_PRACTICE},
    ),  # fmt: skip
    Entry("GET", "dan-van-kheo/hoi-thi/", allow=CONTEST_READERS),
    Entry(
        "GET",
        "dan-van-kheo/hoi-thi/vong/<int:round_id>/",
        allow=ROUND_VIEWERS,
        params={"round_id": CLOSED_ROUND},
    ),  # fmt: skip
    Entry("GET", "dan-van-kheo/cham-thi/", allow=JUDGES | ADMIN),
    Entry(
        "GET",
        "dan-van-kheo/cham-thi/<int:round_id>/",
        allow=JUDGES,
        params={"round_id": OPEN_ROUND},
    ),  # fmt: skip
    Entry("GET", "dan-van-kheo/to-tu-quan/", allow=READERS),
    Entry("GET", "dan-van-kheo/nguoi-uy-tin/", allow=READERS),
    Entry("GET", "dan-van-kheo/mien-nui/", allow=READERS),
    Entry("GET", "dan-van-kheo/cong-trinh/", allow=READERS),
    Entry("GET", "dan-van-kheo/cong-trinh/<int:pk>/", allow=CITY_READERS, params={"pk": RING4}),
    Entry("GET", "dan-van-kheo/cong-khai/", allow=PUBLIC),
    # API
    Entry("GET", "/api/v1/movement/practices", allow=READERS),
    Entry(
        "POST",
        "/api/v1/movement/practices",
        allow={"mobilizer.hoankiem", "mobilizer.hanoi", "admin"},
        body={
            "name": "Mô hình kiểm tra phân quyền",
            "unit": "00070",
            "level": "commune",
            "field": "digital",
            "holder_kind": "unit",
            "holder_name": "Phường Hoàn Kiếm",
        },
    ),
    Entry("POST", "/api/v1/movement/practices/import", allow=WRITERS, ok=(422,)),
    Entry(
        "GET",
        "/api/v1/movement/practices/{practice_id}",
        allow=CITY_READERS,
        params={"practice_id": CITY_PRACTICE},
    ),  # fmt: skip
    # A stale version: the officers who may act get 409, the others never reach the table.
    Entry(
        "POST",
        "/api/v1/movement/practices/{practice_id}/transitions",
        allow=CITY_WRITERS,
        params={"practice_id": CIENCO},
        body={"action": "evaluate", "expected_version": 999},
        ok=(409,),
    ),  # fmt: skip
    Entry("GET", "/api/v1/movement/contests", allow=CONTEST_READERS),
    Entry(
        "GET",
        "/api/v1/movement/contests/rounds/{round_id}/scores",
        allow=JUDGES,
        params={"round_id": OPEN_ROUND},
    ),  # fmt: skip
    # No points: the judge gets 422 (nothing to save), the others are no judges of the round.
    Entry(
        "POST",
        "/api/v1/movement/contests/rounds/{round_id}/scores",
        allow=JUDGES,
        params={"round_id": OPEN_ROUND},
        body={"team": 0, "points": {}},
        ok=(404,),
        denied=(403,),
    ),  # fmt: skip
    # Closing an already closed round: the organizers get 409.
    Entry(
        "POST",
        "/api/v1/movement/contests/rounds/{round_id}/close",
        allow=CITY_WRITERS,
        params={"round_id": CLOSED_ROUND},
        body={"expected_version": 0},
        ok=(409,),
    ),  # fmt: skip
    Entry("GET", "/api/v1/movement/self-managed-groups", allow=READERS),
    Entry("GET", "/api/v1/movement/prestigious-persons", allow=READERS),
    Entry("GET", "/api/v1/movement/projects", allow=READERS),
]

ENTRIES += [
    Entry(
        "POST",
        "dan-van-kheo/mo-hinh/<int:pk>/minh-chung/",
        allow=CITY_WRITERS,
        params={"pk": CITY_PRACTICE},
    ),  # fmt: skip
    Entry(
        "GET",
        "dan-van-kheo/mo-hinh/<int:pk>/minh-chung/<int:evidence_id>/",
        allow=set(),
        params={"pk": CITY_PRACTICE, "evidence_id": 0},
    ),  # fmt: skip
    Entry(
        "POST",
        "dan-van-kheo/mo-hinh/<int:pk>/khen-thuong/",
        allow=CITY_WRITERS,
        params={"pk": CITY_PRACTICE},
    ),  # fmt: skip
]

TEAM_RANKED = "DEMO-TEAM-RANKED"


def _ranked_team():
    from danvan.movement.models import Team

    return str(Team.objects.filter(rank=1).order_by("pk").first().pk)


def _contest():
    from danvan.movement.models import Contest

    return str(Contest.objects.order_by("pk").first().pk)


DEMO_CONTEST = "DEMO-CONTEST"
RESOLVE.update({TEAM_RANKED: _ranked_team, DEMO_CONTEST: _contest})
ENTRIES += [
    Entry(
        "POST",
        "dan-van-kheo/hoi-thi/<int:pk>/cong-bo/",
        allow=CITY_WRITERS,  # a reporter reads results; publishing them is a write
        params={"pk": DEMO_CONTEST},
    ),  # fmt: skip
    Entry(
        "GET",
        "dan-van-kheo/hoi-thi/doi/<int:team_id>/giay-chung-nhan.pdf",
        allow=CITY_WRITERS | {"reporter.hanoi"},
        params={"team_id": TEAM_RANKED},
    ),  # fmt: skip
]

ENTRIES += [Entry("GET", "dan-van-kheo/to-tu-quan/them/", allow=WRITERS)]


def _first(model_name, **filters):
    def resolve():
        from django.apps import apps

        model = apps.get_model("movement", model_name)
        return str(model.objects.filter(**filters).order_by("pk").first().pk)

    return resolve


BAVI_PERSON = "DEMO-PERSON-BAVI"
BAVI_MODEL = "DEMO-ECONOMIC-MODEL"
BAVI_FIGURE = "DEMO-COMMUNE-FIGURE"
RING4_SEGMENT = "DEMO-SEGMENT-RING4"
RESOLVE.update({
    BAVI_PERSON: _first("PrestigiousPerson", unit__parent__code="09700"),
    BAVI_MODEL: _first("EconomicModel"),
    BAVI_FIGURE: _first("CommuneFigure"),
    RING4_SEGMENT: _first("Segment", project__name__startswith="Đường Vành đai 4"),
})  # fmt: skip
# Forms of persons, mountain communes and key projects (issue 10, item 1): the Ba Vì and Ring
# Road 4 demo records lie outside Hoàn Kiếm, so only the city officer may change them. An empty
# POST is a Vietnamese form error (422) for those allowed.
ENTRIES += [
    Entry("GET", "dan-van-kheo/nguoi-uy-tin/them/", allow=WRITERS),
    Entry("POST", "dan-van-kheo/nguoi-uy-tin/them/", allow=WRITERS, ok=(422,)),
    Entry(
        "GET",
        "dan-van-kheo/nguoi-uy-tin/<int:pk>/sua/",
        allow=CITY_WRITERS,
        params={"pk": BAVI_PERSON},
    ),  # fmt: skip
    Entry(
        "POST",
        "dan-van-kheo/nguoi-uy-tin/<int:pk>/ho-tro/",
        allow=CITY_WRITERS,
        params={"pk": BAVI_PERSON},
        ok=(422,),
    ),  # fmt: skip
    Entry("GET", "dan-van-kheo/mien-nui/mo-hinh/them/", allow=WRITERS),
    Entry(
        "GET",
        "dan-van-kheo/mien-nui/mo-hinh/<int:pk>/sua/",
        allow=CITY_WRITERS,
        params={"pk": BAVI_MODEL},
    ),  # fmt: skip
    Entry("GET", "dan-van-kheo/mien-nui/so-lieu/them/", allow=WRITERS),
    Entry("POST", "dan-van-kheo/mien-nui/so-lieu/them/", allow=WRITERS, ok=(422,)),
    Entry(
        "GET",
        "dan-van-kheo/mien-nui/so-lieu/<int:pk>/sua/",
        allow=CITY_WRITERS,
        params={"pk": BAVI_FIGURE},
    ),  # fmt: skip
    Entry("GET", "dan-van-kheo/cong-trinh/them/", allow=WRITERS),
    Entry(
        "GET", "dan-van-kheo/cong-trinh/<int:pk>/sua/", allow=CITY_WRITERS, params={"pk": RING4}
    ),  # fmt: skip
    Entry(
        "GET",
        "dan-van-kheo/cong-trinh/<int:pk>/doan/them/",
        allow=CITY_WRITERS,
        params={"pk": RING4},
    ),  # fmt: skip
    Entry(
        "GET",
        "dan-van-kheo/cong-trinh/doan/<int:segment_id>/tien-do/",
        allow=CITY_WRITERS,
        params={"segment_id": RING4_SEGMENT},
    ),  # fmt: skip
    Entry(
        "POST",
        "dan-van-kheo/cong-trinh/doan/<int:segment_id>/tien-do/",
        allow=CITY_WRITERS,
        params={"segment_id": RING4_SEGMENT},
        ok=(422,),
    ),  # fmt: skip
]


def _demo_photo(public: bool):
    def resolve():
        from danvan.movement.models import Evidence

        return str(
            Evidence.objects.filter(practice__code="DVK-DEMO-001", is_photo=True, is_public=public)
            .order_by("pk")
            .first()
            .pk
        )

    return resolve


PUBLIC_PHOTO = "DEMO-PHOTO-PUBLIC"  # a photo of the city police's practice on the showcase
PRIVATE_PHOTO = "DEMO-PHOTO-PRIVATE"  # its group photo, not public (the default)
RESOLVE.update({PUBLIC_PHOTO: _demo_photo(True), PRIVATE_PHOTO: _demo_photo(False)})
# Public photos of the showcase (issue 10, item 3). The writes keep the private photo private
# (no "public" in the form; {"public": false} in the API): allowed, and changing nothing.
ENTRIES += [
    Entry(
        "POST",
        "dan-van-kheo/mo-hinh/<int:pk>/minh-chung/<int:evidence_id>/cong-khai/",
        allow=CITY_WRITERS,
        params={"pk": CITY_PRACTICE, "evidence_id": PRIVATE_PHOTO},
    ),  # fmt: skip
    Entry(
        "GET",
        "dan-van-kheo/mo-hinh/<int:pk>/minh-chung/<int:evidence_id>/xem-truoc.jpg",
        allow=CITY_READERS,
        params={"pk": CITY_PRACTICE, "evidence_id": PRIVATE_PHOTO},
    ),  # fmt: skip
    Entry(
        "GET",
        "dan-van-kheo/cong-khai/mo-hinh/<int:pk>/",
        allow=PUBLIC,
        params={"pk": CITY_PRACTICE},
    ),  # fmt: skip
    Entry(
        "GET",
        "dan-van-kheo/cong-khai/anh/<int:evidence_id>/<slug:size>.jpg",
        allow=PUBLIC,
        params={"evidence_id": PUBLIC_PHOTO, "size": "nho"},
    ),  # fmt: skip
    Entry(
        "GET",
        "/api/v1/movement/practices/{practice_id}/evidence",
        allow=CITY_READERS,
        params={"practice_id": CITY_PRACTICE},
    ),  # fmt: skip
    Entry(
        "PATCH",
        "/api/v1/movement/practices/{practice_id}/evidence/{evidence_id}",
        allow=CITY_WRITERS,
        params={"practice_id": CITY_PRACTICE, "evidence_id": PRIVATE_PHOTO},
        body={"public": False},
    ),  # fmt: skip
]
