"""Finding a dossier the way a clerk asks for it (issue 16): by its code (full, or the short tail
staff read out: "0005", "261202-0005"), the applicant's name with or without diacritics, the
national ID, or the phone number or its last digits.

A search matches **once**: `find` runs one query for the ids of at most `CAP` matching dossiers
in scope, and the list (api.pagination.Keyset) then orders and pages those ids by primary key —
the match is not repeated for every segment of the list's order and for its count. Each kind of
word is matched by the index made for it (PostgreSQL; migration onestop 0011):

- a full code: the unique `code` index;
- digits: the national ID by its b-tree (9 or 12 digits, exact); the phone and the code by their
  *last* digits, a prefix of `reverse(phone)` / `reverse(code)` on a `text_pattern_ops` b-tree
  (`dossier_phone_reversed`, `dossier_code_reversed`): a full number is the longest tail, "5678"
  and "0005" are short ones, and neither reads the whole scope;
- words (a name, with or without diacritics): `search_text` (core.text.fold of name, code, ID
  and phone digits, written on save) must contain every word of three letters or more, served
  by its trigram GIN index (migration 0008) in one index scan; words of one or two letters
  ("Lê", "An") narrow what the longer ones found, and a name made only of such words is matched
  as one folded run ("Lê An" -> "lean").

More than `CAP` matches (a bare "nguyen" matches a sixth of the city) are not listed in full: the
first `CAP` found are, and the pages say so (`capped`), so that the clerk adds a word; a search
never reads more than that many rows of the table. The embedded SQLite mode runs the same
filters within the unit's own dossiers (small; no index needed)."""

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Reverse

from danvan.core.identifiers import clean_phones_in
from danvan.core.text import fold

SEARCHED_FIELDS = {"applicant_name", "code", "national_id", "phone"}
MIN_TERM = 2  # shorter words match too much to mean anything; they are ignored
TRIGRAM = 3  # pg_trgm serves a substring of at least three characters
CAP = 1000  # matches listed at most; beyond, the search asks for another word
NATIONAL_ID_LENGTHS = (9, 12)  # the old CMND and today's CCCD
_CODE_TAIL = re.compile(r"^[0-9A-Z.]*\d-\d+$")  # "261202-0005", "H01-261202-0005"


def search_text(*, name: str, code: str, national_id: str, phone: str) -> str:
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    return " ".join(part for part in (fold(name), fold(code), national_id, digits) if part)


def _words(query: str) -> list[tuple[str, str]]:
    """(as typed, folded) for each word worth matching."""
    found = []
    for word in clean_phones_in(query).split()[:6]:
        term = fold(word)
        if term.isdigit() and term.startswith("84") and len(term) == 11:  # +84 912 345 678
            term = "0" + term[2:]
        if len(term) >= MIN_TERM:
            found.append((word.strip(",;").upper(), term))
    return found


def terms(query: str) -> list[str]:
    return [term for _, term in _words(query)]


def _tail(column: str, digits: str) -> Q:
    return Q(**{f"{column}__startswith": digits[::-1]})


def _digits_q(term: str) -> Q:
    q = _tail("_phone_rev", term) | _tail("_code_rev", term)
    if len(term) in NATIONAL_ID_LENGTHS:
        q |= Q(national_id=term)
    if 7 <= len(term) <= 12:  # "2612020005" typed without the dash of "261202-0005"
        q |= _tail("_code_rev", f"{term[:6]}-{term[6:]}")
    return q


def conditions(query: str) -> list[Q]:
    """One Q per word (all must hold); [] when nothing in `query` is worth matching."""
    words = _words(query)
    found: list[Q] = []
    letters = []
    for raw, term in words:
        if term.isdigit():
            found.append(_digits_q(term))
        elif _CODE_TAIL.match(raw):
            found.append(_tail("_code_rev", raw) | Q(search_text__contains=term))
        else:
            letters.append(term)
    if letters and all(len(t) < TRIGRAM for t in letters):
        letters = ["".join(letters)]  # "Lê An": no trigram in either word alone
    if letters and len("".join(letters)) >= MIN_TERM:
        found += [Q(search_text__contains=t) for t in letters]
    return found


@dataclass(frozen=True)
class Found:
    ids: list[int]
    capped: bool  # more than CAP matched; ids are the first CAP found

    def within(self, qs: QuerySet) -> QuerySet:
        return qs.filter(pk__in=self.ids)


def _full_code(qs: QuerySet, query: str) -> str | None:
    code = query.strip().upper()
    if code and " " not in code and len(code) >= 10 and qs.model.objects.filter(code=code).exists():
        return code
    return None


def find(qs: QuerySet, query: str, *, cap: int = CAP) -> Found:
    """The ids of the dossiers of `qs` (a scoped, filtered list) that `query` matches, in one
    query of at most `cap` + 1 rows. A full dossier code is looked up on the unique index first:
    its folded form shares trigrams ("000", the agency's prefix) with every dossier of the city."""
    plain = qs.order_by().select_related(None)
    code = _full_code(qs, query)
    if code is not None:
        plain = plain.filter(code=code)
    else:
        parts = conditions(query)
        if not parts:
            return Found([], False)
        plain = plain.annotate(_phone_rev=Reverse("phone"), _code_rev=Reverse("code"))
        plain = plain.filter(*parts)
    ids = list(plain.values_list("pk", flat=True)[: cap + 1])
    return Found(ids[:cap], len(ids) > cap)


def matching(qs: QuerySet, query: str) -> QuerySet:
    """The dossiers of `qs` every word of `query` matches (at most `CAP`); `qs` unchanged for a
    query with nothing worth matching."""
    if not conditions(query) and _full_code(qs, query) is None:
        return qs
    return find(qs, query).within(qs)
