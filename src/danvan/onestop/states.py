"""The dossier's states (the table of transitions is ``onestop.workflow``).

State numbers are the national public-service portal's status codes, so a sync needs no mapping.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.IntegerChoices):
    REGISTERED_ONLINE = 1, _("Đăng ký trực tuyến, chờ tiếp nhận")
    RECEIVED = 2, _("Đã tiếp nhận")
    NOT_RECEIVED = 3, _("Từ chối tiếp nhận")
    PROCESSING = 4, _("Đang giải quyết")
    SUPPLEMENT_REQUESTED = 5, _("Yêu cầu bổ sung hồ sơ")
    FINANCIAL_OBLIGATION = 6, _("Yêu cầu thực hiện nghĩa vụ tài chính")
    WITHDRAWN = 7, _("Công dân rút hồ sơ")
    STOPPED = 8, _("Dừng giải quyết")
    PROCESSED = 9, _("Đã giải quyết xong")
    RETURNED = 10, _("Đã trả kết quả")


CLOSED = frozenset({Status.NOT_RECEIVED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED})
OPEN = frozenset(set(Status) - CLOSED)
ACTIVE = frozenset(
    {Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION}
)


class SubStatus(models.TextChoices):
    NONE = "", "—"
    SUPPLEMENT_BY_DESK = "supplement_by_desk", _("Bộ phận một cửa yêu cầu bổ sung")
    SUPPLEMENT_FROM_CITIZEN = "supplement_from_citizen", _("Chờ công dân bổ sung")
    SUPPLEMENTED = "supplemented", _("Công dân đã bổ sung")
    SUPPLEMENT_COMPLETE = "supplement_complete", _("Đã bổ sung đầy đủ")
    AWAITING_SIGNATURE = "awaiting_signature", _("Chờ lãnh đạo ký duyệt")
    SIGNED_AWAITING_SEAL = "signed_awaiting_seal", _("Đã ký số, chờ văn thư đóng dấu")
    RESULT_AWAITING_CONFIRMATION = "result_awaiting_confirmation", _("Kết quả chờ xác nhận")
    RESULT_AVAILABLE = "result_available", _("Có kết quả, chờ trả")
    RESULT_HANDED_OVER = "result_handed_over", _("Đã bàn giao kết quả")
