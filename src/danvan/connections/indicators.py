"""Decision 766 indicators computed from the connections (danvan.core.indicators):

- ``connections.dossiers_synced`` (1.4): dossiers received in the period that the National Public
  Service Portal holds as they are now (sent, nothing waiting in the outbox) ÷ dossiers received.
  The portal divides by the larger of its own count and the national report's; ours is the count
  the platform can prove.
- ``connections.dossiers_population_data`` (4.5b): dossiers received in the period authenticated
  with VNeID or filled from an answered population-data look-up ÷ dossiers received.
"""

from django.utils.translation import gettext_lazy as _

from danvan.connections.services import population, portal
from danvan.core.indicators import Indicator, register

SOURCE = _("Quyết định 766/QĐ-TTg")
GROUP = _("Kết nối, đồng bộ")


INDICATORS = [
    Indicator(
        code="connections.dossiers_synced",
        name=_("Tỷ lệ hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia (chỉ số 1.4)"),
        formula=_(
            "Hồ sơ tiếp nhận trong kỳ mà Cổng DVC quốc gia đang giữ đúng trạng thái hiện tại "
            "(đã gửi, không còn tin chờ gửi) ÷ hồ sơ tiếp nhận trong kỳ"
        ),
        numerator=portal.received_in_sync,
        denominator=portal.received,
        app="connections",
        group=GROUP,
        unit_label="%",
        source=SOURCE,
        order=1,
    ),
    Indicator(
        code="connections.dossiers_population_data",
        name=_("Tỷ lệ hồ sơ sử dụng dữ liệu dân cư hoặc xác thực VNeID (chỉ số 4.5b)"),
        formula=_(
            "Hồ sơ tiếp nhận trong kỳ xác thực bằng VNeID hoặc điền từ tra cứu CSDL quốc gia về "
            "dân cư có kết quả ÷ hồ sơ tiếp nhận trong kỳ"
        ),
        numerator=population.received_with_population_data,
        denominator=portal.received,
        app="connections",
        group=GROUP,
        unit_label="%",
        source=SOURCE,
        order=2,
    ),
]


def register_all() -> None:
    for indicator in INDICATORS:
        register(indicator)
