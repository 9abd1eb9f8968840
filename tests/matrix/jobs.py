"""Background jobs: a job is seen by its owner and administrators only; anyone else is told it
does not exist (404). The demo job is leader.bavi's batch signing (signing/demo_batch.py)."""

from tests.matrix import OFFICIALS, Entry

DEMO_JOB = "{demo_job}"
OWNER_AND_ADMIN = {"leader.bavi", "admin"}


def _demo_job() -> str:
    from danvan.jobs.models import Job

    return str(Job.objects.get(kind="signing.batch", owner__username="leader.bavi").public_id)


RESOLVE = {DEMO_JOB: _demo_job}

ENTRIES = [
    Entry("GET", "cong-viec/", allow=OFFICIALS),
    Entry(
        "GET",
        "cong-viec/<uuid:public_id>/",
        allow=OWNER_AND_ADMIN,
        params={"public_id": DEMO_JOB},
        denied=(404,),
    ),
    Entry(
        "GET",
        "cong-viec/<uuid:public_id>/tien-do/",
        allow=OWNER_AND_ADMIN,
        params={"public_id": DEMO_JOB},
        denied=(404,),
    ),
    Entry(
        "GET",
        "cong-viec/<uuid:public_id>/ket-qua/",
        allow=OWNER_AND_ADMIN,
        params={"public_id": DEMO_JOB},
        denied=(404,),
    ),
    Entry("GET", "/api/v1/jobs", allow=OFFICIALS),
    Entry(
        "GET",
        "/api/v1/jobs/{job_id}",
        allow=OWNER_AND_ADMIN,
        params={"job_id": DEMO_JOB},
        denied=(404,),
    ),
    Entry(
        "GET",
        "/api/v1/jobs/{job_id}/result",
        allow=OWNER_AND_ADMIN,
        params={"job_id": DEMO_JOB},
        denied=(404,),
    ),
]
