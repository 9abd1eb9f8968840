"""Forms of the movement pages, with Vietnamese messages."""

import datetime as dt

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts import scope
from danvan.core.widgets import DataSelect, mark_typed_text
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
        widget=DataSelect,
        error_messages={**REQUIRED, "invalid_choice": _("Đơn vị không thuộc phạm vi của bạn.")},
    )
    # Most practices are a commune's or ward's own; the first choice (village) made an officer
    # who picked their ward meet "the village level needs a village".
    level = forms.ChoiceField(
        label=_("Cấp đăng ký"), choices=Level.choices, initial=Level.COMMUNE,
        error_messages=REQUIRED,
    )  # fmt: skip
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
        mark_typed_text(self)
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
        mark_typed_text(self)

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
    unit = forms.CharField(label=_("Đơn vị (mã hoặc tên)"), required=False, max_length=200)
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_typed_text(self)


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
        widget=DataSelect,
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
        mark_typed_text(self)

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


# --- prestigious persons, mountain communes, key projects ----------------------------------------

MESSAGES = {
    "required": _("Không được để trống."),
    "invalid": _("Giá trị không hợp lệ."),
    "min_value": _("Giá trị quá nhỏ."),
    "max_value": _("Giá trị quá lớn."),
    "max_length": _("Quá dài."),
    "invalid_choice": _("Lựa chọn không hợp lệ."),
    "max_digits": _("Quá nhiều chữ số."),
    "max_decimal_places": _("Quá nhiều chữ số thập phân."),
}


class _Vietnamese:
    """Vietnamese messages on every field; dates as dd/mm/yyyy; numbers never negative."""

    def _localize(self):
        mark_typed_text(self)
        for field in self.fields.values():
            field.error_messages.update(MESSAGES)
            if isinstance(field, _UnitField):
                field.error_messages["invalid_choice"] = _("Đơn vị không thuộc phạm vi của bạn.")
            if isinstance(field, forms.DateField):
                field.input_formats = DATE_FORMATS
                field.error_messages["invalid"] = _("Ngày không hợp lệ (dd/mm/yyyy).")
                field.widget = forms.DateInput(
                    format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}
                )
            if isinstance(field, (forms.IntegerField, forms.DecimalField)):
                if field.min_value is None or field.min_value < 0:
                    field.min_value = 0
                    field.validators.append(MinValueValidator(0))
                field.error_messages["min_value"] = _("Không được âm.")
                if isinstance(field, forms.IntegerField):
                    field.error_messages["invalid"] = _("Phải là số nguyên.")


def _units(user, kinds):
    qs = scope.visible_units(user, services.WRITERS).current().filter(kind__in=kinds)
    return qs.order_by("depth", "name")


class _UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name if obj.parent_id is None else f"{obj.name} ({obj.parent.name})"


def _unit_field(label):
    return _UnitField(
        label=label, queryset=Unit.objects.none(), widget=DataSelect,
        error_messages={**REQUIRED, "invalid_choice": _("Đơn vị không thuộc phạm vi của bạn.")},
    )  # fmt: skip


