"""Indicators of petitions and hot spots (CONTRACTS.md, issue 12 item 7), on danvan.core.indicators.

Petitions count in the period they were received (`received_at`); hot spots in the period they
were opened (`opened_at`), settled ones in the period they were settled (`settled_at`).
"""

from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.indicators import Indicator, Scope, register
from danvan.grassroots.models import (
    Category,
    Channel,
    Hotspot,
    HotspotState,
    Kind,
    Matter,
    Petition,
    PetitionState,
)

GROUP = _("Đơn thư, kiến nghị, điểm nóng")
SOURCE = _("Luật Tiếp công dân 2013; Luật Khiếu nại 2011; Luật Tố cáo 2018")


def petitions(scope: Scope, **match):
    return scope.filter(Petition.objects.filter(**match), date_field="received_at")


def overdue_q():
    """Answered after the deadline, or not answered and past it now."""
    now = timezone.now()
    late_answer = Q(answered_on_time=False)
    still_open = Q(answered_at__isnull=True, due_at__lt=now) & ~Q(
        state__in=[PetitionState.CLOSED, PetitionState.TRANSFERRED, PetitionState.REFUSED]
    )
    return late_answer | still_open


def on_time(scope):
    return petitions(scope, answered_on_time=True)


def overdue(scope):
    return petitions(scope).filter(overdue_q())


def due(scope):
    return petitions(scope).filter(Q(answered_on_time__isnull=False) | overdue_q())


def hotspots(scope, **match):
    return scope.filter(Hotspot.objects.filter(**match), date_field="opened_at")


PETITIONS_LABEL = _("đơn")


def _count(code, name, formula, numerator, order, label=PETITIONS_LABEL, **kw):
    return Indicator(
        code=code,
        name=name,
        formula=formula,
        numerator=numerator,
        app="grassroots",
        group=GROUP,
        unit_label=label,
        source=SOURCE,
        order=order,
        **kw,
    )


INDICATORS = [
    _count(
        "grassroots.petitions",
        _("Đơn thư, kiến nghị tiếp nhận"),
        _("Số đơn (phản ánh, kiến nghị, khiếu nại, tố cáo) tiếp nhận trong kỳ"),
        petitions,
        1,
    ),
    _count(
        "grassroots.petitions_answered_on_time",
        _("Đơn trả lời đúng hạn"),
        _("Số đơn tiếp nhận trong kỳ đã trả lời trước hạn giải quyết"),
        on_time,
        2,
    ),
    _count(
        "grassroots.petitions_overdue",
        _("Đơn quá hạn"),
        _("Số đơn tiếp nhận trong kỳ trả lời sau hạn, hoặc chưa trả lời và đã quá hạn"),
        overdue,
        3,
    ),
    _count(
        "grassroots.petitions_on_time_rate",
        _("Tỷ lệ đơn giải quyết đúng hạn"),
        _("Đơn trả lời đúng hạn ÷ đơn đã đến hạn (đã trả lời hoặc đã quá hạn) trong kỳ"),
        on_time,
        4,
        label="%",
        denominator=due,
    ),
    _count(
        "grassroots.petitions_satisfied_rate",
        _("Tỷ lệ công dân hài lòng với trả lời"),
        _("Đơn được đánh giá hài lòng (4–5) ÷ đơn được đánh giá"),
        lambda s: petitions(s, satisfaction__gte=4),
        5,
        label="%",
        denominator=lambda s: petitions(s, satisfaction__isnull=False),
    ),
    _count(
        "grassroots.reception_people",
        _("Lượt người đến tiếp công dân"),
        _("Tổng số người của các đơn tiếp nhận tại buổi tiếp công dân trong kỳ"),
        lambda s: petitions(s, channel=Channel.RECEPTION),
        6,
        label=_("người"),
        aggregate=Sum(F("people_count")),
    ),
    _count(
        "grassroots.conduct_complaints",
        _("Phản ánh, khiếu nại về tác phong cán bộ, kỷ luật hành chính"),
        _("Số đơn lĩnh vực tác phong cán bộ, kỷ luật hành chính tiếp nhận trong kỳ"),
        lambda s: petitions(s, category=Category.CONDUCT),
        7,
    ),
    _count(
        "grassroots.matters_grouped",
        _("Vụ việc được gộp từ nhiều đơn"),
        _("Số vụ việc lập trong kỳ gộp từ 2 đơn trở lên"),
        lambda s: s.filter(Matter.objects.filter(pk__in=_multi_matters()), date_field="created_at"),
        8,
        label=_("vụ việc"),
    ),
    _count(
        "grassroots.hotspots_new",
        _("Điểm nóng mới phát sinh"),
        _("Số điểm nóng phát hiện trong kỳ"),
        hotspots,
        9,
        label=_("điểm nóng"),
    ),
    _count(
        "grassroots.hotspots_open",
        _("Điểm nóng chưa ổn định"),
        _("Số điểm nóng phát hiện trong kỳ còn ở trạng thái mới hoặc đang theo dõi"),
        lambda s: hotspots(s).exclude(state=HotspotState.SETTLED),
        10,
        label=_("điểm nóng"),
    ),
    _count(
        "grassroots.hotspots_settled",
        _("Điểm nóng đã ổn định"),
        _("Số điểm nóng được xác nhận ổn định trong kỳ"),
        lambda s: s.filter(
            Hotspot.objects.filter(state=HotspotState.SETTLED), date_field="settled_at"
        ),
        11,
        label=_("điểm nóng"),
    ),
]

for _order, (_value, _label) in enumerate(Kind.choices, start=20):
    INDICATORS.append(
        _count(
            f"grassroots.petitions_kind_{_value}",
            _label,
            _("Số đơn theo loại tiếp nhận trong kỳ"),
            lambda s, v=_value: petitions(s, kind=v),
            _order,
        )
    )
for _order, (_value, _label) in enumerate(Channel.choices, start=30):
    INDICATORS.append(
        _count(
            f"grassroots.petitions_channel_{_value}",
            _label,
            _("Số đơn theo kênh tiếp nhận trong kỳ"),
            lambda s, v=_value: petitions(s, channel=v),
            _order,
        )
    )
for _order, (_value, _label) in enumerate(Category.choices, start=50):
    INDICATORS.append(
        _count(
            f"grassroots.petitions_category_{_value}",
            _label,
            _("Số đơn theo lĩnh vực tiếp nhận trong kỳ"),
            lambda s, v=_value: petitions(s, category=v),
            _order,
        )
    )


def _multi_matters():
    from django.db.models import Count

    return Matter.objects.annotate(n=Count("petitions")).filter(n__gte=2).values("pk")


def register_all() -> None:
    for indicator in INDICATORS:
        register(indicator)
