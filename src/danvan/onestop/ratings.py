"""Citizen ratings of a returned dossier and their counts (satisfaction indicators)."""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from danvan.core.errors import Conflict, Invalid
from danvan.core.indicators import Scope
from danvan.onestop.models import Dossier, Rating
from danvan.onestop.workflow import Status

SCORES = [s.value for s in Rating.Score]


@transaction.atomic
def rate(dossier: Dossier, score: str, comment: str = "", channel: str = "portal") -> Rating:
    """One rating per dossier, only after the result was returned."""
    if score not in SCORES:
        raise Invalid(
            "rating.invalid_score", "Vui lòng chọn một mức đánh giá.", fields={"score": "Bắt buộc."}
        )
    if dossier.status != Status.RETURNED:
        raise Conflict("rating.not_returned", "Chỉ đánh giá được sau khi đã nhận kết quả.")
    if Rating.objects.filter(dossier=dossier).exists():
        raise Conflict("rating.already_rated", "Hồ sơ này đã được đánh giá. Cảm ơn ông/bà.")
    official = dossier.handler or dossier.received_by
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                dossier=dossier,
                score=score,
                comment=comment.strip()[:2000],
                channel=channel[:16],
                official=official,
            )
    except IntegrityError as exc:
        raise Conflict(
            "rating.already_rated", "Hồ sơ này đã được đánh giá. Cảm ơn ông/bà."
        ) from exc
    if score == Rating.Score.UNSATISFIED:
        Dossier.objects.filter(pk=dossier.pk).update(has_dislike=True)
        dossier.has_dislike = True
    return rating


def rating_counts(
    *, units=None, procedure=None, official=None, start=None, end=None
) -> dict[str, int]:
    """{score: count} with every score present, for ratings of dossiers in the subtrees of
    `units` (a unit or a list; None: everywhere) given in the period, by procedure/official.
    One grouped query, through the indicator registry's Scope (subtree, historical units)."""
    qs = Rating.objects.all()
    if procedure is not None:
        qs = qs.filter(dossier__procedure=procedure)
    if official is not None:
        qs = qs.filter(official=official)
    if units is not None:
        q = Q(pk__in=[])
        for unit in units if isinstance(units, list | tuple | set) else [units]:
            q |= Scope(unit, start, end).unit_q("dossier__unit")
        qs = qs.filter(q)
    qs = Scope(None, start, end).filter(qs, date_field="at")
    counts = dict.fromkeys(SCORES, 0)
    counts.update({row["score"]: row["n"] for row in qs.values("score").annotate(n=Count("id"))})
    return counts
