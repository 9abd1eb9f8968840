"""What a file must look like: columns with a Vietnamese header and a type, uniqueness rules."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import translation
from django.utils.translation import gettext as _

from danvan.core.text import fold

TYPES = ("text", "int", "decimal", "date", "bool", "choice", "unit", "list")
TYPES += ("national_id", "phone", "email")


class CellError(ValueError):
    """A cell that cannot be read as its column's type; the message is shown to the user."""


@dataclass(frozen=True)
class Column:
    """One column of the file. `key` names the value in a row; `header` is what the user sees.

    type: text, int, decimal, date, bool, choice, unit, list, national_id, phone, email (and any
    type an app registers with `register_type`). `clean(value)` may change the parsed value or
    raise `CellError`; it is not called on empty cells.
    """

    key: str
    header: str
    type: str = "text"
    required: bool = False
    default: object = None  # a value or a callable, for an empty cell of an optional column
    choices: object = None  # a TextChoices class or [(value, label), ...]
    max_length: int | None = None
    min_value: object = None
    max_value: object = None
    decimal_places: int | None = None
    pattern: object = None  # a compiled regex the text (or each list item) must match
    pattern_message: str = ""
    kinds: tuple = ()  # for type="unit": the unit kinds accepted (e.g. ("commune",))
    aliases: tuple = ()  # other headers accepted (e.g. an older English header)
    help: str = ""  # explained in the template's notes sheet
    example: str = ""
    required_message: str = ""
    clean: Callable | None = None

    def __post_init__(self):
        if self.type == "choice" and self.choices is None:
            raise ValueError(f"column {self.key}: a choice column needs choices")

    @cached_property
    def caches(self) -> dict:
        """Per-column look-up tables built on first use (a frozen dataclass may still cache)."""
        return {}

    @property
    def choice_pairs(self) -> list[tuple[str, str]]:
        choices = getattr(self.choices, "choices", self.choices) or []
        return [(str(value), str(label)) for value, label in choices]

    def header_texts(self) -> list[str]:
        """The header in Vietnamese, in the current language, and its aliases."""
        with translation.override("vi"):
            vietnamese = str(self.header)
        return [vietnamese, str(self.header), *map(str, self.aliases)]

    def empty_value(self):
        if self.default is not None:
            return self.default() if callable(self.default) else self.default
        if self.type in ("text", "choice", "national_id", "phone", "email"):
            return ""
        return [] if self.type == "list" else None


@dataclass(frozen=True)
class Unique:
    """Rows must differ in `key(row)` inside the file, and (with `existing`) from the database.

    key(row) -> a hashable, or None to skip the row; existing(keys: set) -> the keys already
    stored (one query for the whole file); message(row, first_row) -> the error text, with
    first_row None when the key is in the database. The error is reported on `column`.
    """

    column: str
    key: Callable
    existing: Callable | None = None
    message: Callable | None = None


@dataclass
class Schema:
    name: str
    columns: list[Column]
    key: Callable | None = None  # shorthand for one Unique on the first required column
    existing: Callable | None = None
    key_column: str = ""
    unique: list[Unique] = field(default_factory=list)
    check: Callable | None = None  # check(row) -> [(column key, message)], after the cells
    sheet: str = ""  # the sheet to read (header matched loosely); "" = the first sheet
    title: str = ""  # the template's data sheet name
    all_columns: bool = False  # every column must be in the header, even optional ones
    extra_columns: str = "error"  # or "ignore"
    max_rows: int | None = None  # None: settings.IMPORT_MAX_ROWS
    allow_empty: bool = False  # a header without data rows is not an error (sheets of a book)

    def __post_init__(self):
        self.by_key = {c.key: c for c in self.columns}
        if len(self.by_key) != len(self.columns):
            raise ValueError(f"schema {self.name}: two columns share a key")
        for unique in self.unique:
            if unique.column not in self.by_key:
                raise ValueError(f"schema {self.name}: unique on unknown column {unique.column}")

    @property
    def uniques(self) -> list[Unique]:
        if self.key is None:
            return list(self.unique)
        column = self.key_column or next(
            (c.key for c in self.columns if c.required), self.columns[0].key
        )
        return [Unique(column, self.key, self.existing), *self.unique]

    def header_index(self) -> dict[str, Column]:
        """Folded header text -> column; two columns may not fold to the same text."""
        index: dict[str, Column] = {}
        for column in self.columns:
            for text in column.header_texts():
                folded = fold(text)
                other = index.setdefault(folded, column)
                if other is not column:
                    raise ValueError(
                        f"schema {self.name}: headers of {other.key} and {column.key} look alike"
                    )
        return index


@dataclass(frozen=True)
class RowError:
    """A problem in one cell (or a whole row, column ""), or the whole file (row 0).

    `row` is the row number the user sees in the spreadsheet (the header is usually row 1);
    `column` is the header as written in the file; `field` the schema's key.
    """

    row: int
    column: str
    message: str
    sheet: str = ""
    field: str = ""

    def __str__(self) -> str:
        if self.sheet:
            where = _("Sheet “%(sheet)s”, dòng %(row)s") % {"sheet": self.sheet, "row": self.row}
        elif self.row:
            where = _("Dòng %(row)s") % {"row": self.row}
        else:
            where = _("Tệp")
        if self.column:
            where = _("%(where)s, cột %(column)s") % {"where": where, "column": self.column}
        return f"{where}: {self.message}"


class Row(dict):
    """A data row: {column key: parsed value}, its row number, its errors and its raw cells."""

    __slots__ = ("number", "errors", "raw")

    def __init__(self, number: int, raw: dict):
        super().__init__()
        self.number = number
        self.errors: list[RowError] = []
        self.raw = raw

    def __repr__(self) -> str:
        return f"Row({self.number}, {dict(self)!r})"


def sorted_errors(errors: Iterable[RowError], schema: Schema | None = None) -> list[RowError]:
    order = {c.key: i for i, c in enumerate(schema.columns)} if schema else {}
    return sorted(errors, key=lambda e: (e.row, order.get(e.field, len(order))))
