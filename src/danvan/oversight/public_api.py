"""GET /api/v1/public/dialogues: the published results of dialogue conferences, for anyone."""

from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from danvan.api.pagination import PageParams, paginate
from danvan.core.ratelimit import limit_public
from danvan.oversight.api import DialoguePage, dial_out
from danvan.oversight.models import Dialogue
from danvan.units.services import current_unit

router = Router()


class PublicDialogueFilter(Schema):
    unit: str | None = Field(None, max_length=20)


@router.get("", response=DialoguePage, auth=None,
                   summary="Kết quả hội nghị đối thoại đã công khai (công khai)")  # fmt: skip
def public_dialogues(request, f: Query[PublicDialogueFilter], page: Query[PageParams]):
    limit_public(request, "dialogues")
    qs = Dialogue.objects.select_related("unit").filter(
        results_published_on__isnull=False, results_published_on__lte=timezone.localdate()
    )
    if f.unit:
        qs = qs.filter(unit__path__startswith=current_unit(f.unit).path)
    qs = qs.prefetch_related("questions", "commitments").order_by("-held_on", "-id")
    return paginate(qs, page, dial_out)
