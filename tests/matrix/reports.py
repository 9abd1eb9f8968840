"""Reports: read by the reporting roles (reporter, mobilizer, front officer, signer, admin) for the
units their roles cover; entered figures by reporters and administrators. Pages without ?unit=
open on the person's own unit."""

from tests.matrix import Entry

READERS = {
    "admin", "leader.hoankiem", "mobilizer.hoankiem", "leader.bavi", "front.hanoi",
    "mobilizer.hanoi", "front.hoankiem", "chairman.hoankiem", "reporter.hanoi",
}  # fmt: skip
CITY = {"admin", "front.hanoi", "mobilizer.hanoi", "reporter.hanoi"}
HOAN_KIEM = {
    "admin", "leader.hoankiem", "mobilizer.hoankiem", "front.hanoi", "mobilizer.hanoi",
    "front.hoankiem", "chairman.hoankiem", "reporter.hanoi",
}  # fmt: skip
ENTERERS = {"admin", "chairman.hoankiem", "reporter.hanoi"}
H1 = "from=2026-01-01&to=2026-06-30"

ENTRIES = [
    Entry("GET", "bao-cao/", allow=READERS, denied=(403,)),
    Entry("GET", "bao-cao/chat-luong-phuc-vu/", allow=READERS, query=H1, denied=(403,)),
    Entry("GET", "bao-cao/dan-van/", allow=READERS, query=H1, denied=(403,)),
    Entry(
        "GET",
        "bao-cao/chi-tiet/<str:code>/",
        allow=READERS,
        params={"code": "onestop.sq_on_time"},
        query=H1,
        denied=(403,),
    ),
    Entry("GET", "bao-cao/nhap-so-lieu/", allow=ENTERERS, denied=(403,)),
    Entry("POST", "bao-cao/nhap-so-lieu/", allow=ENTERERS, body={}, denied=(403,)),
    Entry("POST", "bao-cao/xuat-toan-thanh-pho/", allow=READERS, body={}, denied=(403,)),
    Entry("GET", "/api/v1/reports/mobilization", allow=CITY, query=f"unit=01&{H1}", denied=(403,)),
    Entry(
        "GET",
        "/api/v1/reports/service-quality",
        allow=HOAN_KIEM,
        query=f"unit=00070&{H1}",
        denied=(403,),
    ),
]
