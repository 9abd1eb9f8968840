"""Forms of the movement pages, with Vietnamese messages."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts import scope
from danvan.movement import services
from danvan.movement.models import (
    CommendationKind,
    Field,
    GroupTask,
    HolderKind,
    Level,
    Origin,
    Practice,
    PracticeState,
)
from danvan.units.models import Unit, UnitKind

REQUIRED = {"required": _("Không được để trống.")}
DATE = {"required": _("Không được để trống."), "invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")}
INT = {"invalid": _("Phải là số nguyên."), "min_value": _("Không được âm.")}
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


def unit_choices(user):
    """The units an officer may register for: their own units and those below (current)."""
    qs = scope.visible_units(user, services.WRITERS).current()
    qs = qs.filter(kind__in=[UnitKind.PROVINCE, UnitKind.COMMUNE, UnitKind.VILLAGE])
    return qs.order_by("depth", "name")


class RegisterForm(forms.Form):
    """The short form: a practice is registered with these and completed later."""

    name = forms.CharField(label=_("Tên mô hình"), max_length=500, error_messages=REQUIRED)
    unit = forms.ModelChoiceField(
        label=_("Đơn vị đăng ký"),
        queryset=Unit.objects.none(),
        error_messages={**REQUIRED, "invalid_choice": _("Đơn vị không thuộc phạm vi của bạn.")},
    )
    level = forms.ChoiceField(
        label=_("Cấp đăng ký"), choices=Level.choices, error_messages=REQUIRED
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices, error_messages=REQUIRED)
    origin = forms.ChoiceField(label=_("Loại đăng ký"), choices=Origin.choices, initial=Origin.NEW)
    holder_kind = forms.ChoiceField(
        label=_("Chủ thể"), choices=HolderKind.choices, error_messages=REQUIRED
    )
    holder_name = forms.CharField(
        label=_("Tên tập thể, cá nhân chủ trì"), max_length=300, error_messages=REQUIRED
    )
    registered_on = forms.DateField(
        label=_("Ngày đăng ký"), input_formats=DATE_FORMATS, error_messages=DATE
    )
    replicates = forms.CharField(
        label=_("Nhân rộng từ mô hình (mã)"),
        required=False,
        max_length=24,
        help_text=_("Ghi mã mô hình gốc, ví dụ DVK-2026-1A2B3C4D, nếu đây là mô hình nhân rộng."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = unit_choices(user)
        self.fields["registered_on"].initial = timezone.localdate().strftime("%d/%m/%Y")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 5:
            raise forms.ValidationError(_("Tên mô hình quá ngắn (ít nhất 5 ký tự)."))
        return name

    def clean_registered_on(self):
        day = self.cleaned_data["registered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày đăng ký không được sau hôm nay."))
        if day < dt.date(2009, 1, 1):
            raise forms.ValidationError(_("Phong trào “Dân vận khéo” bắt đầu từ năm 2009."))
        return day

    def clean_replicates(self):
        code = self.cleaned_data["replicates"].strip().upper()
        if not code:
            return None
        found = services.visible(self.user).filter(code=code).select_related("unit").first()
        if found is None:
            raise forms.ValidationError(_("Không tìm thấy mô hình mã %(code)s.") % {"code": code})
        return found

    def clean(self):
        data = super().clean()
        if data.get("origin") == Origin.REPLICATED and not data.get("replicates"):
            self.add_error("replicates", _("Mô hình nhân rộng cần ghi mã mô hình gốc."))
        unit, level = data.get("unit"), data.get("level")
        if unit is not None and level == Level.VILLAGE and unit.kind != UnitKind.VILLAGE:
            self.add_error("unit", _("Cấp thôn, tổ dân phố cần chọn một thôn, tổ dân phố."))
        return data


class DetailsForm(forms.ModelForm):
    class Meta:
        model = Practice
        fields = ["name", "holder_name", *services.DETAIL_FIELDS]
        widgets = {
            "started_on": forms.DateInput(format="%d/%m/%Y"),
            "evaluation_on": forms.DateInput(format="%d/%m/%Y"),
        }
        error_messages = {
            "name": REQUIRED,
            "holder_name": REQUIRED,
            "funds_vnd": INT,
            "workdays": INT,
            "beneficiaries": INT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("started_on", "evaluation_on"):
            self.fields[name].input_formats = DATE_FORMATS
            self.fields[name].error_messages["invalid"] = DATE["invalid"]
        for name in ("funds_vnd", "workdays", "beneficiaries"):
            self.fields[name].min_value = 0
            self.fields[name].widget.attrs["min"] = 0

    def clean(self):
        data = super().clean()
        start, end = data.get("started_on"), data.get("evaluation_on")
        if start and end and end < start:
            self.add_error("evaluation_on", _("Ngày đánh giá phải sau ngày bắt đầu."))
        for name in ("funds_vnd", "workdays", "beneficiaries"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("Không được âm."))
        return data


class ListFilterForm(forms.Form):
    unit = forms.CharField(label=_("Đơn vị (mã)"), required=False, max_length=20)
    level = forms.ChoiceField(label=_("Cấp"), required=False, choices=[("", "—"), *Level.choices])
    field = forms.ChoiceField(
        label=_("Lĩnh vực"), required=False, choices=[("", "—"), *Field.choices]
    )
    state = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", "—"), *PracticeState.choices]
    )
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2009, max_value=2100)
    holder_kind = forms.ChoiceField(
        label=_("Chủ thể"), required=False, choices=[("", "—"), *HolderKind.choices]
    )
    replicated = forms.ChoiceField(
        label=_("Nhân rộng"),
        required=False,
        choices=[("", "—"), ("yes", _("Đã có nơi nhân rộng")), ("no", _("Chưa có nơi nhân rộng"))],
    )
    stale_years = forms.IntegerField(
        label=_("Chưa ai nhân rộng sau (năm)"), required=False, min_value=1, max_value=20
    )
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)


class TransitionForm(forms.Form):
    action = forms.CharField(max_length=40)
    version = forms.IntegerField(min_value=0)
    reason = forms.CharField(required=False, max_length=2000)
    decision_no = forms.CharField(required=False, max_length=64)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp .xlsx hoặc .csv"), error_messages={"required": _("Chưa chọn tệp.")}
    )
    valid_rows = forms.BooleanField(label=_("Chỉ nhập các dòng hợp lệ"), required=False)
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, chưa ghi"), required=False)


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Tên tài liệu"), max_length=300, error_messages=REQUIRED)
    file = forms.FileField(
        label=_("Tệp (PDF, JPEG, PNG)"), error_messages={"required": _("Chưa chọn tệp.")}
    )


class CommendationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=CommendationKind.choices)
    given_by = forms.CharField(
        label=_("Cấp, cơ quan khen"), max_length=300, error_messages=REQUIRED
    )
    given_on = forms.DateField(
        label=_("Ngày khen"), input_formats=DATE_FORMATS, error_messages=DATE
    )
    decision_no = forms.CharField(label=_("Số quyết định"), max_length=64, required=False)

    def clean_given_on(self):
        day = self.cleaned_data["given_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày khen không được sau hôm nay."))
        return day


class GroupForm(forms.Form):
    commune = forms.ModelChoiceField(
        label=_("Xã, phường"),
        queryset=Unit.objects.none(),
        error_messages={**REQUIRED, "invalid_choice": _("Xã, phường không thuộc phạm vi của bạn.")},
    )
    village = forms.CharField(
        label=_("Thôn, tổ dân phố"),
        max_length=200,
        error_messages=REQUIRED,
        help_text=_("Chưa có trong danh mục thì hệ thống tạo mới dưới xã, phường đã chọn."),
    )
    name = forms.CharField(label=_("Tên tổ tự quản"), max_length=200, error_messages=REQUIRED)
    head_name = forms.CharField(label=_("Tổ trưởng"), max_length=150, error_messages=REQUIRED)
    head_phone = forms.CharField(label=_("Điện thoại tổ trưởng"), max_length=20, required=False)
    households = forms.IntegerField(
        label=_("Số hộ"), min_value=1, max_value=10000,
        error_messages={**REQUIRED, "invalid": _("Phải là số nguyên."),
                        "min_value": _("Ít nhất 1 hộ."), "max_value": _("Số hộ quá lớn.")},
    )  # fmt: skip
    tasks = forms.MultipleChoiceField(
        label=_("Nội dung tự quản"), choices=GroupTask.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một nội dung.")},
    )  # fmt: skip
    established_on = forms.DateField(
        label=_("Ngày thành lập"), input_formats=DATE_FORMATS, error_messages=DATE
    )
    mountain = forms.BooleanField(label=_("Xã miền núi, vùng đồng bào dân tộc thiểu số"),
                                  required=False)  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = scope.visible_units(user, services.WRITERS).current().filter(kind=UnitKind.COMMUNE)
        self.fields["commune"].queryset = qs.order_by("name")

    def clean_head_phone(self):
        from danvan.core.identifiers import clean_phone, is_phone

        raw = self.cleaned_data["head_phone"].strip()
        if not raw:
            return ""
        phone = clean_phone(raw)
        if not is_phone(phone):
            raise forms.ValidationError(_("Số điện thoại không hợp lệ."))
        return phone

    def clean_established_on(self):
        day = self.cleaned_data["established_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày thành lập không được sau hôm nay."))
        return day
