"""Duplicate and related-petition suggestion by Vietnamese text similarity.

Character n-grams (3 and 4) of the text with diacritics folded (`danvan.core.text.fold` per word,
so "Đường" = "duong" and people who type without marks still match) plus word bigrams, weighted by
inverse document frequency over the texts compared (the unit's recent petitions: a street name
every petition of the ward shares counts little) and compared by cosine similarity; common
function words are dropped. Petitions of the same unit received within
`WINDOW_DAYS` of each other are the candidates. Measured on the labelled sample shipped in
tests/grassroots/labelled.py (precision and recall at `DUPLICATE_THRESHOLD`: see docs/grassroots.md).
"""

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass

from danvan.core.text import fold

DUPLICATE_THRESHOLD = 0.20  # "có thể trùng": the same matter (P 0.959, R 0.933 on the sample)
RELATED_THRESHOLD = 0.14  # "liên quan": shown below the likely duplicates
WINDOW_DAYS = 90
SAME_SEGMENT_BONUS = 0.15

STOPWORDS = frozenset(
    """va cua la cac nhung toi chung chung toi da duoc cho tai o co khong de nay kinh gui
    ve voi mot nhieu rat cung thi ma nen vi den tu nhu bi se dang con lai hay neu khi
    em anh chi ong ba xin de nghi kien nghi phan anh don viec noi tren o day""".split()
)
_WORD = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    words = (fold(w) for w in _WORD.findall(text or ""))
    return [w for w in words if w and w not in STOPWORDS]


def features(text: str) -> Counter:
    words = tokens(text)
    joined = " " + " ".join(words) + " "
    grams: Counter = Counter()
    for n in (3, 4):
        grams.update(joined[i : i + n] for i in range(len(joined) - n + 1))
    grams.update(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    return grams


def cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


class Corpus:
    """Document frequencies of the features of a set of texts (the candidates and the petition)."""

    def __init__(self, feature_sets):
        self.n = 0
        self.df: Counter = Counter()
        for f in feature_sets:
            self.n += 1
            self.df.update(set(f))

    def weigh(self, f: Counter) -> Counter:
        n = self.n + 1
        return Counter({k: v * (math.log(n / (self.df.get(k, 0) + 1)) + 1) for k, v in f.items()})


def similarity(text_a: str, text_b: str, corpus: Corpus | None = None) -> float:
    a, b = features(text_a), features(text_b)
    if corpus is not None:
        a, b = corpus.weigh(a), corpus.weigh(b)
    return cosine(a, b)


def petition_text(p) -> str:
    return f"{p.title}. {p.description}"


@dataclass(frozen=True)
class Suggestion:
    petition: object
    score: float
    duplicate: bool  # above DUPLICATE_THRESHOLD (else only related)


def suggest(petition, candidates=None, *, limit: int = 10) -> list[Suggestion]:
    """Likely duplicates and related petitions of `petition` in its unit and period."""
    if candidates is None:
        candidates = candidates_for(petition)
    others = [(o, features(petition_text(o))) for o in candidates if o.pk != petition.pk]
    mine = features(petition_text(petition))
    corpus = Corpus([mine, *(f for _, f in others)])
    mine = corpus.weigh(mine)
    found = []
    for other, feats in others:
        score = cosine(mine, corpus.weigh(feats))
        if petition.project_segment and other.project_segment == petition.project_segment:
            score += SAME_SEGMENT_BONUS
        score = min(score, 1.0)
        if score >= RELATED_THRESHOLD:
            found.append(Suggestion(other, round(score, 3), score >= DUPLICATE_THRESHOLD))
    found.sort(key=lambda s: -s.score)
    return found[:limit]


def candidates_for(petition):
    from danvan.grassroots.models import Petition

    window = dt.timedelta(days=WINDOW_DAYS)
    return (
        Petition.objects.filter(
            unit_id=petition.unit_id,
            received_at__gte=petition.received_at - window,
            received_at__lte=petition.received_at + window,
        )
        .exclude(pk=petition.pk)
        .select_related("matter")
        .order_by("-received_at")[:500]
    )
