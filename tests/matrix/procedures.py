from tests.matrix import PUBLIC, Entry

OFFICIALS_WITH_CATALOGUE = {
    "clerk.hoankiem",
    "specialist.hoankiem",
    "leader.hoankiem",
    "clerk.bavi",
    "leader.bavi",
    "admin",
}

ENTRIES = [
    Entry(
        "GET",
        "/api/v1/procedures",
        allow=PUBLIC,
        query="no_wait=true&field=Ch%E1%BB%A9ng+th%E1%BB%B1c",
    ),
    Entry("GET", "/api/v1/procedures/{code}", params={"code": "1.001193"}, allow=PUBLIC),
    Entry("GET", "thu-tuc/", allow=PUBLIC, query="q=khai+sinh"),
    Entry("GET", "thu-tuc/<str:code>/", params={"code": "1.001193"}, allow=PUBLIC),
    Entry("GET", "thu-tuc/quan-ly/", allow=OFFICIALS_WITH_CATALOGUE),
    Entry("GET", "thu-tuc/quan-ly/xuat.xlsx", allow=OFFICIALS_WITH_CATALOGUE),
    # An empty form: the admin gets the page back with the error, everyone else is refused.
    Entry("POST", "thu-tuc/quan-ly/nhap/", allow={"admin"}),
]
