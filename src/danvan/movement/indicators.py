"""The movement app's indicators (CONTRACTS.md), on danvan.core.indicators.

Each counts this app's records for a unit subtree and a period, on the record's own date:
a practice's registration date, a recognition's decision date, a commendation's date, a contest's
(round's) date; self-managed groups and prestigious persons are counted as they stand at the
period's end; clearance figures are the segments' latest figures known by the period's end."""

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.indicators import Indicator, Scope, register
from danvan.movement.models import (
    Commendation,
    CommuneFigure,
    Contest,
    Level,
    Origin,
    PersonSupport,
    Practice,
    PrestigiousPerson,
    Recognition,
    Segment,
    SelfManagedGroup,
    Team,
)

APP = "movement"
PRACTICES = _("Dân vận khéo")
CONTEST = _("Hội thi Dân vận khéo")
GRASSROOTS = _("Tự quản, người có uy tín, miền núi")
CLEARANCE = _("Giải phóng mặt bằng")
SOURCE = _("Kế hoạch 70-KH/BDVTW ngày 26/02/2009; Chỉ thị 12-CT/TU của Thành ủy Hà Nội")


def practices(scope: Scope, **match):
    return scope.filter(Practice.objects.filter(**match), date_field="registered_on")


def recognitions(level: str):
    return lambda s: s.filter(
        Recognition.objects.filter(level=level),
        unit_field="practice__unit",
        date_field="decided_on",
    )


def _end(scope: Scope):
    return scope.end or timezone.localdate()


def groups_active(scope: Scope):
    end = _end(scope)
    qs = SelfManagedGroup.objects.filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=end), established_on__lte=end
    )
    return scope.filter(qs)


def persons_listed(scope: Scope):
    end = _end(scope)
    qs = PrestigiousPerson.objects.filter(
        Q(removed_on__isnull=True) | Q(removed_on__gt=end), year_approved=end.year
    )
    return scope.filter(qs)


def segments(scope: Scope):
    return scope.filter(Segment.objects.filter(as_of__lte=_end(scope)))


def _count(code, name, formula, numerator, group, unit_label, order, **kw):
    return Indicator(
        code=code,
        name=name,
        formula=formula,
        numerator=numerator,
        app=APP,
        group=group,
        unit_label=unit_label,
        order=order,
        **kw,
    )


