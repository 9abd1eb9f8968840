"""Must show: a leader signs several results in one action with one PIN and watches the progress;
the office clerk then finds them awaiting the seal."""

import re

import pytest

from danvan.signing.models import SigningBatch
from tests.e2e.helpers import login

BATCH = 6


@pytest.fixture
def awaiting(world, settings) -> list[str]:
    settings.SIGNING_BATCH_RUNNER = "thread"  # the embedded default: a thread of the web process signs
    from tests.signing.test_batches import awaiting_signature

    return [d.code for d in awaiting_signature(BATCH)]


def test_leader_signs_a_batch_with_one_pin_and_sees_progress(awaiting, page, browser, live_server):
    login(page, "leader.hoankiem")
    page.goto("/chu-ky-so/")
    assert page.inner_text("#batch-submit") == "Ký 0 văn bản"
    page.check("#check-all")
    assert page.inner_text("#batch-submit") == f"Ký {page.locator('input[name=dossier]').count()} văn bản"
    page.locator("input[name=dossier]").first.uncheck()
    page.fill("#batch-pin", "123456")
    page.click("#batch-submit")
    page.wait_for_url(re.compile(r"/chu-ky-so/lo/"))
    page.wait_for_selector("#batch-state:has-text('Đã xong')", timeout=60000)  # polled, no reload
    batch = SigningBatch.objects.get()
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