class PersonForm(_Vietnamese, forms.ModelForm):
    unit = _unit_field(_("Thôn, bản (hoặc xã)"))

    class Meta:
        from danvan.movement.models import PrestigiousPerson

        model = PrestigiousPerson
        fields = ["full_name", "birth_year", "phone", "ethnic_group", "role", "year_approved",
                  "approved_by"]  # fmt: skip

    def __init__(self, *args, user=None, phone_masked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self._localize()
        if self.instance.pk:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = _units(
                user, [UnitKind.VILLAGE, UnitKind.COMMUNE]
            ).select_related("parent")
            self.order_fields(["unit"])
        self.phone_masked = phone_masked
        if phone_masked:
            self.fields["phone"].help_text = _("Để trống để giữ số điện thoại đã có.")
        self.fields["birth_year"].min_value = 1900
        year = timezone.localdate().year
        self.fields["birth_year"].widget.attrs.update(min=1900, max=year)
        self.fields["year_approved"].widget.attrs.update(min=2009, max=year + 1)

    def clean_birth_year(self):
        value = self.cleaned_data["birth_year"]
        if value is not None and not 1900 <= value <= timezone.localdate().year:
            raise forms.ValidationError(_("Năm sinh không hợp lệ."))
        return value

    def clean_year_approved(self):
        value = self.cleaned_data["year_approved"]
        if not 2009 <= value <= timezone.localdate().year + 1:
            raise forms.ValidationError(_("Năm phê duyệt không hợp lệ."))
        return value

    def clean_phone(self):
        from danvan.core.identifiers import clean_phone, is_phone

        raw = (self.cleaned_data["phone"] or "").strip()
        if not raw:
            return self.instance.phone if self.phone_masked else ""
        phone = clean_phone(raw)
        if not is_phone(phone):
            raise forms.ValidationError(_("Số điện thoại không hợp lệ."))
        return phone


class SupportForm(_Vietnamese, forms.Form):
    from danvan.movement.models import SupportKind

    kind = forms.ChoiceField(label=_("Hình thức hỗ trợ"), choices=SupportKind.choices)
    given_on = forms.DateField(label=_("Ngày"))
    note = forms.CharField(label=_("Nội dung"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._localize()

    def clean_given_on(self):
        day = self.cleaned_data["given_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày hỗ trợ không được sau hôm nay."))
        return day


class EconomicModelForm(_Vietnamese, forms.ModelForm):
    unit = _unit_field(_("Xã"))

    class Meta:
        from danvan.movement.models import EconomicModel

        model = EconomicModel
        fields = ["name", "product", "households", "output", "income_vnd", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._localize()
        self.fields["income_vnd"].required = False
        self.fields["households"].min_value = 1
        if self.instance.pk:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = _units(user, [UnitKind.COMMUNE]).select_related("parent")
            self.order_fields(["unit"])

    def clean_households(self):
        value = self.cleaned_data["households"]
        if value < 1:
            raise forms.ValidationError(_("Ít nhất 1 hộ."))
        return value

    def clean_year(self):
        value = self.cleaned_data["year"]
        if not 2000 <= value <= timezone.localdate().year:
            raise forms.ValidationError(_("Năm không hợp lệ."))
        return value


class FigureForm(_Vietnamese, forms.ModelForm):
    unit = _unit_field(_("Xã"))

    class Meta:
        from danvan.movement.models import CommuneFigure

        model = CommuneFigure
        fields = ["period_start", "period_end", "income_per_person_vnd", "poor_household_rate",
                  "mountain", "source"]  # fmt: skip
        labels = {"period_start": _("Từ ngày"), "period_end": _("Đến ngày"),
                  "mountain": _("Xã miền núi, vùng đồng bào dân tộc thiểu số")}  # fmt: skip
        help_texts = {"source": _("Văn bản báo cáo có số liệu này (số, ngày, cơ quan).")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._localize()
        self.fields["poor_household_rate"].max_value = 100
        if self.instance.pk:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = _units(user, [UnitKind.COMMUNE]).select_related("parent")
            self.order_fields(["unit"])

    def clean_poor_household_rate(self):
        value = self.cleaned_data["poor_household_rate"]
        if value is not None and value > 100:
            raise forms.ValidationError(_("Tỷ lệ không được quá 100%."))
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Ngày kết thúc kỳ phải sau ngày bắt đầu."))
        if end and end > timezone.localdate():
            self.add_error("period_end", _("Kỳ số liệu chưa kết thúc."))
        return data


class ProjectForm(_Vietnamese, forms.ModelForm):
    unit = _unit_field(_("Đơn vị chủ trì công tác dân vận"))

    class Meta:
        from danvan.movement.models import Project

        model = Project
        fields = ["name", "started_on"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._localize()
        if self.instance.pk:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = _units(user, [UnitKind.PROVINCE, UnitKind.COMMUNE])
            self.order_fields(["unit"])


class SegmentForm(_Vietnamese, forms.ModelForm):
    unit = _unit_field(_("Đoạn qua xã, phường"))

    class Meta:
        from danvan.movement.models import Segment

        model = Segment
        fields = ["old_district", "households", "households_agreed", "households_handed_over",
                  "area_m2", "area_handed_m2", "open_disputes", "as_of"]  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._localize()
        self.fields["unit"].queryset = _units(user, [UnitKind.COMMUNE]).select_related("parent")
        self.order_fields(["unit"])
        self.fields["as_of"].initial = timezone.localdate()

    def clean(self):
        return _check_progress(self, super().clean(), self.cleaned_data.get("households"),
                               self.cleaned_data.get("area_m2"))  # fmt: skip


class ProgressForm(_Vietnamese, forms.Form):
    """Site-clearance progress of one segment at a date."""

    on = forms.DateField(label=_("Số liệu đến ngày"))
    households_agreed = forms.IntegerField(label=_("Số hộ đồng thuận"))
    households_handed_over = forms.IntegerField(label=_("Số hộ đã bàn giao"))
    area_handed_m2 = forms.DecimalField(label=_("Diện tích đã bàn giao (m²)"), max_digits=12,
                                        decimal_places=1)  # fmt: skip
    open_disputes = forms.IntegerField(label=_("Vướng mắc chưa giải quyết"))

    def __init__(self, *args, segment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._localize()
        self.segment = segment

    def clean(self):
        data = super().clean()
        on = data.get("on")
        if on and on > timezone.localdate():
            self.add_error("on", _("Ngày số liệu không được sau hôm nay."))
        return _check_progress(self, data, self.segment.households, self.segment.area_m2)


def _check_progress(form, data, households, area):
    agreed, handed = data.get("households_agreed"), data.get("households_handed_over")
    if households is not None and agreed is not None and agreed > households:
        form.add_error("households_agreed", _("Không được nhiều hơn số hộ bị ảnh hưởng."))
    if agreed is not None and handed is not None and handed > agreed:
        form.add_error("households_handed_over", _("Không được nhiều hơn số hộ đồng thuận."))
    handed_area = data.get("area_handed_m2")
    if area is not None and handed_area is not None and handed_area > area:
        form.add_error("area_handed_m2", _("Không được lớn hơn tổng diện tích."))
    return data