INDICATORS = [
    _count(
        "movement.practices",
        _("Mô hình “Dân vận khéo” đăng ký"),
        _("Số mô hình đăng ký trong kỳ tại đơn vị và các đơn vị trực thuộc"),
        practices,
        PRACTICES,
        _("mô hình"),
        1,
        source=SOURCE,
    ),
    _count(
        "movement.practices_new",
        _("Mô hình mới"),
        _("Số mô hình đăng ký trong kỳ là mô hình mới"),
        lambda s: practices(s, origin=Origin.NEW),
        PRACTICES,
        _("mô hình"),
        2,
    ),
    _count(
        "movement.practices_maintained",
        _("Mô hình duy trì"),
        _("Số mô hình đăng ký trong kỳ là mô hình tiếp tục duy trì"),
        lambda s: practices(s, origin=Origin.MAINTAINED),
        PRACTICES,
        _("mô hình"),
        3,
    ),
    _count(
        "movement.practices_replicated",
        _("Mô hình nhân rộng"),
        _("Số mô hình đăng ký trong kỳ nhân rộng từ một mô hình khác"),
        lambda s: practices(s, origin=Origin.REPLICATED),
        PRACTICES,
        _("mô hình"),
        4,
    ),
    Indicator(
        code="movement.replication_rate",
        name=_("Tỷ lệ mô hình nhân rộng"),
        formula=_("Mô hình nhân rộng ÷ mô hình đăng ký trong kỳ"),
        numerator=lambda s: practices(s, origin=Origin.REPLICATED),
        denominator=practices,
        app=APP,
        group=PRACTICES,
        unit_label="%",
        order=5,
    ),
    _count(
        "movement.practices_recognized_commune",
        _("Mô hình được công nhận cấp xã, phường"),
        _("Số quyết định công nhận cấp xã, phường trong kỳ"),
        recognitions(Level.COMMUNE),
        PRACTICES,
        _("mô hình"),
        6,
    ),
    _count(
        "movement.practices_recognized_district",
        _("Mô hình được công nhận cấp quận, huyện (trước 1/7/2025)"),
        _("Số quyết định công nhận cấp quận, huyện trong kỳ"),
        recognitions(Level.DISTRICT),
        PRACTICES,
        _("mô hình"),
        7,
    ),
    _count(
        "movement.practices_recognized_city",
        _("Mô hình được công nhận cấp thành phố"),
        _("Số quyết định công nhận cấp thành phố trong kỳ"),
        recognitions(Level.CITY),
        PRACTICES,
        _("mô hình"),
        8,
    ),
    _count(
        "movement.commendations",
        _("Khen thưởng mô hình"),
        _("Số bằng khen, giấy khen cho mô hình trong kỳ"),
        lambda s: s.filter(
            Commendation.objects.all(), unit_field="practice__unit", date_field="given_on"
        ),
        PRACTICES,
        _("lượt khen"),
        9,
    ),
    _count(
        "movement.contests",
        _("Hội thi “Dân vận khéo” tổ chức"),
        _("Số hội thi tổ chức trong kỳ"),
        lambda s: s.filter(Contest.objects.all(), date_field="held_on"),
        CONTEST,
        _("hội thi"),
        1,
    ),
    _count(
        "movement.contest_teams",
        _("Đội thi tham gia"),
        _("Số đội dự thi (mỗi đội tính một lần, ở vòng đầu tiên đội tham gia) trong kỳ"),
        lambda s: s.filter(
            Team.objects.filter(advanced_from__isnull=True), date_field="round__held_on"
        ),
        CONTEST,
        _("đội"),
        2,
    ),
    _count(
        "movement.selfmanaged_groups",
        _("Ngõ, xóm liên gia tự quản"),
        _("Số tổ tự quản đang hoạt động vào cuối kỳ"),
        groups_active,
        GRASSROOTS,
        _("tổ"),
        1,
    ),
    _count(
        "movement.prestigious_persons",
        _("Người có uy tín trong danh sách"),
        _("Số người có uy tín trong danh sách được phê duyệt của năm cuối kỳ"),
        persons_listed,
        GRASSROOTS,
        _("người"),
        2,
    ),
    Indicator(
        code="movement.prestigious_persons_supported",
        name=_("Người có uy tín được thăm hỏi, hỗ trợ"),
        formula=_("Số người có uy tín được thăm hỏi, tập huấn, tặng quà trong kỳ"),
        numerator=lambda s: s.filter(
            PersonSupport.objects.all(), unit_field="person__unit", date_field="given_on"
        ),
        aggregate=Count("person", distinct=True),
        app=APP,
        group=GRASSROOTS,
        unit_label=_("người"),
        order=3,
    ),
    Indicator(
        code="movement.mountain_income_avg",
        name=_("Thu nhập bình quân đầu người ở các xã miền núi"),
        formula=_(
            "Trung bình thu nhập bình quân (đồng/người/năm) các xã miền núi kê khai trong kỳ, "
            "theo văn bản nguồn của từng xã"
        ),
        numerator=lambda s: s.filter(
            CommuneFigure.objects.filter(mountain=True), date_field="period_end"
        ),
        aggregate=Sum("income_per_person_vnd"),
        denominator=lambda s: s.filter(
            CommuneFigure.objects.filter(mountain=True), date_field="period_end"
        ),
        app=APP,
        group=GRASSROOTS,
        unit_label=_("đồng/người/năm"),
        order=4,
    ),
    Indicator(
        code="movement.site_clearance_households",
        name=_("Hộ dân trong phạm vi giải phóng mặt bằng công trình trọng điểm"),
        formula=_("Tổng số hộ bị ảnh hưởng của các đoạn dự án (số liệu đến cuối kỳ)"),
        numerator=segments,
        aggregate=Sum("households"),
        app=APP,
        group=CLEARANCE,
        unit_label=_("hộ"),
        order=1,
    ),
    Indicator(
        code="movement.site_clearance_handed_over",
        name=_("Hộ dân đã bàn giao mặt bằng"),
        formula=_("Tổng số hộ đã bàn giao mặt bằng (số liệu đến cuối kỳ)"),
        numerator=segments,
        aggregate=Sum("households_handed_over"),
        app=APP,
        group=CLEARANCE,
        unit_label=_("hộ"),
        order=2,
    ),
    Indicator(
        code="movement.site_clearance_rate",
        name=_("Tỷ lệ hộ đã bàn giao mặt bằng"),
        formula=_("Hộ đã bàn giao ÷ hộ bị ảnh hưởng"),
        numerator=segments,
        aggregate=Sum("households_handed_over"),
        denominator=segments,
        denominator_aggregate=Sum("households"),
        app=APP,
        group=CLEARANCE,
        unit_label="%",
        order=3,
    ),
]


def register_all() -> None:
    for indicator in INDICATORS:
        register(indicator)
