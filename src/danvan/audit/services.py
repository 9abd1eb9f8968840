"""Writing and checking the hash-chained audit log."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from danvan.audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _canonical(entry: AuditEntry) -> bytes:
    payload: dict = {
        "at": entry.at.astimezone(dt.UTC).isoformat(),
        "action": entry.action,
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "unit": entry.unit_id,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "data": entry.data,
        "prev": entry.prev_hash,
    }
    if entry.chain:  # entries of the single pre-shard chain hash as they always did
        payload["chain"] = entry.chain
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def _object_ref(obj) -> tuple[str, str]:
    if obj is None:
        return "", ""
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}", str(obj.pk)


def _json_safe(data: dict | None) -> dict:
    # Round-trip through JSON so the hash is computed on what the database will give back.
    return json.loads(json.dumps(data or {}, default=str, ensure_ascii=False))


# No savepoint of its own: inside the caller's transaction the entry stands or falls with the
# change it describes (and two queries fewer per audited change); alone, it is its own transaction.
@transaction.atomic(savepoint=False)
def record(action: str, *, actor=None, unit=None, obj=None, data: dict | None = None) -> AuditEntry:
    """Append one entry. Call it inside the transaction of the change it describes."""
    chain = chain_of(unit)
    head = _locked_head(chain)
    object_type, object_id = _object_ref(obj)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        at=timezone.now(),
        action=action,
        actor=actor_obj,
        actor_label=actor_obj.get_username() if actor_obj else "",
        unit=unit,
        object_type=object_type,
        object_id=object_id,
        data=_json_safe(data),
        chain=chain,
        prev_hash=head.last_hash,
    )
    entry.hash = compute_hash(entry)
    entry.save()
    AuditHead.objects.filter(pk=head.pk).update(last_hash=entry.hash, last_id=entry.pk)
    return entry


def chain_of(unit) -> str:
    """Each unit's entries form their own chain; entries with no unit form the chain ""."""
    unit_id = getattr(unit, "pk", unit)
    return str(unit_id) if unit_id else ""


def _locked_head(chain: str) -> AuditHead:
    # The head row is locked until the caller's transaction ends, for this chain only. A chain's
    # first entry creates its head; ON CONFLICT DO NOTHING lets two first writers race safely.
    heads = AuditHead.objects.select_for_update()
    head = heads.filter(chain=chain).first()
    if head is None:
        AuditHead.objects.bulk_create(
            [AuditHead(chain=chain, last_hash=GENESIS)], ignore_conflicts=True
        )
        head = heads.get(chain=chain)
    return head


@dataclass
class ChainReport:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Walk every chain in one pass in id order; name the first entry whose link or content does
    not match, then check that each chain ends where its head says."""
    last: dict[str, str] = {}
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size):
        if entry.prev_hash != last.get(entry.chain, GENESIS):
            return ChainReport(False, checked, entry.pk, "liên kết với bản ghi trước bị sai")
        if compute_hash(entry) != entry.hash:
            return ChainReport(False, checked, entry.pk, "nội dung bản ghi đã bị sửa")
        last[entry.chain] = entry.hash
        checked += 1
    for head in AuditHead.objects.all():
        if head.last_id and last.get(head.chain, GENESIS) != head.last_hash:
            return ChainReport(False, checked, None, "bản ghi cuối của chuỗi bị mất")
    return ChainReport(True, checked)
