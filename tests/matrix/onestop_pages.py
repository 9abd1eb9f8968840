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
        "mot-cua/ho-so/<str:code>/bien-lai/<str:receipt_no>.pdf",
        allow=ONESTOP,
        params={"code": "KHONG-CO", "receipt_no": "BL26-00070-000001"},
        ok=(404,),
        denied=(403,),
    ),
    Entry(
        "GET",
        "mot-cua/ho-so/<str:code>/ket-qua/soan/",
        allow=ONESTOP,
        params={"code": "KHONG-CO"},
        ok=(404,),
        denied=(403,),
    ),
    Entry(
        "POST",
        "mot-cua/ho-so/<str:code>/ket-qua/soan/",
        allow=ONESTOP,
        params={"code": "KHONG-CO"},
        ok=(404,),
        denied=(403,),
    ),
    Entry(
        "GET",
        "mot-cua/ho-so/<str:code>/ket-qua/xem-truoc/",
        allow=ONESTOP,
        params={"code": "KHONG-CO"},
        ok=(404,),
        denied=(403,),
    ),
    Entry(
        "GET",
        "mot-cua/ho-so/<str:code>/tep/<str:file_id>/",
        allow=ONESTOP,
        params={"code": "KHONG-CO", "file_id": "1"},
        ok=(404,),
        denied=(403,),
    ),
    Entry(
        "GET",
        "mot-cua/ho-so/<str:code>/tep/<str:file_id>/noi-dung/",
        allow=ONESTOP,
        params={"code": "KHONG-CO", "file_id": "1"},
        ok=(404,),
        denied=(403,),
    ),
    Entry("GET", "tra-cuu/", allow=PUBLIC, query="ma=KHONG-CO&so=1234"),
    Entry("GET", "danh-gia/<str:code>/", allow=PUBLIC, params={"code": "KHONG-CO"}),
    Entry("GET", "nop-truc-tuyen/", allow=PUBLIC),
    Entry("GET", "nop-truc-tuyen/thanh-phan/", allow=PUBLIC, query="procedure=1.004873"),
    Entry("GET", "nop-truc-tuyen/dang-nhap/", allow=PUBLIC),
    Entry("GET", "nop-truc-tuyen/don-vi/", allow=PUBLIC, query="tim=hoan+kiem"),
    Entry(
        "GET",
        "nop-truc-tuyen/thong-tin/",
        allow=PUBLIC,
        query="national_id=001190012345&phone=1234",
    ),
    # The submission note: for the code + last 4 phone digits (or her own dossier); else 404.
    Entry(
        "GET",
        "nop-truc-tuyen/da-nop/<str:code>/",
        allow=PUBLIC,
        params={"code": "KHONG-CO"},
        query="so=1234",
        ok=(404,),
    ),
    # The signed-in citizen's own dossiers (no demo official has a national ID: all refused;
    # anonymous visitors are sent to the citizen sign-in).
    Entry("GET", "ho-so-cua-toi/", allow=set(), denied=(403,)),
    Entry(
        "GET",
        "ho-so-cua-toi/<str:code>/ket-qua/",
        allow=set(),
        params={"code": "KHONG-CO"},
        denied=(403,),
    ),
    # Online payment: public (the citizen proves the dossier with code + phone); unknown ones 404.
    # Without DEBUG on PostgreSQL no gateway is configured by default: 404 "no such gateway".
    Entry(
        "POST",
        "thanh-toan/<str:code>/",
        allow=PUBLIC,
        params={"code": "KHONG-CO"},
        body={"so": "1234"},
        ok=(404,),
        denied=(403,),
    ),
    Entry(
        "GET",
        "thanh-toan/gia-lap/<str:reference>/",
        allow=PUBLIC,
        params={"reference": "KHONG-CO"},
        ok=(404,),
        denied=(403,),
    ),
    Entry(
        "POST",
        "thanh-toan/gia-lap/<str:reference>/",
        allow=PUBLIC,
        params={"reference": "KHONG-CO"},
        ok=(404,),
        denied=(403,),
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
