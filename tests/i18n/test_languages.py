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
    ("congdan.hang", "/ho-so-cua-toi/"),
    ("congdan.hang", "/kho-cua-toi/thong-bao/"),
    (None, "/kho-cua-toi/kich-hoat/"),
    # the data store, signing, the procedure catalogue, reports
    ("clerk.hoankiem", "/kho-du-lieu/"),
    ("clerk.hoankiem", "/kho-du-lieu/cap-ma/"),
    ("leader.hoankiem", "/chu-ky-so/"),
    ("seal.hoankiem", "/chu-ky-so/"),
    (None, "/thu-tuc/{procedure_code}/"),
    ("clerk.hoankiem", "/thu-tuc/quan-ly/"),
    ("leader.hoankiem", "/bao-cao/chat-luong-phuc-vu/"),
    ("reporter.hanoi", "/bao-cao/"),
    ("chairman.hoankiem", "/bao-cao/"),
    ("leader.hoankiem", "/bao-cao/"),
    ("reporter.hanoi", "/bao-cao/chat-luong-phuc-vu/"),
    ("reporter.hanoi", "/bao-cao/dan-van/"),
    ("reporter.hanoi", "/bao-cao/chi-tiet/onestop.sq_on_time/?kind=year&year=2026"),
    ("reporter.hanoi", "/bao-cao/chi-tiet/movement.practices/?kind=year&year=2026"),
    ("reporter.hanoi", "/bao-cao/nhap-so-lieu/"),
    # oversight (Fatherland Front): the city and the ward officer, the Women's Union, the public
    ("front.hanoi", "/giam-sat/"),
    ("front.hanoi", "/giam-sat/giam-sat/"),
    ("front.hanoi", "/giam-sat/giam-sat/{supervision}/"),
    ("front.hanoi", "/giam-sat/kien-nghi/"),
    ("front.hanoi", "/giam-sat/kien-nghi/?state=overdue"),
    ("front.hanoi", "/giam-sat/kien-nghi/{recommendation}/"),
    ("front.hanoi", "/giam-sat/phan-bien/"),
    ("front.hanoi", "/giam-sat/phan-bien/{criticism}/"),
    ("front.hanoi", "/giam-sat/doi-thoai/"),
    ("front.hanoi", "/giam-sat/doi-thoai/{dialogue}/"),
    ("front.hanoi", "/giam-sat/ban/"),
    ("front.hanoi", "/giam-sat/ban/{board}/"),
    ("front.hanoi", "/giam-sat/cong-khai/"),
    ("front.hanoi", "/giam-sat/nhap/"),
    ("front.hoankiem", "/giam-sat/"),
    ("front.hoankiem", "/giam-sat/giam-sat/moi/"),
    ("front.hoankiem", "/giam-sat/cong-khai/?don_vi=00070"),
    ("front.hoankiem", "/giam-sat/ban/moi/"),
    ("phunu.hanoi", "/giam-sat/"),
    (None, "/giam-sat/cong-dan/doi-thoai/"),
    (None, "/giam-sat/cong-dan/cong-khai/00070/"),
    # movement ("Dân vận khéo"): the ward's and the city's officers, the judge, the portal
    ("mobilizer.hoankiem", "/"),
    ("mobilizer.hoankiem", "/dan-van-kheo/"),
    ("mobilizer.hoankiem", "/dan-van-kheo/dang-ky/"),
    ("mobilizer.hoankiem", "/dan-van-kheo/mo-hinh/{ward_practice}/"),
    ("mobilizer.hoankiem", "/dan-van-kheo/mo-hinh/{ward_practice}/sua/"),
    ("mobilizer.hoankiem", "/dan-van-kheo/mo-hinh/{ward_practice}/nhan-rong/"),
    ("mobilizer.hoankiem", "/dan-van-kheo/nhap/"),
    ("mobilizer.hanoi", "/dan-van-kheo/?replicated=no"),
    ("mobilizer.hanoi", "/dan-van-kheo/mo-hinh/{city_practice}/"),
    ("mobilizer.hanoi", "/dan-van-kheo/hoi-thi/"),
    ("mobilizer.hanoi", "/dan-van-kheo/hoi-thi/vong/{first_round}/"),
    ("judge.hanoi", "/dan-van-kheo/cham-thi/"),
    ("judge.hanoi", "/dan-van-kheo/cham-thi/{second_round}/"),
    ("mobilizer.hanoi", "/dan-van-kheo/to-tu-quan/"),
    ("mobilizer.hanoi", "/dan-van-kheo/to-tu-quan/them/"),
    ("mobilizer.hanoi", "/dan-van-kheo/nguoi-uy-tin/"),
    ("mobilizer.hanoi", "/dan-van-kheo/nguoi-uy-tin/them/"),
    ("mobilizer.hanoi", "/dan-van-kheo/mien-nui/"),
    ("mobilizer.hanoi", "/dan-van-kheo/mien-nui/mo-hinh/them/"),
    ("mobilizer.hanoi", "/dan-van-kheo/mien-nui/so-lieu/them/"),
    ("mobilizer.hanoi", "/dan-van-kheo/cong-trinh/"),
    ("mobilizer.hanoi", "/dan-van-kheo/cong-trinh/them/"),
    ("mobilizer.hanoi", "/dan-van-kheo/cong-trinh/{project}/"),
    ("mobilizer.hanoi", "/dan-van-kheo/cong-trinh/{project}/doan/them/"),
    ("mobilizer.hanoi", "/dan-van-kheo/cong-trinh/doan/{segment}/tien-do/"),
    (None, "/dan-van-kheo/cong-khai/"),
    (None, "/dan-van-kheo/cong-khai/mo-hinh/{city_practice}/"),
    # grassroots petitions: the officer's list, intake, a petition, a matter, hot spots, the
    # city's rules, the import; the citizen's form and tracking page
    ("petitions.hoankiem", "/"),
    ("petitions.hoankiem", "/don-thu/"),
    ("petitions.hoankiem", "/don-thu/tiep-nhan/"),
    ("petitions.hoankiem", "/don-thu/don/{petition}/"),
    ("petitions.hoankiem", "/don-thu/vu-viec/{matter}/"),
    ("petitions.hoankiem", "/don-thu/diem-nong/"),
    ("petitions.hoankiem", "/don-thu/diem-nong/{hotspot}/"),
    ("petitions.hoankiem", "/don-thu/nhap/"),
    ("mobilizer.hanoi", "/don-thu/diem-nong/quy-tac/"),
    (None, "/gui-kien-nghi/"),
    (None, "/gui-kien-nghi/theo-doi/?ma={petition}"),
    # the counter with a procedure chosen, finding dossiers, rating; a signing batch and its job;
    # the audit log; connections
    ("clerk.hoankiem", "/mot-cua/quay/?procedure=1.001612"),
    ("clerk.hoankiem", "/mot-cua/tim/?q=Hằng"),
    (None, "/danh-gia/{demo_code}/"),
    ("congdan.hang", "/nop-truc-tuyen/da-nop/{demo_code}/"),
    ("leader.bavi", "/chu-ky-so/"),
    ("leader.bavi", "/chu-ky-so/lo/{batch}/"),
    ("leader.bavi", "/cong-viec/{batch_job}/"),
    (None, "/kiem-tra-chu-ky/{signed_document}/"),
    ("admin", "/"),
    ("admin", "/nhat-ky/"),
    ("admin", "/ket-noi/"),
    ("admin", "/ket-noi/chua-dong-bo/"),
    ("front.hanoi", "/bao-cao/"),
    ("mobilizer.hanoi", "/bao-cao/"),
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


