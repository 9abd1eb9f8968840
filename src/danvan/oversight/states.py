"""The states and choice lists of the oversight registers (SPEC §6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    CITY = "city", _("Thành phố")
    DISTRICT = "district", _("Quận/huyện (đến 30/6/2025)")
    COMMUNE = "commune", _("Xã/phường")


class SupervisionForm(models.TextChoices):
    # Law 75/2015 (am. 97/2025) Art. 27
    DOCUMENTS = "documents", _("Nghiên cứu, xem xét văn bản")
    TEAM = "team", _("Tổ chức đoàn giám sát")
    BOARD = "board", _("Thông qua Ban Thanh tra nhân dân, Ban Giám sát đầu tư của cộng đồng")
    JOINT = "joint", _("Tham gia giám sát với cơ quan có thẩm quyền")


class SubjectKind(models.TextChoices):
    BODY = "body", _("Cơ quan, tổ chức")
    PERSON = "person", _("Cá nhân (đại biểu, cán bộ)")
    POLICY = "policy", _("Việc thực hiện chính sách, pháp luật")


class SupervisionState(models.TextChoices):
    PLANNED = "planned", _("Kế hoạch")
    NOTIFIED = "notified", _("Đã thông báo")
    CONDUCTED = "conducted", _("Đã tiến hành")
    REPORTED = "reported", _("Đã có báo cáo")
    RECOMMENDED = "recommended", _("Đã gửi kiến nghị")
    FOLLOWED_UP = "followed_up", _("Đang theo dõi kiến nghị")
    CLOSED = "closed", _("Kết thúc")
    CANCELLED = "cancelled", _("Hủy")


class RecommendationState(models.TextChoices):
    SENT = "sent", _("Đã gửi")
    ANSWERED = "answered", _("Đã trả lời")
    RESOLVED = "resolved", _("Đã giải quyết")
    UNRESOLVED = "unresolved", _("Chưa giải quyết")
    ESCALATED = "escalated", _("Đã kiến nghị lên cấp trên")


class DeadlineUnit(models.TextChoices):
    DAYS = "d", _("ngày")
    WORKING_DAYS = "wd", _("ngày làm việc")


class CriticismForm(models.TextChoices):
    # Law 75/2015 Art. 34
    CONFERENCE = "conference", _("Hội nghị phản biện xã hội")
    WRITTEN = "written", _("Gửi dự thảo lấy ý kiến bằng văn bản")
    DIALOGUE = "dialogue", _("Đối thoại trực tiếp với cơ quan soạn thảo")


class CommentResponse(models.TextChoices):
    PENDING = "pending", _("Chưa phản hồi")
    TAKEN_UP = "taken_up", _("Tiếp thu")
    PARTLY = "partly", _("Tiếp thu một phần")
    NOT_TAKEN = "not_taken", _("Không tiếp thu")


class BoardKind(models.TextChoices):
    INSPECTION = "inspection", _("Ban Thanh tra nhân dân")
    INVESTMENT = "investment", _("Ban Giám sát đầu tư của cộng đồng")


class BoardPosition(models.TextChoices):
    HEAD = "head", _("Trưởng ban")
    DEPUTY = "deputy", _("Phó Trưởng ban")
    MEMBER = "member", _("Ủy viên")


class DisclosureForm(models.TextChoices):
    # Law 10/2022 Art. 12(1)
    NOTICE_BOARD = "notice_board", _("Niêm yết")
    WEBSITE = "website", _("Cổng/trang thông tin điện tử")
    LOUDSPEAKER = "loudspeaker", _("Hệ thống truyền thanh")
    MEETING = "meeting", _("Hội nghị, qua Trưởng thôn/Tổ trưởng tổ dân phố")
    OTHER = "other", _("Hình thức khác")


class DisclosurePeriod(models.TextChoices):
    YEARLY = "yearly", _("Hằng năm")
    QUARTERLY = "quarterly", _("Hằng quý")
    PERMANENT = "permanent", _("Thường xuyên, cập nhật khi thay đổi")
