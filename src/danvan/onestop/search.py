"""Finding a dossier the way a clerk asks for it (issue 16): by its code (full, or the short tail
staff read out: "0005", "261202-0005"), the applicant's name with or without diacritics, the
national ID, or the phone number or its last digits.

Each dossier keeps one folded `search_text` (core.text.fold of name, code, ID and phone digits),
written on save. Every word of the query must occur in it. On PostgreSQL a trigram GIN index
(migration onestop 0008) serves the substring match, so a search never scans the scope; the
embedded SQLite mode matches on the same column within the unit's own dossiers."""

from django.db.models import QuerySet

from danvan.core.text import fold

SEARCHED_FIELDS = {"applicant_name", "code", "national_id", "phone"}
MIN_TERM = 2  # shorter words match too much to mean anything; they are ignored


def search_text(*, name: str, code: str, national_id: str, phone: str) -> str:
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    return " ".join(part for part in (fold(name), fold(code), national_id, digits) if part)


def terms(query: str) -> list[str]:
    found = []
    for word in (query or "").split()[:6]:
        term = fold(word)
        if term.isdigit() and term.startswith("84") and len(term) == 11:  # +84 912 345 678
            term = "0" + term[2:]
        if len(term) >= MIN_TERM:
            found.append(term)
    return found


def matching(qs: QuerySet, query: str) -> QuerySet:
    """The dossiers of `qs` every word of `query` matches; `qs` unchanged for an empty query."""
    for term in terms(query):
        qs = qs.filter(search_text__contains=term)
    return qs
