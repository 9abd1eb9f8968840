from tests.matrix import OFFICIALS, PUBLIC, Entry

ENTRIES = [
    Entry("GET", "", allow=PUBLIC),
    Entry("GET", "don-vi-hanh-chinh/", allow=OFFICIALS, query="unit=01"),
    Entry("GET", "nhat-ky/", allow={"admin"}),
    Entry("GET", "favicon.ico", allow=PUBLIC),
    Entry("GET", "tai-khoan/dang-nhap/", allow=PUBLIC),
    Entry("POST", "tai-khoan/dang-xuat/", allow=PUBLIC),
    Entry("POST", "ngon-ngu/setlang/", allow=PUBLIC, body={"language": "en", "next": "/"}),
    Entry("POST", "tai-khoan/don-vi/", allow=OFFICIALS, body={"unit": "0"}),
    Entry("GET", "/api/v1/units", allow=PUBLIC, query="parent=01"),
    Entry("GET", "/api/v1/units/{code}", allow=PUBLIC, params={"code": "00070"}),
    Entry("GET", "/api/v1/me", allow=OFFICIALS),
]
ENTRIES += [
    Entry(
        "GET",
        "/api/v1/public/due-date",
        allow=PUBLIC,
        query="unit=00070&received_at=2026-11-26T09:00:00%2B07:00&working_days=3",
    ),
]
