"""The demo catalogue: 21 real commune-level procedures from data/procedures-commune.csv.

Empty cells in the CSV are unconfirmed values (see data/README.md): they stay empty here and
are shown as "Chưa xác nhận"; nothing is made up.
"""

import csv
import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

from django.db import transaction

from danvan.accounts.models import Role
from danvan.procedures.models import (
    CopyKind,
    OnlineLevel,
    Procedure,
    ProcedureComponent,
    ProcedureStep,
    TimeUnit,
)

CSV_PATH = Path(__file__).resolve().parent / "data" / "procedures-commune.csv"

HOURS_PER_DAY = Decimal(8)  # SPEC §2.1: 1 working day = 8 working hours
TENTH = Decimal("0.1")

# name, role, share of the statutory time
DEFAULT_STEPS = [
    ("Tiếp nhận hồ sơ", Role.COUNTER_CLERK, Decimal("0.05")),
    ("Chuyên viên xử lý", Role.SPECIALIST, Decimal("0.60")),
    ("Lãnh đạo ký", Role.SIGNER, Decimal("0.20")),
    ("Văn thư đóng dấu", Role.OFFICE_CLERK, Decimal("0.05")),
    ("Trả kết quả", Role.COUNTER_CLERK, Decimal("0.10")),
]
# Same-day procedures: minutes, summing to 48 ≤ the default 60-minute no-wait target.
SAME_DAY_MINUTES = [6, 18, 12, 6, 6]

NOTE_UNCONFIRMED = "Thời hạn giải quyết chưa xác nhận: tạm tính 8 giờ làm việc cho mỗi bước."
NOTE_CALENDAR = (
    "Thời hạn tính theo ngày (không phải ngày làm việc): quy đổi thận trọng "
    "5 ngày làm việc cho mỗi 7 ngày."
)

COPY_KINDS = {
    "original": CopyKind.ORIGINAL,
    "copy": CopyKind.COPY,
    "certified copy": CopyKind.CERTIFIED_COPY,
}
COMPONENT_RE = re.compile(
    r"\s*(?P<name>.+?)\s*\[(?P<kind>original|copy|certified copy)\]\s*x(?P<qty>\d+)\s*(?:;|$)",
    re.DOTALL,
)
# "(xuất trình)", "(xuất trình; …)", "– xuất trình;": a document shown at the counter, not handed over.
SHOWN_ONLY_RE = re.compile(r"(?:\(|–|-)\s*xuất trình\s*[;)]|^giấy tờ xuất trình", re.IGNORECASE)

# Vault document type codes (SPEC §4) → keywords in a component's name.
VAULT_KEYWORDS = [
    ("id_card", ("cccd", "căn cước", "giấy tờ tùy thân", "hộ chiếu")),
    ("birth_certificate", ("giấy khai sinh",)),
    ("marriage_status", ("xác nhận tình trạng hôn nhân",)),
    (
        "land_use_certificate",
        (
            "giấy chứng nhận quyền sử dụng",
            "giấy chứng nhận quyền sở hữu",
            "giấy tờ hợp pháp về đất đai",
        ),
    ),
    ("death_certificate", ("giấy báo tử", "trích lục khai tử", "giấy chứng tử")),
    ("residence", ("cư trú",)),
]


@dataclass
class ParsedComponent:
    name: str
    copy_kind: str
    quantity: int
    shown_only: bool
    vault_types: list[str]


def parse_components(text: str) -> list[ParsedComponent]:
    """`name [original|copy|certified copy] xN; …` → components, in order."""
    out = []
    for match in COMPONENT_RE.finditer(text or ""):
        name = match["name"].strip().lstrip(";").strip()
        out.append(
            ParsedComponent(
                name=name,
                copy_kind=COPY_KINDS[match["kind"]],
                quantity=int(match["qty"]),
                shown_only=bool(SHOWN_ONLY_RE.search(name)),
                vault_types=vault_types_for(name),
            )
        )
    return out


def vault_types_for(name: str) -> list[str]:
    lowered = name.lower()
    if lowered.startswith(("tờ khai", "đơn ")):
        return []  # an application form mentioning a document is not that document
    return [code for code, words in VAULT_KEYWORDS if any(w in lowered for w in words)]


def _optional_decimal(raw: str) -> Decimal | None:
    raw = (raw or "").strip()
    return Decimal(raw) if raw else None


