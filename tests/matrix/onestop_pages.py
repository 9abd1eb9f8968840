from tests.matrix import PUBLIC, Entry

COUNTER = {"clerk.hoankiem", "clerk.bavi", "admin"}
ONESTOP = {
    "clerk.hoankiem",
    "specialist.hoankiem",
    "leader.hoankiem",
    "clerk.bavi",
    "leader.bavi",
    "admin",
    "seal.hoankiem",
}
# clerk.bavi also keeps Xã Ba Vì's seal (office clerk role, signing/demo.py).
HANDLERS = {
    "specialist.hoankiem",
    "leader.hoankiem",
    "leader.bavi",
    "admin",
    "seal.hoankiem",
    "clerk.bavi",
}

ENTRIES = [
    Entry("GET", "mot-cua/quay/", allow=COUNTER),
    Entry("GET", "mot-cua/quay/thanh-phan/", allow=COUNTER, query="procedure=2.000815"),
    Entry("GET", "mot-cua/quay/cong-dan/", allow=COUNTER, query="national_id=001190012345"),
    Entry("GET", "mot-cua/cua-toi/", allow=HANDLERS),
    Entry("GET", "mot-cua/tim/", allow=ONESTOP, query="q=nguyen+hang"),
    # No dossier with this code: officials of the section get the 404 page, others 403.
    Entry(
        "GET",
        "mot-cua/ho-so/<str:code>/",
        allow=ONESTOP,
        params={"code": "KHONG-CO"},
        ok=(404,),
        denied=(403,),
    ),
    Entry(
        "POST",
        "mot-cua/ho-so/<str:code>/thao-tac/",
        allow=ONESTOP,
        params={"code": "KHONG-CO"},
        ok=(404,),
        denied=(403,),
    ),
    Entry(
        "GET",
        "mot-cua/ho-so/<str:code>/ket-qua/soan/",
        allow=ONESTOP,
        params={"code": "KHONG-CO"},
        ok=(404,),
    ),
    Entry(
        "POST",
        "mot-cua/ho-so/<str:code>/ket-qua/soan/",
        allow=ONESTOP,
        params={"code": "KHONG-CO"},
        ok=(404,),
    ),
    Entry(
        "GET",
        "mot-cua/ho-so/<str:code>/ket-qua/xem-truoc/",
        allow=ONESTOP,
        params={"code": "KHONG-CO"},
        ok=(404,),
    ),
    Entry(
        "GET",
        "mot-cua/ho-so/<str:code>/tep/<str:file_id>/",
        allow=ONESTOP,
        params={"code": "KHONG-CO", "file_id": "1"},
        ok=(404,),
    ),
    Entry(
        "GET",
        "mot-cua/ho-so/<str:code>/tep/<str:file_id>/noi-dung/",
        allow=ONESTOP,
        params={"code": "KHONG-CO", "file_id": "1"},
        ok=(404,),
    ),
    Entry("GET", "tra-cuu/", allow=PUBLIC, query="ma=KHONG-CO&so=1234"),
    Entry("GET", "danh-gia/<str:code>/", allow=PUBLIC, params={"code": "KHONG-CO"}),
    Entry("GET", "nop-truc-tuyen/", allow=PUBLIC),
    Entry("GET", "nop-truc-tuyen/thanh-phan/", allow=PUBLIC, query="procedure=1.004873"),
    Entry(
        "GET",
        "nop-truc-tuyen/thong-tin/",
        allow=PUBLIC,
        query="national_id=001190012345&phone=1234",
    ),
    Entry("GET", "nop-truc-tuyen/da-nop/<str:code>/", allow=PUBLIC, params={"code": "KHONG-CO"}),
    # Online payment: public (the citizen proves the dossier with code + phone); unknown ones 404.
    # Without DEBUG on PostgreSQL no gateway is configured by default: 404 "no such gateway".
    Entry(
        "POST",
        "thanh-toan/<str:code>/",
        allow=PUBLIC,
        params={"code": "KHONG-CO"},
        body={"so": "1234"},
        ok=(404,),
    ),
    Entry(
        "GET",
        "thanh-toan/gia-lap/<str:reference>/",
        allow=PUBLIC,
        params={"reference": "KHONG-CO"},
        ok=(404,),
    ),
    Entry(
        "POST",
        "thanh-toan/gia-lap/<str:reference>/",
        allow=PUBLIC,
        params={"reference": "KHONG-CO"},
        ok=(404,),
    ),
    Entry(
        "GET",
        "thanh-toan/ket-qua/<str:provider>/",
        allow=PUBLIC,
        params={"provider": "fake"},
        ok=(404, 422),
    ),
    Entry(
        "POST",
        "/api/v1/public/payments/{provider}/notify",
        allow=PUBLIC,
        params={"provider": "fake"},
        body={"reference": "X"},
        ok=(404, 422),
    ),
]