def ward_practice() -> str:
    """The demo's residential-group practice, recognized by the ward and the city, replicated."""
    from danvan.movement.models import Practice

    return str(Practice.objects.get(code="DVK-DEMO-010").pk)


def city_practice() -> str:
    """A practice of the city police (an organization outside the territorial tree)."""
    from danvan.movement.models import Practice

    return str(Practice.objects.get(code="DVK-DEMO-001").pk)


def _round(order: int) -> str:
    from danvan.movement.models import ContestRound

    return str(ContestRound.objects.filter(order=order).order_by("id")[0].pk)


def project() -> str:
    from danvan.movement.models import Project

    return str(Project.objects.order_by("id")[0].pk)


def segment() -> str:
    from danvan.movement.models import Segment

    return str(Segment.objects.order_by("id")[0].pk)


def _oversight(model_name: str):
    """The demo ward's first record of an oversight register (with recommendations, comments,
    questions or members where the register has them)."""

    def first() -> str:
        from django.apps import apps

        model = apps.get_model("oversight", model_name)
        qs = model.objects.filter(unit__code="00070").order_by("id")
        related = {"Supervision": "recommendations", "CriticismSession": "comments",
                   "Dialogue": "questions", "Board": "members"}.get(model_name)  # fmt: skip
        if related:
            qs = qs.filter(**{f"{related}__isnull": False}).distinct()
        return str(qs[0].pk)

    return first


def petition() -> str:
    from danvan.grassroots.models import Petition

    return Petition.objects.filter(unit__code="00070").order_by("id")[0].tracking_code


def matter() -> str:
    from danvan.grassroots.models import Matter

    return str(Matter.objects.filter(unit__code="00070").order_by("id")[0].pk)


def hotspot() -> str:
    from danvan.grassroots.models import Hotspot

    return str(Hotspot.objects.filter(unit__code="00070").order_by("id")[0].pk)


def batch() -> str:
    """The demo's signing batch (Ba Vì's leader signed it), and its background job."""
    from danvan.signing.models import SigningBatch

    return str(SigningBatch.objects.filter(signer__username="leader.bavi")[0].public_id)


def batch_job() -> str:
    from danvan.signing.models import SigningBatch

    return str(SigningBatch.objects.filter(signer__username="leader.bavi")[0].job.public_id)


def signed_document() -> str:
    from danvan.signing.models import SignedDocument

    return str(SignedDocument.objects.order_by("id")[0].public_id)


PLACEHOLDERS = {
    "{petition}": petition,
    "{matter}": matter,
    "{hotspot}": hotspot,
    "{batch_job}": batch_job,
    "{batch}": batch,
    "{signed_document}": signed_document,
    "{supervision}": _oversight("Supervision"),
    "{recommendation}": _oversight("Recommendation"),
    "{criticism}": _oversight("CriticismSession"),
    "{dialogue}": _oversight("Dialogue"),
    "{board}": _oversight("Board"),
    "{ward_practice}": ward_practice,
    "{city_practice}": city_practice,
    "{first_round}": lambda: _round(0),
    "{second_round}": lambda: _round(1),
    "{project}": project,
    "{segment}": segment,
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
    """Every translated text with a space, except a name kept as it is in English ("Dân vận
    khéo" → "Dân vận khéo"): the same text in both catalogues is not English."""
    found, kept = set(), set()
    for po in catalogues.catalogues():
        text = po.read_text()
        for msgstr in re.findall(r'^msgstr(?:\[\d\])? "(.+)"$', text, re.M):
            if " " in msgstr and "%" not in msgstr and "{" not in msgstr:
                found.add(msgstr.replace('\\"', '"'))
        kept |= {a for a, b in re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', text, re.M) if a == b}
    return found - {k.replace('\\"', '"') for k in kept}


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
