"""Petitions and hot spots (issue 12): officials' pages and API, the public form, Open311."""

from tests.matrix import PUBLIC, Entry

HK_READERS = {
    "admin",
    "leader.hoankiem",
    "mobilizer.hoankiem",
    "front.hanoi",
    "mobilizer.hanoi",
    "reporter.hanoi",
    "front.hoankiem",
    "petitions.hoankiem",
    "chairman.hoankiem",
}
READERS = HK_READERS | {"leader.bavi"}  # a reader role somewhere
HK_HANDLERS = {"admin", "leader.hoankiem", "petitions.hoankiem"}
HANDLERS = HK_HANDLERS | {"leader.bavi"}
HK_HOTSPOT_HANDLERS = HK_HANDLERS | {"mobilizer.hoankiem", "mobilizer.hanoi"}
CODE = "DEMO-PETITION"  # an answered Hoàn Kiếm petition (DEMO-HK-04)
HOTSPOT = "DEMO-HK-HOTSPOT"  # the settled Hoàn Kiếm hot spot
MATTER = "DEMO-HK-MATTER"
NEW = {
    "unit": "00070",
    "kind": "feedback",
    "category": "environment",
    "description": "Rác thải tồn đọng ở đầu ngõ nhiều ngày chưa được thu gom.",
}


def _petition():
    from danvan.grassroots.models import Petition

    return Petition.objects.get(source_ref="DEMO-HK-04").tracking_code


def _hotspot():
    from danvan.grassroots.models import Hotspot

    return str(Hotspot.objects.get(unit__code="00070", state="settled").pk)


def _matter():
    from danvan.grassroots.models import Hotspot

    return str(Hotspot.objects.get(unit__code="00070", state="settled").matter_id)


RESOLVE = {CODE: _petition, HOTSPOT: _hotspot, MATTER: _matter}

ENTRIES = [
    # API for officials
    Entry("GET", "/api/v1/petitions", allow=READERS, denied=(403,)),
    Entry("POST", "/api/v1/petitions", allow=HK_HANDLERS, body=NEW),
    Entry("GET", "/api/v1/petitions/{code}", allow=HK_READERS, params={"code": CODE}),
    # A stale version: handlers pass the role check and get 409; readers 403; others 404.
    Entry(
        "POST",
        "/api/v1/petitions/{code}/transitions",
        allow=HK_HANDLERS,
        params={"code": CODE},
        body={"action": "close", "expected_version": 999999, "reason": "Công dân đã nhận trả lời"},
        ok=(409,),
    ),
    Entry("GET", "/api/v1/petitions/{code}/suggestions", allow=HK_READERS, params={"code": CODE}),
    Entry(
        "POST",
        "/api/v1/petitions/{code}/group",
        allow=HK_HANDLERS,
        params={"code": CODE},
        body={"title": "Tiếng ồn karaoke phố Hàng Giầy"},
    ),
    Entry("GET", "/api/v1/hotspots", allow=READERS, denied=(403,)),
    Entry("GET", "/api/v1/hotspots/{hotspot_id}", allow=HK_READERS, params={"hotspot_id": HOTSPOT}),
    Entry(
        "POST",
        "/api/v1/hotspots/{hotspot_id}/transitions",
        allow=HK_HOTSPOT_HANDLERS,
        params={"hotspot_id": HOTSPOT},
        body={"action": "settle", "expected_version": 999999, "reason": "Đã ổn định"},
        ok=(409,),
    ),
    # Public API: no account. Submissions are limited to a few a minute per address, so most of
    # the personas' runs (one address) are throttled: 429 counts as reaching it.
    Entry(
        "POST",
        "/api/v1/public/petitions",
        body=NEW,
        ok=(429,),
    ),
    Entry("GET", "/api/v1/public/petitions/{tracking_code}", params={"tracking_code": CODE}),
    Entry(
        "POST",
        "/api/v1/public/petitions/{tracking_code}/rating",
        params={"tracking_code": CODE},
        body={"satisfaction": 5},
    ),
    # Pages for officials
    Entry("GET", "don-thu/", allow=READERS, denied=(403,)),
    Entry("GET", "don-thu/tiep-nhan/", allow=HANDLERS, denied=(403,)),
    Entry("GET", "don-thu/xuat.xlsx", allow=READERS, denied=(403,)),
    Entry("GET", "don-thu/nhap/", allow=HANDLERS, denied=(403,)),
    Entry("GET", "don-thu/nhap/mau.xlsx", allow=HANDLERS, denied=(403,)),
    Entry("GET", "don-thu/don/<str:code>/", allow=HK_READERS, params={"code": CODE}),
    Entry(
        "POST",
        "don-thu/don/<str:code>/gop/",
        allow=HK_HANDLERS,
        params={"code": CODE},
        body={"title": "Tiếng ồn karaoke"},
    ),
    Entry("GET", "don-thu/don/<str:code>/tra-loi.pdf", allow=HK_HANDLERS, params={"code": CODE}),
    Entry("GET", "don-thu/don/<str:code>/tra-loi.docx", allow=HK_HANDLERS, params={"code": CODE}),
    Entry("GET", "don-thu/vu-viec/<int:pk>/", allow=HK_READERS, params={"pk": MATTER}),
    Entry("GET", "don-thu/diem-nong/", allow=READERS, denied=(403,)),
    Entry("GET", "don-thu/diem-nong/quy-tac/", allow={"admin", "mobilizer.hanoi"}, denied=(403,)),
    Entry("GET", "don-thu/diem-nong/<int:pk>/", allow=HK_READERS, params={"pk": HOTSPOT}),
    # The citizen's pages
    Entry("GET", "gui-kien-nghi/", allow=PUBLIC),
    Entry("GET", "gui-kien-nghi/da-gui/<str:code>/", allow=PUBLIC, params={"code": CODE}),
    Entry("GET", "gui-kien-nghi/theo-doi/", allow=PUBLIC, query=f"ma={CODE}"),
    Entry(
        "POST",
        "gui-kien-nghi/theo-doi/<str:code>/danh-gia/",
        allow=PUBLIC,
        params={"code": CODE},
        body={"satisfaction": "5"},
    ),
    # Open311 GeoReport v2
    *(
        Entry("GET", f"open311/v2/{route}.{fmt}", allow=PUBLIC, params=params, query=query)
        for fmt in ("json", "xml")
        for route, params, query in (
            ("discovery", {}, ""),
            ("services", {}, ""),
            ("services/<str:service_code>", {"service_code": "land"}, ""),
            ("requests", {}, "jurisdiction_id=00070"),
            ("requests/<str:request_id>", {"request_id": CODE}, ""),
            ("tokens/<str:token>", {"token": CODE}, ""),
        )
    ),
]
