"""Concurrency on PostgreSQL for the registers (issue #14): two imports of overlapping files at
once write each record once (practices, the oversight year's workbook, petitions); 20 identical
simultaneous transitions of a recommendation and of a petition make exactly one.

The imports are made to overlap for certain: each writer waits until the other import has
checked its rows against the database (or is waiting for the import lock) before it writes.
Without the per-kind lock both imports found the shared rows absent and wrote them twice.
"""

import threading
import time

import pytest
from django.db import close_old_connections, connection

from danvan.accounts.models import Role, RoleGrant, User
from danvan.core.errors import Conflict
from danvan.grassroots import services as petitions
from danvan.grassroots.models import Petition
from danvan.movement import importers as practice_import
from danvan.movement.models import Practice
from danvan.oversight import importer as oversight_import
from danvan.oversight.models import Dialogue, Recommendation, Supervision
from danvan.workflow import transition
from tests.movement.test_import import _xlsx
from tests.oversight.conftest import days_ago, recommend, reported_supervision
from tests.oversight.helpers import quiet_commune

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _parallel(n: int, work) -> list:
    results: list = [None] * n
    barrier = threading.Barrier(n)

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            results[i] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _someone_waits_for_an_import_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND "
            "database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        return cursor.fetchone()[0] > 0


class Overlap:
    """An import's writer waits until the other import has checked its rows too (it reached its
    own writer), or is waiting for the import lock (then imports take turns): so both checks
    happen before either write whenever nothing makes them take turns."""

    def __init__(self):
        self.arrived = 0
        self.cond = threading.Condition()

    def wrap(self, write):
        def waiting(*args, **kwargs):
            with self.cond:
                self.arrived += 1
                self.cond.notify_all()
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                with self.cond:
                    if self.arrived >= 2 or self.cond.wait_for(lambda: self.arrived >= 2, 0.05):
                        break
                if _someone_waits_for_an_import_lock():
                    break
            return write(*args, **kwargs)

        return waiting


def _practice_row(i):
    return [f"Mô hình song song {i}", "00070", "Xã, phường", "Kinh tế", "Phường Hoàn Kiếm",
            "15/03/2026"]  # fmt: skip


def test_two_overlapping_practice_imports_at_once_write_each_practice_once(
    demo_world_tx, monkeypatch
):
    by = User.objects.get(username="mobilizer.hanoi")
    first = _xlsx([_practice_row(i) for i in range(0, 6)])  # 0..5
    second = _xlsx([_practice_row(i) for i in range(3, 9)])  # 3..8: 3, 4, 5 in both
    overlap = Overlap()
    real_call = practice_import.PracticeWriter.__call__
    monkeypatch.setattr(practice_import.PracticeWriter, "__call__", overlap.wrap(real_call))

    reports = _parallel(
        2,
        lambda i: practice_import.import_practices(
            (first, second)[i], f"tep-{i}.xlsx", by=by, mode="valid_rows"
        ),
    )
    assert all(not isinstance(r, Exception) for r in reports), reports
    names = list(
        Practice.objects.filter(name__startswith="Mô hình song song").values_list("name", flat=True)
    )
    assert sorted(names) == sorted(f"Mô hình song song {i}" for i in range(9)), names
    assert sorted(r.created for r in reports) == [3, 6]  # the later one skipped the three shared
    later = min(reports, key=lambda r: r.created)
    assert len(later.errors) == 3 and all("đã có trong hệ thống" in e.message for e in later.errors)


def test_two_overlapping_oversight_imports_at_once_write_each_record_once(
    demo_world_tx, monkeypatch
):
    unit = quiet_commune()
    officer = User.objects.create_user("front.song", password="x", full_name="Cán bộ song song")
    RoleGrant.objects.create(user=officer, role=Role.FRONT_OFFICER, unit=unit)

    def sup(i):
        return [unit.code, "Ủy ban MTTQ", "Tổ chức đoàn giám sát", "Cơ quan, tổ chức",
                "UBND phường", f"Giám sát song song {i}", "05/03/2025", "06/03/2025",
                "06/03/2025", "Đoàn 5 người", "Còn 3 điểm tập kết rác tự phát."]  # fmt: skip

    def dial(i):
        return [unit.code, f"Đối thoại song song {i}", "Chủ tịch UBND", "12/05/2025",
                "Hội trường", "01/05/2025", 80, "15/05/2025"]  # fmt: skip

    # supervisions 0..2 and 1..3 overlap; the dialogues (0..1 and 10..11) do not: only the import
    # lock keeps the shared supervisions from being written twice (an overlap in a later sheet
    # would also roll the later import back, through the re-check under the transaction)
    files = [
        oversight_import.workbook(
            {
                "oversight.supervisions": [sup(i) for i in range(a, a + 3)],
                "oversight.dialogues": [dial(i) for i in range(10 * a, 10 * a + 2)],
            }
        )
        for a in (0, 1)
    ]
    overlap = Overlap()
    real = oversight_import.WRITERS["oversight.supervisions"]
    monkeypatch.setitem(oversight_import.WRITERS, "oversight.supervisions", overlap.wrap(real))

    results = _parallel(
        2,
        lambda i: oversight_import.import_year(files[i], f"nam-{i}.xlsx", unit=unit, by=officer),
    )
    assert all(not isinstance(r, Exception) for r in results), results
    sups = Supervision.objects.filter(unit=unit, title__startswith="Giám sát song song")
    dials = Dialogue.objects.filter(unit=unit, title__startswith="Đối thoại song song")
    # all or nothing per file: the first file is written whole, the later one finds its shared
    # rows already there and writes nothing: no title twice
    assert sups.count() == len(set(sups.values_list("title", flat=True))) == 3
    assert dials.count() == 2
    written = [r for r in results if not any(x.errors for x in r.values())]
    refused = [r for r in results if any(x.errors for x in r.values())]
    assert len(written) == 1 and len(refused) == 1


