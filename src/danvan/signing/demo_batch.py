"""Demo: the Ba Vì leader has signed the result awaiting them in a batch, so the signing page
lists a finished batch and "Công việc nền" shows its job (progress, result). Runs after the
one-stop demo, whose dossiers it signs. Idempotent."""

from danvan.accounts.models import User
from danvan.signing import batches
from danvan.signing.demo import DEMO_PIN
from danvan.signing.models import SigningBatch

LEADER = "leader.bavi"


def load() -> dict:
    leader = User.objects.filter(username=LEADER).first()
    if leader is None or SigningBatch.objects.filter(signer=leader).exists():
        return {"batches": 0}
    refs = [row.ref for row in batches.awaiting_for(leader, "onestop.dossier")]
    if not refs:
        return {"batches": 0}
    batch = batches.create_batch(leader, refs, DEMO_PIN)
    batches.run_batch(batch.pk)
    return {"batches": 1, "signed": len(refs)}
