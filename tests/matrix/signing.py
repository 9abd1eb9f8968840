from tests.matrix import OFFICIALS, PUBLIC, Entry

MISSING = "00000000-0000-0000-0000-000000000000"

ENTRIES = [
    # Multipart endpoints: the matrix posts no file, so 400/413/415/422 count as "allowed".
    Entry("POST", "/api/v1/public/verify", allow=PUBLIC, ok=(400, 413, 415, 422)),
    Entry("GET", "/api/v1/public/trust-roots", allow=PUBLIC),
    Entry(
        "GET",
        "/api/v1/public/results/{public_id}",
        allow=PUBLIC,
        params={"public_id": MISSING},
        ok=(404,),
    ),
    Entry("GET", "kiem-tra-chu-ky/", allow=PUBLIC),
    Entry("POST", "kiem-tra-chu-ky/", allow=PUBLIC, ok=(400, 413, 415, 422)),
    Entry(
        "GET",
        "kiem-tra-chu-ky/<uuid:public_id>/",
        allow=PUBLIC,
        params={"public_id": MISSING},
        ok=(404,),
    ),
]

# Officials' signing pages and the batch API. Leaders sign; office clerks (seal.hoankiem, and
# clerk.bavi who keeps Xã Ba Vì's seal) see the queue of results awaiting their seal.
SIGNERS = {"leader.hoankiem", "leader.bavi", "admin"}
SIGNING_DESK = SIGNERS | {"seal.hoankiem", "clerk.bavi"}
SEALERS = {"seal.hoankiem", "clerk.bavi", "admin"}
# A code nobody has: a signer is told it is not found (404), anyone else is refused first (403).
NO_SUCH_BATCH = {"dossiers": ["KHONG-CO-HO-SO"], "pin": "000000"}
# The same for a seal batch (office clerks seal results already signed).
NO_SUCH_SEAL_BATCH = {**NO_SUCH_BATCH, "kind": "seal"}

ENTRIES += [
    Entry("GET", "chu-ky-so/", allow=SIGNING_DESK),
    Entry("POST", "chu-ky-so/", allow=SIGNERS, ok=(422,), denied=(403,)),
    Entry("POST", "chu-ky-so/", allow=SEALERS, body={"kind": "seal"}, ok=(422,), denied=(403,)),
    Entry(
        "GET",
        "chu-ky-so/lo/<uuid:public_id>/",
        allow=SIGNING_DESK,
        params={"public_id": MISSING},
        ok=(404,),
        denied=(403,),
    ),
    Entry(
        "GET",
        "chu-ky-so/lo/<uuid:public_id>/tien-do/",
        allow=SIGNING_DESK,
        params={"public_id": MISSING},
        ok=(404,),
        denied=(403,),
    ),
    Entry(
        "POST",
        "chu-ky-so/lo/<uuid:public_id>/tiep-tuc/",
        allow=SIGNING_DESK,
        params={"public_id": MISSING},
        ok=(404,),
        denied=(403,),
    ),
    Entry(
        "POST",
        "/api/v1/signing/batches",
        allow=SIGNERS,
        body=NO_SUCH_BATCH,
        ok=(404,),
        denied=(403,),
    ),
    Entry(
        "POST",
        "/api/v1/signing/batches",
        allow=SEALERS,
        body=NO_SUCH_SEAL_BATCH,
        ok=(404,),
        denied=(403,),
    ),
    Entry(
        "GET",
        "/api/v1/signing/batches/{batch_id}",
        allow=OFFICIALS,
        params={"batch_id": MISSING},
        ok=(404,),
    ),
]
