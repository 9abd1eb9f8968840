"""Every registered audit sentence is a lazy translation with its English in a catalogue, the
placeholders identical in both languages; the audit page in English shows English sentences."""

import re
from string import Formatter

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

from danvan.audit import registry
from danvan.audit.services import record
from danvan.units.models import Unit

# Codes whose sentence is the same in both languages on purpose (none today). Each entry says why.
SAME_IN_BOTH: dict[str, str] = {}


# The project's codes: the apps' own, and the admin's (audit/admin.py). Tests register tables of
# their own (e.g. "workflow_tests.thing") in the same process; they are not the project's.
PREFIXES = {c.label for c in apps.get_app_configs() if c.name.startswith("danvan.")} | {"admin"}


def project_codes() -> list[str]:
    return [code for code in registry.registered_codes() if code.split(".")[0] in PREFIXES]


def _in(language: str, code: str) -> str:
    with translation.override(language):
        return str(registry.sentence(code))


def _placeholders(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in Formatter().parse(text) if name)


def test_the_registry_is_really_read():
    assert len(project_codes()) > 150


@pytest.mark.parametrize("code", project_codes())
def test_the_sentence_is_a_lazy_translation(code):
    assert isinstance(registry.sentence(code), Promise), code


@pytest.mark.parametrize("code", project_codes())
def test_the_english_sentence_differs_from_the_vietnamese(code):
    if code in SAME_IN_BOTH:
        pytest.skip(SAME_IN_BOTH[code])
    assert _in("en", code) != _in("vi", code)


@pytest.mark.parametrize("code", project_codes())
def test_the_placeholders_are_the_same_in_both_languages(code):
    assert _placeholders(_in("en", code)) == _placeholders(_in("vi", code))


SHOWN = [
    ("onestop.dossier.receive", {"code": "H01.99-261203-0001"}, "Received dossier"),
    ("onestop.dossier.apologize", {"code": "H01.99-261203-0001"}, ": dossier"),
    ("oversight.supervision.plan", {"title": "Chợ Hàng Da"}, ": supervision “Chợ Hàng Da”"),
    ("grassroots.petition.receive", {"code": "DT-1"}, ": petition DT-1"),
    ("movement.practice.imported", {"count": 3, "filename": "mo-hinh.xlsx"}, "Imported 3"),
    ("signing.pin_set", {}, "Set the signing PIN"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_audit_page_shows_the_sentences_in_the_reader_language(language, client_as):
    unit = Unit.objects.get(code="01")
    for code, data, _ in SHOWN:
        record(code, unit=unit, data=data)
    client = client_as("admin")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/nhat-ky/").content.decode()
    # the values filled in are marked as data (<span translate="no">…</span>): read the sentences
    html = re.sub(r'<span translate="no">(.*?)</span>', r"\1", html)
    for code, data, english in SHOWN:
        with translation.override("vi"):
            vietnamese = registry.describe(code, data)
        with translation.override("en"):
            in_english = registry.describe(code, data)
        assert english in in_english
        shown, hidden = (in_english, vietnamese) if language == "en" else (vietnamese, in_english)
        assert shown in html, code
        assert hidden not in html, code