def test_two_overlapping_petition_imports_at_once_write_each_letter_once(
    demo_world_tx, monkeypatch
):
    from danvan.grassroots import importers as petition_import

    by = User.objects.get(username="petitions.hoankiem")
    header = "Phường/xã tiếp nhận,Loại đơn,Lĩnh vực,Ngày tiếp nhận,Nội dung,Người gửi,Số vào sổ\n"

    def row(i):  # even rows carry a registration number, odd ones are keyed by their content
        ref = f"SS-{i}" if i % 2 == 0 else ""
        return f"00070,Phản ánh,Môi trường,01/12/2026,Rác tồn đọng ngõ {i} song song,Lê Văn {i},{ref}\n"

    files = [
        (header + "".join(row(i) for i in span)).encode() for span in (range(0, 6), range(3, 9))
    ]
    overlap = Overlap()
    monkeypatch.setattr(
        petition_import.Writer, "__call__", overlap.wrap(petition_import.Writer.__call__)
    )

    reports = _parallel(
        2,
        lambda i: petition_import.import_petitions(
            files[i], f"so-{i}.csv", by=by, mode="valid_rows"
        ),
    )
    assert all(not isinstance(r, Exception) for r in reports), reports
    texts = list(
        Petition.objects.filter(description__endswith="song song").values_list(
            "description", flat=True
        )
    )
    assert sorted(texts) == sorted(f"Rác tồn đọng ngõ {i} song song" for i in range(9)), texts
    assert sorted(r.created for r in reports) == [3, 6]  # 3, 4, 5 were in both files
    later = min(reports, key=lambda r: r.created)
    # i = 3, 4, 5: rows 5-7 of the first file or rows 2-4 of the second, whichever came later
    assert later.error_rows in ([5, 6, 7], [2, 3, 4]), later.errors
    assert all("đã được nhập vào hệ thống" in e.message for e in later.errors)
    assert {e.column for e in later.errors} == {"Số vào sổ", "Nội dung"}


def test_twenty_identical_recommendation_answers_make_one(demo_world_tx):
    unit = quiet_commune()
    officer = User.objects.create_user("front.hai-muoi", password="x", full_name="Cán bộ 20")
    RoleGrant.objects.create(user=officer, role=Role.FRONT_OFFICER, unit=unit)
    rec = recommend(reported_supervision(unit, officer, ago=40), officer, sent_ago=30, due_ago=10)
    version = rec.version

    def answer(_i):
        row = Recommendation.objects.get(pk=rec.pk)
        return transition(row, "answer", by=officer, expected_version=version,
                          answer="Đã khắc phục.", answered_on=days_ago(5))  # fmt: skip

    results = _parallel(20, answer)
    ok = [r for r in results if isinstance(r, Recommendation)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(ok) == 1 and len(refused) == 19, results
    rec.refresh_from_db()
    assert rec.version == version + 1


def test_twenty_identical_petition_transitions_make_one(demo_world_tx):
    from danvan.units.services import current_unit

    officer = User.objects.get(username="petitions.hoankiem")
    p = petitions.receive(
        petitions.PetitionInput(
            kind="feedback",
            category="environment",
            title="Rác tồn đọng đầu ngõ (song song)",
            description="Rác thải tồn đọng ở đầu ngõ nhiều ngày chưa được thu gom.",
            channel="counter",
            petitioner_name="Nguyễn Văn Bình",
            petitioner_phone="0912345678",
        ),
        unit=current_unit("00070"),
        by=officer,
    )
    version = p.version

    def route(_i):
        return petitions.apply(Petition.objects.get(pk=p.pk), "route", by=officer,
                               expected_version=version)  # fmt: skip

    results = _parallel(20, route)
    ok = [r for r in results if isinstance(r, Petition)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(ok) == 1 and len(refused) == 19, results
    assert Petition.objects.get(pk=p.pk).version == version + 1
