"""Demo dossiers for the demo wards: a realistic mix of states, made through the real services."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from danvan.accounts.models import User
from danvan.core.identifiers import birth_year
from danvan.core.uploads import check_upload
from danvan.onestop import drafting, intake
from danvan.onestop.models import Channel, Dossier
from danvan.onestop.services import Command, transition
from danvan.onestop.workflow import TRANSITIONS
from danvan.procedures.services import procedure_by_code
from danvan.signing.demo import DEMO_PIN
from danvan.units.services import current_unit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PEOPLE = [
    ("Nguyễn Thị Hằng", "001190012345", "0912345678", "12 Hàng Trống, Phường Hoàn Kiếm, Hà Nội"),
    ("Trần Văn Bình", "001085067890", "0987655678", "5 Lý Thái Tổ, Phường Hoàn Kiếm, Hà Nội"),
    ("Lê Minh Châu", "001301023456", "0903215678", "27 Hàng Bông, Phường Hoàn Kiếm, Hà Nội"),
    ("Phùng Văn Dũng", "001079034567", "0977115678", "Thôn Khánh Xuân, Xã Ba Vì, Hà Nội"),
]
# (unit, procedure code, person index, days ago, actions after receipt)
PLAN = [
    ("00070", "2.000815", 0, 0, ["complete_on_spot"]),
    ("00070", "2.000884", 1, 1, ["complete_on_spot"]),
    ("00070", "1.001612", 2, 6, ["assign", "propose", "approve", "seal", "return_result"]),
    ("00070", "1.001612", 1, 3, ["assign"]),
    ("00070", "1.004873", 0, 9, []),
    ("00070", "2.001035", 2, 2, ["request_supplement"]),
    ("09700", "1.001612", 3, 4, []),
    ("09700", "2.000815", 3, 0, ["complete_on_spot"]),
    # For the signing page: results awaiting the leaders' signature, and one awaiting the seal.
    ("00070", "1.004873", 1, 2, ["assign", "propose"]),
    ("00070", "1.001612", 2, 1, ["assign", "propose"]),
    ("00070", "1.004873", 2, 1, ["assign", "propose", "approve"]),
    ("09700", "1.004873", 3, 1, ["propose"]),
]
CLERKS = {"00070": "clerk.hoankiem", "09700": "clerk.bavi"}
ACTORS = {
    "assign": "clerk",
    "propose": "specialist",
    "approve": "leader",
    "seal": "seal",
    "return_result": "clerk",
    "complete_on_spot": "clerk",
    "request_supplement": "clerk",
}
# Xã Ba Vì has no specialist and no separate office clerk: its counter clerk does both.
PEOPLE_OF = {
    "00070": {
        "clerk": "clerk.hoankiem",
        "specialist": "specialist.hoankiem",
        "leader": "leader.hoankiem",
        "seal": "seal.hoankiem",
    },
    "09700": {
        "clerk": "clerk.bavi",
        "specialist": "clerk.bavi",
        "leader": "leader.bavi",
        "seal": "clerk.bavi",
    },
}
DELIVERY = {"return_result": "electronic"}


def _request(code: str, person: int) -> intake.IntakeRequest:
    proc = procedure_by_code(code)
    name, nid, phone, address = PEOPLE[person]
    comps = [
        intake.ComponentInput(c.pk, check_upload("ban-chup.pdf", PDF))
        for c in proc.components.all()
        if not c.shown_only
    ]
    return intake.IntakeRequest(
        procedure=proc,
        applicant=intake.Applicant(name, nid, phone, address=address),
        components=comps,
        summary=proc.name[:200],
    )


def _actor(action: str, unit_code: str) -> User:
    return User.objects.get(username=PEOPLE_OF[unit_code][ACTORS[action]])


def demo_morning() -> dt.datetime:
    """When the demo's counter opened "today": 09:30 in Hà Nội, or an hour ago when it is not yet
    10:30 — a dossier and its steps (minutes apart) are never dated in the future, whatever the
    hour the demo is loaded (it used to take 09:30 of the UTC day: before 09:30 in Hà Nội, the
    day's dossiers were filed hours ahead of the clock)."""
    now = timezone.localtime()
    morning = now.replace(hour=9, minute=30, second=0, microsecond=0)
    return min(morning, (now - dt.timedelta(hours=1)).replace(second=0, microsecond=0))


@transaction.atomic
def load() -> dict:
    if Dossier.objects.exists():
        return {"dossiers": Dossier.objects.count(), "created": 0}
    now = demo_morning()
    for unit_code, proc, person, days, actions in PLAN:
        start = now - dt.timedelta(days=days)
        clerk = User.objects.get(username=CLERKS[unit_code])
        d = intake.register(
            _request(proc, person), unit=current_unit(unit_code), by=clerk, received=True, now=start
        )
        for i, action in enumerate(actions, start=1):
            if action == "propose":  # what the specialist does first: draft the result
                _draft(d, _actor(action, unit_code))
            d = transition(
                d.pk,
                Command(
                    action,
                    d.version,
                    # Only where the table asks for one: the slip shows each row's reason.
                    reason="Thiếu bản sao có chứng thực"
                    if TRANSITIONS[action].needs_reason
                    else "",
                    what_to_do="Nộp bản sao có chứng thực giấy chứng nhận",
                    pin=DEMO_PIN,
                    delivery=DELIVERY.get(action, ""),
                    # The no-wait path takes the fee in the same sitting.
                    payment_method="cash" if action == "complete_on_spot" else "",
                ),
                by=_actor(action, unit_code),
                now=start + dt.timedelta(minutes=9 * i),
            )
    _online_and_fee(now)
    return {"dossiers": Dossier.objects.count(), "created": len(PLAN) + len(ONLINE) + 1}


# What a specialist types where the dossier has no value (the household business certificate).
TYPED = {
    "business_code": "01A8012345",
    "business_name": "Hộ kinh doanh An Bình",
    "capital": "50.000.000",
    "lines": "Bán lẻ văn phòng phẩm",
}


def _draft(d: Dossier, by: User) -> None:
    """The result drafted from the dossier, the blanks a specialist would fill filled in."""
    template, values, version = drafting.current(d)
    for f in template.fields:
        if f.required and not values.get(f.name):
            if f.kind == "date":  # the birth year is in the national ID
                values[f.name] = f"{birth_year(d.national_id)}-01-15"
            else:
                values[f.name] = TYPED.get(f.name, d.address or d.applicant_name)
    drafting.save(d.pk, values, by=by, expected_version=version)


# Filed online last night, waiting at the counter's "pending online" list: (procedure, person).
ONLINE = [("1.004873", 1), ("2.001035", 2)]


def _online_and_fee(now) -> None:
    unit = current_unit("00070")
    for proc, person in ONLINE:
        req = _request(proc, person)
        req.channel = Channel.ONLINE
        intake.register(req, unit=unit, by=None, received=False, now=now - dt.timedelta(hours=12))
    # A dossier whose fee the citizen can pay online from the public lookup page.
    clerk = User.objects.get(username="clerk.hoankiem")
    d = intake.register(_request("1.001612", 0), unit=unit, by=clerk, received=True, now=now)
    transition(
        d.pk,
        Command("request_payment", d.version, amount_vnd=100_000),
        by=clerk,
        now=now + dt.timedelta(minutes=5),
    )
