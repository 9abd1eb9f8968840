"""Reading one cell as its column's type, the Vietnamese way ("1.500.000", "2,5", "Có", 02/12/2026).

A type is `parse(raw, column) -> value` (raise CellError), called for non-empty cells only, plus
for types that need the database (units) `resolve(values: set, column, context) -> {value: result
or CellError}`, called once per file with every distinct parsed value: never one query per row.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from danvan.core import formatting, identifiers
from danvan.core.importing.schema import CellError, Column
from danvan.core.text import fold, loose, squash

INT_RE = re.compile(r"^[+-]?\d+$")
THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
DECIMAL_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
CURRENCY = re.compile(r"\s*(đồng|đ|vnđ|vnd)\.?$", re.IGNORECASE)
DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?$")
WORDS = re.compile(r"^ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$", re.IGNORECASE)
TRUE = {"co", "x", "yes", "true", "1", "c", "y", "dung"}
FALSE = {"khong", "no", "false", "0", "k", "n", "sai"}
EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class CellType:
    parse: Callable
    resolve: Callable | None = None
    describe: Callable | None = None  # column -> the values accepted, for the template notes


TYPES: dict[str, CellType] = {}


def register_type(name: str, parse: Callable, resolve=None, describe=None) -> None:
    """Add a type (apps register theirs in AppConfig.ready(), e.g. units registers "unit")."""
    TYPES[name] = CellType(parse, resolve, describe)


def cell_type(name: str) -> CellType:
    try:
        return TYPES[name]
    except KeyError:
        raise LookupError(f"no importer type {name!r} (is its app installed?)") from None


def is_empty(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


# --- text-like ------------------------------------------------------------------------------


def parse_text(raw, column: Column) -> str:
    if isinstance(raw, dt.datetime | dt.date):
        text = f"{raw:%d/%m/%Y}"
    elif isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    else:
        text = squash(raw)
    _check_length(text, column)
    if column.pattern is not None and not column.pattern.match(text):
        raise CellError(
            column.pattern_message or _("Giá trị “%(v)s” không đúng dạng.") % {"v": text}
        )
    return text


def _check_length(text: str, column: Column) -> None:
    if column.max_length and len(text) > column.max_length:
        raise CellError(_("Dài quá %(n)s ký tự.") % {"n": column.max_length})


def parse_list(raw, column: Column) -> list[str]:
    items = [squash(p) for p in re.split(r"[,;\n]", str(raw))]
    items = [p for p in items if p]
    if column.pattern is not None:
        bad = [p for p in items if not column.pattern.match(p)]
        if bad:
            message = column.pattern_message or _("Giá trị không đúng dạng: %(v)s.")
            raise CellError(message % {"v": ", ".join(bad)} if "%(v)s" in message else message)
    return items


def parse_national_id(raw, column: Column) -> str:
    text = str(int(raw)).zfill(12) if isinstance(raw, int | float) else squash(raw).replace(" ", "")
    problem = identifiers.national_id_problem(text)
    if problem:
        raise CellError(problem)
    return text


def parse_phone(raw, column: Column) -> str:
    text = f"0{int(raw)}" if isinstance(raw, int | float) else identifiers.clean_phone(str(raw))
    if not identifiers.is_phone(text):
        raise CellError(_("Số điện thoại “%(v)s” không hợp lệ.") % {"v": squash(raw)})
    return text


def parse_email(raw, column: Column) -> str:
    text = squash(raw)
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(_("Địa chỉ thư điện tử “%(v)s” không hợp lệ.") % {"v": text}) from None
    _check_length(text, column)
    return text


# --- numbers --------------------------------------------------------------------------------


def _number_text(raw) -> str:
    text = CURRENCY.sub("", squash(raw)).replace(" ", "").replace("\u00a0", "")
    return text


def parse_int(raw, column: Column) -> int:
    if isinstance(raw, bool):
        raise CellError(_("Phải là một số nguyên."))
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise CellError(_("Phải là một số nguyên (không có phần thập phân)."))
        value = int(raw)
    else:
        text = _number_text(raw)
        if THOUSANDS_DOT.match(text):
            text = text.replace(".", "")
        elif THOUSANDS_COMMA.match(text):
            text = text.replace(",", "")
        if not INT_RE.match(text):
            raise CellError(
                _("“%(v)s” không phải số nguyên (ví dụ 1.500.000).") % {"v": squash(raw)}
            )
        value = int(text)
    return _in_range(value, column)


def _in_range(value, column: Column):
    if column.min_value is not None and value < column.min_value:
        raise CellError(_("Phải từ %(n)s trở lên.") % {"n": _show(column.min_value)})
    if column.max_value is not None and value > column.max_value:
        raise CellError(_("Không được lớn hơn %(n)s.") % {"n": _show(column.max_value)})
    return value


def _show(value) -> str:
    return formatting.number(value)


def parse_decimal(raw, column: Column) -> Decimal:
    if isinstance(raw, bool):
        raise CellError(_("Phải là một số."))
    if isinstance(raw, int | float):
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    else:
        value = _decimal_from_text(raw)
    if column.decimal_places is not None:
        if value != value.quantize(Decimal(1).scaleb(-column.decimal_places)):
            raise CellError(_("Tối đa %(n)s chữ số thập phân.") % {"n": column.decimal_places})
    return _in_range(value, column)


def _decimal_from_text(raw) -> Decimal:
    """'2,5' and '1.234,5' (Vietnamese), '1.500' (thousands), '2.5' and '1,234.5' too."""
    text = _number_text(raw)
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif THOUSANDS_DOT.match(text):
        text = text.replace(".", "")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif THOUSANDS_COMMA.match(text):
        text = text.replace(",", "")
    if not DECIMAL_RE.match(text):
        raise CellError(_("“%(v)s” không phải là số (ví dụ 2,5 hoặc 1.500).") % {"v": squash(raw)})
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellError(_("“%(v)s” không phải là số.") % {"v": squash(raw)}) from None


# --- dates, booleans, choices ---------------------------------------------------------------


def parse_date(raw, column: Column) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 1 <= raw < 2958466:
        return EXCEL_EPOCH + dt.timedelta(days=int(raw))  # a date cell formatted as a number
    text = squash(raw)
    match = DMY.match(text) or WORDS.match(text)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if parts is None and (iso := ISO.match(text)):
        parts = iso.groups()
    try:
        if parts is None:
            raise ValueError(text)
        return dt.date(*(int(p) for p in parts))
    except ValueError:
        raise CellError(
            _("Ngày không hợp lệ: “%(v)s” (ghi dạng ngày/tháng/năm, ví dụ 31/12/2025).")
            % {"v": text}
        ) from None


def parse_bool(raw, column: Column) -> bool:
    if isinstance(raw, bool):
        return raw
    folded = fold(str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw))
    if folded in TRUE:
        return True
    if folded in FALSE:
        return False
    raise CellError(_("Chỉ nhận “Có” hoặc “Không” (được ghi x cho Có)."))


def parse_choice(raw, column: Column) -> str:
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else squash(raw)
    exact, folded = _choice_index(column)
    if loose(text) in exact:
        return exact[loose(text)]
    values = folded.get(fold(text), set())
    if len(values) == 1:
        return next(iter(values))
    allowed = "; ".join(label for _value, label in column.choice_pairs)
    raise CellError(
        _("Giá trị “%(v)s” không hợp lệ. Chọn một trong: %(allowed)s.")
        % {"v": text, "allowed": allowed}
    )


def _choice_index(column: Column) -> tuple[dict[str, str], dict[str, set[str]]]:
    """{label or value, case ignored: value}, and the same without diacritics (if unambiguous);
    labels in Vietnamese and in the current language."""
    language = translation.get_language() or "vi"
    cached = column.caches.get(("choices", language))
    if cached is None:
        exact: dict[str, str] = {}
        folded: dict[str, set[str]] = {}
        with translation.override("vi"):
            pairs = column.choice_pairs
        for value, label in pairs + column.choice_pairs:
            for text in (value, label):
                exact.setdefault(loose(text), value)
                folded.setdefault(fold(text), set()).add(value)
        cached = column.caches[("choices", language)] = (exact, folded)
    return cached


def describe_choice(column: Column) -> str:
    return "; ".join(label for _value, label in column.choice_pairs)


register_type("text", parse_text)
register_type("list", parse_list)
register_type("int", parse_int)
register_type("decimal", parse_decimal)
register_type("date", parse_date)
register_type("bool", parse_bool, describe=lambda c: _("Có / Không"))
register_type("choice", parse_choice, describe=describe_choice)
register_type("national_id", parse_national_id)
register_type("phone", parse_phone)
register_type("email", parse_email)
