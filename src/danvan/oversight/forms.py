"""Forms of the oversight pages, with Vietnamese messages."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import Organization, OrganizationKind
from danvan.oversight.models import Board
from danvan.oversight.services import dialogue_date_problems
from danvan.oversight.states import (
    BoardKind,
    BoardPosition,
    CommentResponse,
    CriticismForm,
    DeadlineUnit,
    DisclosureForm,
    SubjectKind,
    SupervisionForm,
)

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
ERRORS = {
    "required": _("Không được để trống."),
    "invalid": _("Giá trị không hợp lệ."),
    "invalid_choice": _("Lựa chọn không hợp lệ."),
    "max_length": _("Quá dài (tối đa %(limit_value)d ký tự)."),
    "min_value": _("Phải từ %(limit_value)s trở lên."),
    "max_value": _("Không được quá %(limit_value)s."),
}
FRONT_KINDS = [
    OrganizationKind.FATHERLAND_FRONT,
    OrganizationKind.WOMENS_UNION,
    OrganizationKind.YOUTH_UNION,
    OrganizationKind.FARMERS,
    OrganizationKind.VETERANS,
    OrganizationKind.TRADE_UNION,
]


def _date(label, required=True, **kw):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**ERRORS, "invalid": _("Ngày không hợp lệ (ngày/tháng/năm).")},
        **kw,
    )


def _text(label, max_length, required=True, area=False, min_length=None):
    return forms.CharField(
        label=label,
        max_length=max_length,
        min_length=min_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}) if area else None,
        error_messages={**ERRORS, "min_length": _("Quá ngắn (ít nhất %(limit_value)d ký tự).")},
    )


def _choice(label, choices, required=True):
    return forms.ChoiceField(label=label, choices=choices, required=required, error_messages=ERRORS)


class SupervisionPlanForm(forms.Form):
    title = _text(_("Nội dung giám sát"), 500, min_length=10)
    organizer = forms.ModelChoiceField(
        label=_("Cơ quan chủ trì"),
        queryset=Organization.objects.none(),
        error_messages=ERRORS,
        widget=forms.Select(attrs={"translate": "no"}),  # names of organizations: data
    )
    form = _choice(_("Hình thức"), SupervisionForm.choices)
    board = forms.ModelChoiceField(
        label=_("Ban (nếu giám sát thông qua ban)"),
        queryset=Board.objects.none(),
        required=False,
        error_messages=ERRORS,
        widget=forms.Select(attrs={"translate": "no"}),
    )
    subject_kind = _choice(_("Loại đối tượng"), SubjectKind.choices)
    subject = _text(_("Đối tượng giám sát"), 500, min_length=3)
    planned_on = _date(_("Ngày dự kiến giám sát"))
    members = _text(_("Thành phần đoàn"), 5000, required=False, area=True)
    content = _text(_("Nội dung chi tiết"), 20000, required=False, area=True)

    def __init__(self, *args, unit=None, org_kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            chain = unit.chain_ids()
            kinds = [org_kind] if org_kind else FRONT_KINDS
            self.fields["organizer"].queryset = Organization.objects.filter(
                unit_id__in=chain, kind__in=kinds
            ).order_by("-unit__depth", "kind")
            self.fields["board"].queryset = Board.objects.filter(unit=unit)

    def clean_planned_on(self):
        day = self.cleaned_data["planned_on"]
        today = timezone.localdate()
        if day.year < today.year - 1 or day > today + dt.timedelta(days=730):
            raise forms.ValidationError(
                _("Ngày dự kiến phải trong năm trước, năm nay hoặc 2 năm tới.")
            )
        return day


class RecommendationForm(forms.Form):
    addressee = _text(_("Nơi nhận kiến nghị"), 300, min_length=3)
    content = _text(_("Nội dung kiến nghị"), 20000, area=True, min_length=10)
    sent_on = _date(_("Ngày gửi"))
    due_on = _date(_("Hạn trả lời"), required=False)
    deadline_days = forms.IntegerField(
        label=_("hoặc số ngày"), required=False, min_value=1, max_value=365, error_messages=ERRORS
    )
    deadline_unit = _choice(_("Đơn vị"), DeadlineUnit.choices, required=False)

    def clean(self):
        data = super().clean()
        if data.get("due_on") and data.get("deadline_days"):
            raise forms.ValidationError(_("Chọn hạn trả lời hoặc số ngày, không chọn cả hai."))
        return data


class TransitionForm(forms.Form):
    """The fields any transition may need; the service says which are required."""

    action = forms.CharField(max_length=40)
    expected_version = forms.IntegerField(min_value=0)
    reason = _text(_("Lý do"), 2000, required=False, area=True)
    notified_on = _date(_("Ngày gửi kế hoạch"), required=False)
    started_on = _date(_("Ngày bắt đầu"), required=False)
    ended_on = _date(_("Ngày kết thúc"), required=False)
    findings = _text(_("Kết quả giám sát"), 20000, required=False, area=True)
    reported_on = _date(_("Ngày báo cáo"), required=False)
    answer = _text(_("Nội dung trả lời"), 20000, required=False, area=True)
    answered_on = _date(_("Ngày trả lời"), required=False)
    answer_document = _text(_("Văn bản trả lời"), 300, required=False)
    escalated_to = _text(_("Kiến nghị lên"), 300, required=False)
    due_on = _date(_("Hạn trả lời mới"), required=False)

    def data_for_service(self) -> dict:
        keep = ("notified_on", "started_on", "ended_on", "findings", "reported_on", "answer", "answered_on",
                "answer_document", "escalated_to", "due_on")  # fmt: skip
        return {k: self.cleaned_data[k] for k in keep if self.cleaned_data.get(k) not in (None, "")}


class CommentResponseForm(forms.Form):
    response = _choice(
        _("Tiếp thu"), [c for c in CommentResponse.choices if c[0] != CommentResponse.PENDING]
    )
    response_reason = _text(_("Giải trình"), 5000, required=False, area=True)


class CriticismCreateForm(forms.Form):
    draft_title = _text(_("Dự thảo văn bản"), 500, min_length=10)
    drafting_body = _text(_("Cơ quan soạn thảo"), 300, min_length=3)
    form = _choice(_("Hình thức"), CriticismForm.choices)
    received_on = _date(_("Ngày nhận dự thảo"), required=False)
    comments_due_on = _date(_("Hạn gửi ý kiến"), required=False)
    held_on = _date(_("Ngày phản biện"))


class CommentForm(forms.Form):
    author = _text(_("Người góp ý"), 300, min_length=3)
    content = _text(_("Nội dung góp ý"), 5000, area=True, min_length=5)


class DialogueForm(forms.Form):
    title = _text(_("Chủ đề"), 500, min_length=5)
    chair = _text(_("Chủ trì"), 300, min_length=3)
    held_on = _date(_("Ngày tổ chức"))
    place = _text(_("Địa điểm"), 300, min_length=3)
    notice_published_on = _date(_("Ngày đăng thông báo"), required=False)
    participants = _text(_("Thành phần"), 5000, required=False, area=True)
    citizens = forms.IntegerField(
        label=_("Số người dân tham dự"), required=False, min_value=0, max_value=100000,
        error_messages=ERRORS,
    )  # fmt: skip
    results = _text(_("Kết quả"), 20000, required=False, area=True)
    results_published_on = _date(_("Ngày công khai kết quả"), required=False)

    def clean(self):
        data = super().clean()
        for field, message in dialogue_date_problems(data):
            self.add_error(field, message)
        return data


class DisclosureRecordForm(forms.Form):
    disclosed_on = _date(_("Ngày công khai"))
    form = _choice(_("Hình thức"), DisclosureForm.choices)
    document = _text(_("Văn bản, tệp công khai"), 300, required=False)
    note = _text(_("Ghi chú"), 2000, required=False)


class PublishResultsForm(forms.Form):
    results = _text(_("Kết quả hội nghị"), 20000, area=True, min_length=10)
    published_on = _date(_("Ngày công khai kết quả"))


class DoneForm(forms.Form):
    done_on = _date(_("Ngày hoàn thành"))


class BoardForm(forms.Form):
    """A People's Inspection Board or a Community Investment Supervision Board."""

    commune = forms.ModelChoiceField(
        label=_("Xã, phường"), queryset=None, required=True, error_messages=ERRORS
    )
    kind = _choice(_("Loại ban"), BoardKind.choices)
    name = _text(_("Tên ban"), 255, min_length=5)
    project = _text(_("Chương trình, dự án (với Ban Giám sát đầu tư)"), 500, required=False)
    term_start = _date(_("Nhiệm kỳ từ"))
    term_end = _date(_("Nhiệm kỳ đến"), required=False)
    villages = forms.IntegerField(
        label=_("Số thôn, tổ dân phố (để tính số thành viên tối thiểu)"),
        required=False, min_value=1, max_value=500, error_messages=ERRORS,
    )  # fmt: skip
    dissolved_on = _date(_("Ngày giải thể"), required=False)

    def __init__(self, *args, communes=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if communes is None:
            del self.fields["commune"]  # the page is about one commune already
        else:
            self.fields["commune"].queryset = communes
        if editing:
            del self.fields["kind"]
        else:
            del self.fields["dissolved_on"]

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", _("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."))
        if data.get("kind") == BoardKind.INVESTMENT and len(data.get("project") or "") < 5:
            self.add_error("project", _("Ban Giám sát đầu tư của cộng đồng cần tên dự án."))
        return data


class BoardMemberForm(forms.Form):
    full_name = _text(_("Họ và tên"), 150, min_length=3)
    position = _choice(_("Chức danh"), BoardPosition.choices)
    village = _text(_("Thôn, tổ dân phố"), 150, required=False)
    term_start = _date(_("Nhiệm kỳ từ"))
    term_end = _date(_("Nhiệm kỳ đến"), required=False)
    left_on = _date(_("Thôi làm thành viên từ"), required=False)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["left_on"]

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", _("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."))
        return data


class QuestionForm(forms.Form):
    asked_by = _text(_("Người nêu ý kiến"), 200, min_length=3)
    topic = _text(_("Vấn đề, câu hỏi"), 500, min_length=5, area=True)
    petition_ref = _text(_("Đơn thư liên quan (số, mã)"), 64, required=False)
    answer = _text(_("Trả lời tại hội nghị"), 20000, required=False, area=True)
    answered_by = _text(_("Người trả lời"), 200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("answer") and not data.get("answered_by"):
            self.add_error("answered_by", _("Hãy ghi người trả lời."))
        return data


class CommitmentForm(forms.Form):
    content = _text(_("Nội dung cam kết"), 5000, min_length=5, area=True)
    owner = _text(_("Đơn vị, người thực hiện"), 300, min_length=3)
    due_on = _date(_("Hạn thực hiện"))


class AnswerForm(forms.Form):
    answer = _text(_("Nội dung trả lời"), 20000, min_length=5, area=True)
    answered_by = _text(_("Người trả lời"), 200, min_length=3)


class SignForm(forms.Form):
    pin = forms.RegexField(
        label=_("Mã PIN ký số"), regex=r"^[0-9]{6,8}$", error_messages=ERRORS, strip=True
    )
