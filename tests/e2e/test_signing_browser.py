"""Must show: a leader signs several results in one action with one PIN and watches the progress;
the office clerk then finds them awaiting the seal."""

import re

import pytest

from danvan.signing.models import SigningBatch
from tests.e2e.helpers import login

BATCH = 6


@pytest.fixture
def awaiting(world) -> list[str]:
    from tests.signing.test_batches import awaiting_signature

    return [d.code for d in awaiting_signature(BATCH)]


@pytest.fixture
def batches_in_the_request(settings):
    """The batch runs inside the request: the test database is an in-memory SQLite shared between
    threads with table locks and no busy wait, so the embedded worker thread polling at the same
    time stops on "table is locked" (the embedded file database waits instead). The thread runner,
    the worker and its SIGKILL recovery are tested in tests/jobs and tests/signing."""
    settings.JOBS_RUNNER = "immediate"


def test_leader_signs_a_batch_with_one_pin_and_sees_progress(
    awaiting, batches_in_the_request, page, browser, live_server
):
    login(page, "leader.hoankiem")
    page.goto("/chu-ky-so/")
    assert page.inner_text("#batch-submit") == "Ký 0 văn bản"
    page.check("#check-all")
    assert (
        page.inner_text("#batch-submit")
        == f"Ký {page.locator('input[name=dossier]').count()} văn bản"
    )
    page.locator("input[name=dossier]").first.uncheck()
    page.fill("#batch-pin", "123456")
    page.click("#batch-submit")
    page.wait_for_url(re.compile(r"/chu-ky-so/lo/"))
    page.wait_for_selector("#batch-state:has-text('Đã xong')", timeout=60000)  # polled, no reload
    batch = SigningBatch.objects.get(
        signer__username="leader.hoankiem"
    )  # the demo has leader.bavi's
    total = batch.items.count()
    assert page.inner_text("#batch-done") == str(total)
    assert page.locator("#batch-items .badge:has-text('Đã ký')").count() == total
    page.screenshot(path="/tmp/signing-batch.png", full_page=True)

    seal = browser.new_context(base_url=live_server.url, locale="vi-VN").new_page()
    login(seal, "seal.hoankiem")
    seal.goto("/chu-ky-so/")
    listed = seal.inner_text("#awaiting-seal")
    signed = [item.label for item in batch.items.all()]
    assert all(code in listed for code in signed)


def test_office_clerk_seals_a_batch_with_one_pin_and_sees_progress(
    awaiting, page, live_server, settings
):
    import threading

    from danvan.accounts.models import User
    from danvan.signing import batches

    # Batches run inside the request here: the test database is an in-memory SQLite shared between
    # threads with table locks and no busy wait, so a runner thread polled at the same time could
    # stop on "table is locked" (the embedded file database waits instead). The thread runner and
    # the worker are tested in tests/signing.
    settings.JOBS_RUNNER = "immediate"
    made = {}
    # The leader's batch on a plain thread (the playwright loop owns this thread's asyncio loop).
    leader = User.objects.get(username="leader.hoankiem")
    worker = threading.Thread(
        target=lambda: made.update(
            batch=batches.create_batch(leader, awaiting, "123456", profile="B-B")
        )
    )
    worker.start()
    worker.join(timeout=120)
    sign = made["batch"]
    assert batches.progress(SigningBatch.objects.get(pk=sign.pk))["signed"] == len(awaiting)
    login(page, "seal.hoankiem")
    page.goto("/chu-ky-so/")
    assert page.inner_text("#seal-submit") == "Đóng dấu 0 văn bản"
    boxes = page.locator("#seal-form input[name=dossier]")
    for code in awaiting:
        page.check(f"#seal-form input[value='{code}']")
    assert page.inner_text("#seal-submit") == f"Đóng dấu {len(awaiting)} văn bản"
    page.screenshot(path="/tmp/seal-queue.png", full_page=True)
    assert boxes.count() >= len(awaiting)
    page.fill("#seal-pin", "123456")
    page.click("#seal-submit")
    page.wait_for_url(re.compile(r"/chu-ky-so/lo/"))
    page.wait_for_selector("#batch-state:has-text('Đã xong')", timeout=60000)
    assert page.inner_text("h1") == "Lô đóng dấu số"
    assert SigningBatch.objects.get(kind="seal").signer.username == "seal.hoankiem"
    assert page.inner_text("#batch-done") == str(len(awaiting))
    assert page.locator("#batch-items .badge:has-text('Đã đóng dấu')").count() == len(awaiting)
    page.screenshot(path="/tmp/seal-batch.png", full_page=True)
