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


@dataclass(frozen=True)
class Pending:
    """One entry to append with others of the same change (``record_many``)."""

    action: str
    actor: object = None
    unit: object = None
    obj: object = None
    data: dict | None = None


# No savepoint of its own: inside the caller's transaction the entry stands or falls with the
# change it describes (and two queries fewer per audited change); alone, it is its own transaction.
@transaction.atomic(savepoint=False)
def record(action: str, *, actor=None, unit=None, obj=None, data: dict | None = None) -> AuditEntry:
    """Append one entry. Call it inside the transaction of the change it describes."""
    return record_many([Pending(action, actor, unit, obj, data)])[0]


@transaction.atomic(savepoint=False)
def record_many(items: list[Pending]) -> list[AuditEntry]:
    """Append the entries of one change in their order: each chain's head is locked and written
    once for all of its entries, not once per entry (a counter intake records "submitted" and
    "received" together). Chains are locked in name order, so two such writers cannot deadlock."""
    at = timezone.now()
    built = [(chain_of(item.unit), index, item) for index, item in enumerate(items)]
    out: list = [None] * len(items)
    for chain in sorted({chain for chain, _, _ in built}):
        head = _locked_head(chain)
        entries, prev = [], head.last_hash
        for _, index, item in (b for b in built if b[0] == chain):
            entry = _entry(item, chain, prev, at)
            prev = entry.hash
            entries.append(entry)
            out[index] = entry
        AuditEntry.objects.bulk_create(entries)  # the ids come back (RETURNING)
        AuditHead.objects.filter(pk=head.pk).update(last_hash=prev, last_id=entries[-1].pk)
    return out


def _entry(item: Pending, chain: str, prev_hash: str, at) -> AuditEntry:
    object_type, object_id = _object_ref(item.obj)
    actor = item.actor if getattr(item.actor, "is_authenticated", False) else None
    entry = AuditEntry(
        at=at,
        action=item.action,
        actor=actor,
        actor_label=actor.get_username() if actor else "",
        unit=item.unit,
        object_type=object_type,
        object_id=object_id,
        data=_json_safe(item.data),
        chain=chain,
        prev_hash=prev_hash,
    )
    entry.hash = compute_hash(entry)
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
