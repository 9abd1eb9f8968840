"""The store's own indicators (danvan.core.indicators): documents kept and accounts activated.

Counts of dossiers and their components (digitization, reuse: Decision 766 group 4) belong to
the one-stop app: `danvan.onestop.indicators`.
"""

from django.utils.translation import gettext_lazy as _

from danvan.core.indicators import Indicator, Scope, register
from danvan.vault.models import ActivationCode, Source, VaultDocument

GROUP = _("Kho dữ liệu điện tử")


def documents(scope: Scope, **match):
    qs = VaultDocument.objects.filter(**match)
    return scope.filter(qs, unit_field="unit", date_field="added_at")


INDICATORS = [
    Indicator(
        code="vault.documents_added",
        name=_("Giấy tờ đưa vào kho dữ liệu"),
        formula=_("Số giấy tờ đưa vào kho trong kỳ tại đơn vị và các đơn vị trực thuộc"),
        numerator=documents,
        app="vault",
        group=GROUP,
        unit_label=_("giấy tờ"),
        order=1,
    ),
    Indicator(
        code="vault.documents_digitized",
        name=_("Giấy tờ số hóa tại Bộ phận Một cửa"),
        formula=_("Số giấy tờ số hóa khi tiếp nhận hồ sơ và lưu vào kho trong kỳ"),
        numerator=lambda s: documents(s, source=Source.DIGITIZED),
        app="vault",
        group=GROUP,
        unit_label=_("giấy tờ"),
        order=2,
    ),
    Indicator(
        code="vault.results_stored",
        name=_("Kết quả giải quyết lưu vào kho"),
        formula=_("Số kết quả giải quyết thủ tục được lưu vào kho của công dân, tổ chức trong kỳ"),
        numerator=lambda s: documents(s, source=Source.RESULT),
        app="vault",
        group=GROUP,
        unit_label=_("kết quả"),
        order=3,
    ),
    Indicator(
        code="vault.accounts_activated",
        name=_("Tài khoản công dân được kích hoạt"),
        formula=_("Số mã kích hoạt cấp tại đơn vị và đã được công dân dùng trong kỳ"),
        numerator=lambda s: s.filter(
            ActivationCode.objects.filter(used_at__isnull=False), date_field="used_at"
        ),
        app="vault",
        group=GROUP,
        unit_label=_("tài khoản"),
        order=4,
    ),
]


def register_all() -> None:
    for indicator in INDICATORS:
        register(indicator)
