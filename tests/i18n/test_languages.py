"""The main pages in English show no Vietnamese-only text, and in Vietnamese no English text.

Data (names of people and units, codes) is marked translate="no" in the templates, as HTML
defines it, and skipped; so is text in another language on purpose (the language switch,
lang="vi"/"en"), scripts and styles. Vietnamese-only text is text with Vietnamese letters;
English text is a translation from our catalogues, or common English words."""

import re
import unicodedata
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client

from danvan.core import catalogues

VIETNAMESE = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE
)
ENGLISH_WORDS = re.compile(r"\b(the|and|with|your|please|sign in|sign out|page|home)\b", re.I)
BRAND = "Dân Vận Số"  # a proper name, the same in every language
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

# (persona or None, path): the welcome page, sign-in, and an official's everyday pages.
MAIN_PAGES = [
    (None, "/"),
    (None, "/tai-khoan/dang-nhap/"),
    ("clerk.hoankiem", "/"),
    ("specialist.hoankiem", "/"),
    ("leader.hoankiem", "/"),
    ("clerk.hoankiem", "/don-vi-hanh-chinh/?unit=01"),
    ("clerk.hoankiem", "/cong-viec/"),
    (None, "/thu-tuc/"),
    (None, "/tra-cuu/?ma={demo_code}&so=5678"),
    (None, "/kiem-tra-chu-ky/"),
    # one-stop: the counter, a dossier, the handler's list, the citizen's side
    ("clerk.hoankiem", "/mot-cua/quay/"),
    ("clerk.hoankiem", "/mot-cua/ho-so/{demo_code}/"),
    ("specialist.hoankiem", "/mot-cua/cua-toi/"),
    ("specialist.hoankiem", "/mot-cua/ho-so/{draft_code}/ket-qua/soan/"),
    (None, "/nop-truc-tuyen/"),
    ("congdan.hang", "/nop-truc-tuyen/"),
    ("congdan.hang", "/kho-cua-toi/"),
    (None, "/kho-cua-toi/kich-hoat/"),
    # the data store, signing, the procedure catalogue, reports
    ("clerk.hoankiem", "/kho-du-lieu/"),
    ("clerk.hoankiem", "/kho-du-lieu/cap-ma/"),
    ("leader.hoankiem", "/chu-ky-so/"),
    ("seal.hoankiem", "/chu-ky-so/"),
    (None, "/thu-tuc/{procedure_code}/"),
    ("clerk.hoankiem", "/thu-tuc/quan-ly/"),
    ("leader.hoankiem", "/bao-cao/chat-luong-phuc-vu/"),
]


def demo_code() -> str:
    from danvan.onestop.models import Dossier

    return Dossier.objects.filter(unit__code="00070", phone="0912345678").order_by("id")[0].code


def draft_code() -> str:
    """A dossier of the demo that a specialist is settling (its result can be drafted)."""
    from danvan.onestop.models import Dossier
    from danvan.onestop.states import Status

    return (
        Dossier.objects.filter(unit__code="00070", status=Status.PROCESSING).order_by("id")[0].code
    )


def procedure_code() -> str:
    """A procedure with components and steps, as on the catalogue's detail page."""
    from danvan.procedures.models import Procedure

    return (
        Procedure.objects.filter(components__isnull=False, steps__isnull=False)
        .order_by("code")[0]
        .code
    )


PLACEHOLDERS = {
    "{demo_code}": demo_code,
    "{draft_code}": draft_code,
    "{procedure_code}": procedure_code,
}


def filled(path: str) -> str:
    for placeholder, value in PLACEHOLDERS.items():
        if placeholder in path:
            path = path.replace(placeholder, value())
    return path


class VisibleText(HTMLParser):
    def __init__(self, page_language: str):
        super().__init__()
        self.page_language = page_language
        self.stack: list[bool] = []  # per open element: is it skipped?
        self.texts: list[str] = []

    def _skipped(self, tag: str, attrs: dict) -> bool:
        other_language = attrs.get("lang") and attrs["lang"] != self.page_language
        if tag in ("script", "style") or attrs.get("translate") == "no" or other_language:
            return True
        # translate is inherited; translate="yes" turns it back on inside a "no" (HTML spec)
        return bool(self.stack and self.stack[-1]) and attrs.get("translate") != "yes"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = self._skipped(tag, attrs) if tag != "html" else False
        if not skipped:
            self.texts.extend(attrs[a] for a in SHOWN_ATTRIBUTES if attrs.get(a))
        if tag not in VOID:
            self.stack.append(skipped)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]) and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_text(html: str, language: str) -> list[str]:
    parser = VisibleText(language)
    parser.feed(html)
    return [t for t in (t.replace(BRAND, "").strip() for t in parser.texts) if t]


def english_translations() -> set[str]:
    found = set()
    for po in catalogues.catalogues():
        for msgstr in re.findall(r'^msgstr(?:\[\d\])? "(.+)"$', po.read_text(), re.M):
            if " " in msgstr and "%" not in msgstr and "{" not in msgstr:
                found.add(msgstr.replace('\\"', '"'))
    return found


def page(persona, path, language, client_as):
    client = client_as(persona) if persona else Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(filled(path))
    assert response.status_code == 200, path
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    return visible_text(html, language)


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "path"), MAIN_PAGES)
def test_the_english_page_has_no_vietnamese_only_text(persona, path, client_as):
    texts = page(persona, path, "en", client_as)
    assert texts and [t for t in texts if VIETNAMESE.search(t)] == []


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "path"), MAIN_PAGES)
def test_the_vietnamese_page_has_no_english_text(persona, path, client_as):
    texts = page(persona, path, "vi", client_as)
    english = english_translations()
    assert len(english) > 100  # the catalogues are read
    assert [t for t in texts if t in english or ENGLISH_WORDS.search(t)] == []


def test_the_checker_sees_what_it_must():
    html = (
        '<html lang="en"><body><h1>Trang chủ</h1><span translate="no">Nguyễn Văn A</span>'
        '<button lang="vi">Tiếng Việt</button><a title="Đăng xuất">Sign out</a>'
        "<script>var x = 'Đơn vị';</script><p>Dân Vận Số</p></body></html>"
    )
    assert visible_text(html, "en") == ["Trang chủ", "Đăng xuất", "Sign out"]


@pytest.mark.django_db
def test_pages_are_vietnamese_until_the_visitor_switches(client):
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    assert '<html lang="vi"' in client.get("/", **english_browser).content.decode()
    switched = client.post("/ngon-ngu/setlang/", {"language": "en", "next": "/thu-tuc/"})
    assert switched.status_code == 302 and switched["Location"] == "/thu-tuc/"
    page = client.get("/thu-tuc/").content.decode()
    assert '<html lang="en"' in page and "Administrative procedures" in page
    switch = unicodedata.normalize("NFC", page[page.index("langswitch") :][:600])
    assert 'value="vi"' in switch and "Tiếng Việt" in switch  # the way back
