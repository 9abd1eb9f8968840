"""Dossier codes (SPEC §2.5): agency code - YYMMDD - daily sequence; unique under concurrency."""

import datetime as dt

from django.db import connection, transaction

from danvan.onestop.models import DailySequence
from danvan.units.models import Unit

_TABLE = DailySequence._meta.db_table


def agency_code(unit: Unit) -> str:
    """The receiving agency's identification code (Decision 20/2020/QĐ-TTg), or a stand-in
    built from the unit code while the real one has not been entered."""
    if unit.agency_code:
        return unit.agency_code
    prov_code = (
        Unit.objects.filter(pk=unit.chain_ids()[0]).values_list("code", flat=True).first() or "00"
    )
    return f"000.{unit.code[:2]}.{unit.code[2:]}.H{prov_code}"


def next_sequence(agency: str, day: dt.date) -> int:
    # One atomic statement: concurrent intakes each get their own number, never a duplicate.
    # The table name is a constant from the model, never user input.
    sql = (
        f"INSERT INTO {_TABLE} (agency_code, day, last) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT (agency_code, day) DO UPDATE SET last = {_TABLE}.last + 1 RETURNING last"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [agency, day])
        return cur.fetchone()[0]


def new_code(unit: Unit, local_day: dt.date) -> str:
    agency = agency_code(unit)
    return f"{agency}-{local_day:%y%m%d}-{next_sequence(agency, local_day):04d}"


def reserve_code(unit: Unit, local_day: dt.date) -> str:
    """A code taken in its own short transaction, before the intake's (issue 16): the daily
    sequence row is locked for one statement, not for the whole intake (files, handler choice,
    audit), so the counters of a ward do not queue behind one another. An intake that fails after
    this leaves a gap in the day's numbers: codes are unique and increasing, not gapless (the
    sequence is the dossier's identity, never a count — counts come from the dossier table).
    Called inside an outer transaction (a test, a batch), the row stays locked until it ends."""
    with transaction.atomic(savepoint=False):  # inside an outer transaction: no savepoint pair
        return new_code(unit, local_day)
