"""Forms: the officials' intake (counter, reception day, hotline, letters, forwarded) and the
citizen's public form. Both end in services.PetitionInput; the rules are in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import DomainError
from danvan.core.widgets import DataSelect
from danvan.grassroots.models import Category, Channel, Kind
from danvan.grassroots.services import PetitionInput

OFFICIAL_CHANNELS = [
    (c, label)
    for c, label in Channel.choices
    if c in (Channel.COUNTER, Channel.RECEPTION, Channel.HOTLINE, Channel.LETTER, Channel.FORWARDED)
]


class IntakeForm(forms.Form):
    unit = forms.ModelChoiceField(
        queryset=None, label=_("Đơn vị tiếp nhận"), empty_label=None, widget=DataSelect
    )
    channel = forms.ChoiceField(choices=OFFICIAL_CHANNELS, label=_("Kênh tiếp nhận"))
    kind = forms.ChoiceField(choices=Kind.choices, label=_("Loại đơn"))
    category = forms.ChoiceField(choices=Category.choices, label=_("Lĩnh vực"))
    title = forms.CharField(max_length=300, required=False, label=_("Tiêu đề"))
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=10000, label=_("Nội dung")
    )
    village = forms.CharField(max_length=150, required=False, label=_("Thôn, tổ dân phố"))
    address = forms.CharField(max_length=300, required=False, label=_("Địa điểm xảy ra"))
    project_segment = forms.CharField(
        max_length=60, required=False, label=_("Mã đoạn dự án trọng điểm (nếu có)")
    )
    petitioner_name = forms.CharField(max_length=150, required=False, label=_("Họ tên người gửi"))
    petitioner_phone = forms.CharField(max_length=20, required=False, label=_("Điện thoại"))
    petitioner_address = forms.CharField(
        max_length=300, required=False, label=_("Địa chỉ người gửi")
    )
    petitioner_national_id = forms.CharField(
        max_length=12, required=False, label=_("Số định danh cá nhân")
    )
    people_count = forms.IntegerField(min_value=1, max_value=10000, initial=1, label=_("Số người"))
    representatives = forms.IntegerField(
        min_value=0, max_value=10000, initial=0, label=_("Số người đại diện")
    )
    forwarded_from = forms.CharField(max_length=200, required=False, label=_("Cơ quan chuyển đến"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def petition_input(self) -> PetitionInput:
        data = {k: v for k, v in self.cleaned_data.items() if k != "unit"}
        return PetitionInput(**data)


class PublicForm(forms.Form):
    unit = forms.ChoiceField(label=_("Phường, xã nơi xảy ra sự việc"), widget=DataSelect)
    kind = forms.ChoiceField(choices=Kind.choices, initial=Kind.FEEDBACK, label=_("Loại"))
    category = forms.ChoiceField(choices=Category.choices, label=_("Lĩnh vực"))
    title = forms.CharField(max_length=300, required=False, label=_("Tiêu đề ngắn"))
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        label=_("Nội dung phản ánh, kiến nghị"),
    )
    address = forms.CharField(
        max_length=300, required=False, label=_("Địa điểm (số nhà, đường, thôn)")
    )
    photo = forms.FileField(required=False, label=_("Ảnh (không bắt buộc, JPEG/PNG/PDF)"))
    name = forms.CharField(max_length=150, required=False, label=_("Họ tên (không bắt buộc)"))
    phone = forms.CharField(
        max_length=20, required=False, label=_("Điện thoại nhận tin (không bắt buộc)")
    )
    email = forms.EmailField(
        max_length=254, required=False, label=_("Thư điện tử nhận tin (không bắt buộc)")
    )
    website = forms.CharField(required=False)  # honeypot: people leave it empty
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [
            ("", _("— Chọn phường, xã —")),
            *((u.code, u.name) for u in communes),
        ]

    def petition_input(self) -> PetitionInput:
        d = self.cleaned_data
        return PetitionInput(
            kind=d["kind"],
            category=d["category"],
            title=d["title"],
            description=d["description"],
            address=d["address"],
            petitioner_name=d["name"],
            petitioner_phone=d["phone"],
            petitioner_email=d["email"],
        )


def add_domain_errors(form, exc: DomainError) -> None:
    fields = exc.fields or {}
    placed = False
    for name, message in fields.items():
        if name in form.fields:
            form.add_error(name, str(message))
            placed = True
    if not placed:
        form.add_error(None, exc.message)
