from tests.matrix import PUBLIC, Entry

MISSING = "00000000-0000-0000-0000-000000000000"

ENTRIES = [
    # Multipart endpoints: the matrix posts no file, so 400/413/415/422 count as "allowed".
    Entry("POST", "/api/v1/public/verify", allow=PUBLIC, ok=(400, 413, 415, 422)),
    Entry("GET", "/api/v1/public/trust-roots", allow=PUBLIC),
    Entry("GET", "/api/v1/public/results/{public_id}", allow=PUBLIC, params={"public_id": MISSING}, ok=(404,)),
    Entry("GET", "kiem-tra-chu-ky/", allow=PUBLIC),
    Entry("POST", "kiem-tra-chu-ky/", allow=PUBLIC, ok=(400, 413, 415, 422)),
    Entry("GET", "kiem-tra-chu-ky/<uuid:public_id>/", allow=PUBLIC, params={"public_id": MISSING}, ok=(404,)),
]
