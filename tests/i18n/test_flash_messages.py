"""The one-line messages a page shows after an action ("Đã tiếp nhận hồ sơ …", "Đã cập nhật
đơn.") go through gettext like the pages around them: a literal or an f-string of Vietnamese
handed to django.contrib.messages would show in Vietnamese on the English UI."""

import ast
from pathlib import Path

from django.utils import translation

from tests.i18n.test_languages import VIETNAMESE

SRC = Path(__file__).resolve().parents[2] / "src" / "danvan"
LEVELS = {"debug", "info", "success", "warning", "error"}


def _literal_text(node) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    return ""


def untranslated_messages() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = getattr(node, "func", None)
            if not (
                isinstance(node, ast.Call)
                and isinstance(func, ast.Attribute)
                and func.attr in LEVELS
                and isinstance(func.value, ast.Name)
                and func.value.id == "messages"
            ):
                continue
            for arg in node.args[1:2]:
                if VIETNAMESE.search(_literal_text(arg)):
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_no_message_is_a_vietnamese_literal():
    assert untranslated_messages() == []


def test_the_scan_sees_a_literal():
    code = 'messages.success(request, f"Đã tiếp nhận hồ sơ {code}.")'
    call = ast.parse(code).body[0].value
    assert VIETNAMESE.search(_literal_text(call.args[1]))


def test_the_messages_read_in_english():
    from danvan.grassroots import views as grassroots_views  # noqa: F401 (its catalogue loads)

    with translation.override("en"):
        assert translation.gettext("Đã cập nhật đơn.") == "Petition updated."
        assert translation.gettext("Đã tiếp nhận hồ sơ %(code)s.") % {"code": "X"} == (
            "Dossier X received."
        )
