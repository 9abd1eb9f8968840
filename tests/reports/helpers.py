"""Small hand-counted dossiers for the report tests (created directly: the figures read fields)."""

import datetime as dt
import itertools

from django.utils import timezone

from danvan.onestop.models import Digitization, Dossier, DossierComponent
from danvan.onestop.states import Status
from danvan.procedures.models import Procedure
from danvan.reports import facts
from danvan.units.models import Unit

_seq = itertools.count(1)


def at(day: str, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)))


def unit(code: str, *, legacy: bool = False) -> Unit:
    units = Unit.objects.filter(code=code)
    return (units.filter(valid_to__lte=dt.date(2025, 6, 30)) if legacy else units.current()).get()


def procedure(code: str = "RPT.1", **kw) -> Procedure:
    defaults = {
        "name": f"Thủ tục thử {code}", "field": "Thử", "level": "commune",
        "time_value": 5, "time_unit": "calendar_days", "online_level": "full",
    }  # fmt: skip
    proc, _ = Procedure.objects.update_or_create(code=code, defaults=defaults | kw)
    return proc


def dossier(where: Unit, received: str | None, *, proc=None, status=Status.PROCESSING, **kw):
    n = next(_seq)
    fields = {
        "code": f"RPT-{n:06d}", "unit": where, "procedure": proc or procedure(),
        "channel": "in_person", "status": status, "applicant_name": "Người thử",
        "national_id": "001190012345",
        "received_at": at(received) if received else None,
        "submitted_at": at(received) if received else timezone.now(),
    }  # fmt: skip
    for key in ("due_at", "processed_at", "returned_at", "closed_at", "supplement_requested_at"):
        if isinstance(kw.get(key), str):
            kw[key] = at(kw[key])
    if isinstance(kw.get("supplement_waiting"), int):
        kw["supplement_waiting"] = dt.timedelta(days=kw["supplement_waiting"])
    d = Dossier.objects.create(**(fields | kw))
    facts.mark(d.unit_id, d.received_at)  # written outside the workflow: tell the aggregate
    return d


def component(d: Dossier, *, file=False, reused=False, store=False) -> DossierComponent:
    facts.mark(d.unit_id, d.received_at)
    return DossierComponent.objects.create(
        dossier=d,
        name="Giấy tờ thử",
        sha256="ab" * 32 if file else "",
        digitization=Digitization.REUSED_DOCUMENT if reused else Digitization.NONE,
        from_store=store,
    )