def _optional_int(raw: str) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw else None


def procedure_fields(row: dict) -> dict:
    """The Procedure fields of one CSV row; an empty cell stays None/empty."""
    time_value = _optional_decimal(row["time_value"])
    no_wait = row["no_wait_candidate"].strip() == "yes"
    online = row["online_level"].strip() or OnlineLevel.UNKNOWN
    return {
        "name": row["name"].strip(),
        "field": row["field"].strip(),
        "level": row["level"].strip() or "commune",
        "time_value": time_value,
        "time_unit": row["time_unit"].strip() if time_value is not None else "",
        "cutoff_15h": row["cutoff_15h"].strip() == "yes",
        "is_no_wait": no_wait,
        "has_no_appointment": no_wait,
        "fee_vnd": _optional_int(row["fee_vnd"]),
        "fee_note": row["fee_note"].strip(),
        "result_name": row["result"].strip(),
        "needs_paper_result": True,
        "online_level": OnlineLevel(online),
        "uses_population_data": "csdlqg về dân cư" in row["components"].lower(),
        "legal_basis": row["legal_basis"].strip(),
        "source_url": row["source_url"].strip(),
    }


def _split(total: Decimal) -> list[Decimal]:
    """Split `total` hours by the step shares in tenths of an hour; the specialist takes the rest."""
    parts = [(total * share).quantize(TENTH, rounding=ROUND_FLOOR) for _, _, share in DEFAULT_STEPS]
    parts[1] += total - sum(parts)
    return parts


def step_budgets(procedure: Procedure) -> tuple[list[Decimal], str]:
    """Working-hour budget of each default step, and a note when the budget is provisional."""
    if not procedure.time_is_confirmed:
        return [HOURS_PER_DAY] * len(DEFAULT_STEPS), NOTE_UNCONFIRMED
    value = Decimal(procedure.time_value)
    if procedure.time_unit == TimeUnit.SAME_DAY:
        scale = min(Decimal(1), Decimal(procedure.no_wait_target_minutes) / Decimal(60))
        hours = [
            (Decimal(m) / 60 * scale).quantize(TENTH, rounding=ROUND_FLOOR)
            for m in SAME_DAY_MINUTES
        ]
        return [max(h, TENTH) for h in hours], ""
    if procedure.time_unit == TimeUnit.WORKING_HOURS:
        return _split(value), ""
    if procedure.time_unit == TimeUnit.CALENDAR_DAYS:
        working_days = (value * 5 / 7).quantize(Decimal(1), rounding=ROUND_FLOOR)
        return _split(working_days * HOURS_PER_DAY), NOTE_CALENDAR
    return _split(value * HOURS_PER_DAY), ""


def sync_default_steps(procedure: Procedure) -> None:
    budgets, note = step_budgets(procedure)
    for position, ((name, role, _), hours) in enumerate(
        zip(DEFAULT_STEPS, budgets, strict=True), 1
    ):
        ProcedureStep.objects.update_or_create(
            procedure=procedure,
            position=position,
            defaults={"name": name, "role": role, "budget_hours": hours, "note": note},
        )
    procedure.steps.filter(position__gt=len(DEFAULT_STEPS)).delete()


def sync_components(procedure: Procedure, components: list[ParsedComponent]) -> None:
    # Updated in place by position so rows other apps may point at keep their ids.
    for position, comp in enumerate(components, 1):
        ProcedureComponent.objects.update_or_create(
            procedure=procedure,
            position=position,
            defaults={
                "name": comp.name,
                "copy_kind": comp.copy_kind,
                "quantity": comp.quantity,
                "shown_only": comp.shown_only,
                "required": True,
                "vault_types": comp.vault_types,
            },
        )
    procedure.components.filter(position__gt=len(components)).delete()


def read_rows(path: Path = CSV_PATH) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@transaction.atomic
def load(path: Path = CSV_PATH) -> dict:
    """Create or update the demo catalogue; running it again changes nothing."""
    created = 0
    for row in read_rows(path):
        procedure, was_created = Procedure.objects.update_or_create(
            code=row["national_code"].strip(),
            defaults=procedure_fields(row),
        )
        created += was_created
        sync_components(procedure, parse_components(row["components"]))
        sync_default_steps(procedure)
    return {
        "procedures": Procedure.objects.count(),
        "created": created,
        "no_wait": Procedure.objects.filter(is_no_wait=True).count(),
    }
