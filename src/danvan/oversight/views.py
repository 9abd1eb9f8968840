"""Oversight pages: the Front officer's home (overdue recommendations first), each register's
list and record page with its timeline, the forms, exports, the import, and the public pages."""

import datetime as dt
import uuid
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from danvan.accounts import scope
from danvan.core.errors import DomainError, Invalid, NotFound
from danvan.core.idempotency import run_once
from danvan.core.indicators import evaluate, get
from danvan.documents import render_document
from danvan.documents.docx import render_docx
from danvan.jobs import services as jobs
from danvan.oversight import documents, forms, scoping, services, signatures
from danvan.oversight.flows import RECOMMENDATION_FLOW, SUPERVISION_FLOW
from danvan.oversight.jobs import KIND as REMINDER_JOB
from danvan.oversight.models import (
    Board,
    BoardMember,
    CriticismComment,
    CriticismSession,
    Dialogue,
    DialogueQuestion,
    Disclosure,
    Recommendation,
    Supervision,
)
from danvan.oversight.states import Level, RecommendationState, SupervisionForm, SupervisionState
from danvan.units.models import Unit, UnitKind
from danvan.workflow import allowed_for, history, transition

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OPEN_SUP = [s for s in SupervisionState.values if s not in ("closed", "cancelled")]


def _reader(request):
    scoping.require_reader(request.user)
    return request.user


def _unit(request):
    """The unit the page is about: the picked unit if the user covers it, else their highest."""
    user = request.user
    unit = getattr(request, "current_unit", None)
    if unit is not None and scope.covers(user, unit, scoping.READERS):
        return unit
    homes = [u for u in scope.home_units(user) if scope.covers(user, u, scoping.READERS)]
    return homes[0] if homes else None


def _in_unit(qs, unit, field="unit"):
    return qs.filter(**{f"{field}__path__startswith": unit.path}) if unit is not None else qs


def _xlsx(name: str, title: str, header, rows) -> HttpResponse:
    response = HttpResponse(documents.xlsx(title, header, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _decorate_rec(rec: Recommendation, today):
    rec.overdue = rec.is_overdue(today)
    rec.days_late = (today - rec.due_on).days if rec.overdue else 0
    rec.state_label = RecommendationState(rec.state).label
    return rec


# --- home -----------------------------------------------------------------------------------


@login_required
def home(request):
    user = _reader(request)
    unit = _unit(request)
    today = timezone.localdate()
    recs = _in_unit(scoping.recommendations(Recommendation.objects.all(), user), unit)
    overdue = [
        _decorate_rec(r, today)
        for r in services.overdue(recs, today)
        .select_related("unit", "supervision")
        .order_by("due_on")[:50]
    ]
    sups = _in_unit(scoping.supervisions(Supervision.objects.all(), user), unit)
    q_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    q_end = dt.date(
        today.year + (q_start.month == 10), (q_start.month + 2) % 12 + 1, 1
    ) - dt.timedelta(days=1)
    quarter = sups.filter(planned_on__range=(q_start, q_end)).select_related("unit", "organizer")
    calendar = _calendar(user, unit, today)
    warnings = _warnings(user, unit, today)
    year = (dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    figures = [
        (code, evaluate(code, unit=unit, start=year[0], end=year[1]))
        for code in (
            "oversight.supervisions",
            "oversight.recommendations",
            "oversight.recommendations_answered",
            "oversight.recommendation_response_rate",
            "oversight.criticism_sessions",
            "oversight.dialogues",
        )
    ]
    tiles = [(get(code).name, result, get(code).is_rate) for code, result in figures]
    # The disclosures page's figure, by the same function: the items due before today only.
    tiles.append((_("Công khai đúng hạn (các nội dung đã đến hạn tính đến hôm nay)"),
                  services.disclosure_progress(unit, today.year, today), True))  # fmt: skip
    if scoping.organization_kind(user):
        tiles = _organization_tiles(sups, recs, today.year)
    return render(request, "oversight/home.html", {
        "unit": unit, "overdue": overdue, "quarter": quarter, "quarter_label": _("Quý %(q)s/%(y)s") % {"q": (today.month - 1) // 3 + 1, "y": today.year},
        "year_plans": sups.filter(planned_on__year=today.year).count(), "calendar": calendar,
        "warnings": warnings, "tiles": tiles,
        "can_write": unit is not None and scoping.can_write(user, unit) and not scoping.organization_kind(user),
        "can_plan": unit is not None and scoping.can_write(user, unit),
        "org_kind": scoping.organization_kind(user),
    })  # fmt: skip


def _organization_tiles(sups, recs, year: int) -> list:
    """A member organization's officer sees her organization's figures only, counted as the
    registered indicators count them (supervisions by the day held, else planned; the
    recommendations by the day sent), from the querysets her scope already limits."""
    held = sups.annotate(held=Coalesce("started_on", "planned_on")).filter(held__year=year)
    sent = recs.filter(sent_on__year=year)
    answered = sent.filter(answered_on__isnull=False).count()
    total = sent.count()
    rate = SimpleNamespace(value=answered / total if total else None, numerator=answered,
                           denominator=total)  # fmt: skip
    counts = (("oversight.supervisions", held.count()), ("oversight.recommendations", total),
              ("oversight.recommendations_answered", answered))  # fmt: skip
    tiles = [(get(code).name, SimpleNamespace(value=n), False) for code, n in counts]
    return [*tiles, (get("oversight.recommendation_response_rate").name, rate, True)]


def _calendar(user, unit, today):
    until = today + dt.timedelta(days=60)
    rows = []
    for s in _in_unit(scoping.supervisions(Supervision.objects.all(), user), unit).filter(
        planned_on__range=(today, until), state__in=OPEN_SUP
    )[:30]:
        rows.append(
            (s.planned_on, _("Giám sát"), s.title, reverse("oversight:supervision", args=[s.pk]))
        )
    for d in _in_unit(scoping.records(Dialogue.objects.all(), user), unit).filter(
        held_on__range=(today, until)
    )[:30]:
        rows.append(
            (d.held_on, _("Đối thoại"), d.title, reverse("oversight:dialogue", args=[d.pk]))
        )
    recs = _in_unit(scoping.recommendations(Recommendation.objects.all(), user), unit)
    for r in recs.filter(due_on__range=(today, until), state__in=("sent", "escalated"))[:30]:
        rows.append(
            (
                r.due_on,
                _("Hạn trả lời kiến nghị"),
                r.addressee,
                reverse("oversight:recommendation", args=[r.pk]),
            )
        )
    return sorted(rows, key=lambda r: r[0])


def _warnings(user, unit, today) -> list[tuple[str, str, str]]:
    out = []
    for d in _in_unit(scoping.records(Dialogue.objects.all(), user), unit).filter(
        held_on__gte=today - dt.timedelta(days=365)
    ):
        for w in services.dialogue_warnings(d, today):
            out.append((d.title, w, reverse("oversight:dialogue", args=[d.pk])))
    boards = _in_unit(scoping.records(Board.objects.all(), user), unit).prefetch_related("members")
    for b in boards.filter(dissolved_on__isnull=True):
        for w in services.board_warnings(b, today):
            out.append((b.name, w, reverse("oversight:board", args=[b.pk])))
    sups = _in_unit(scoping.supervisions(Supervision.objects.all(), user), unit)
    for s in sups.filter(state__in=("planned", "notified")).select_related("board", "unit"):
        for w in services.supervision_warnings(s):
            out.append((s.title, w, reverse("oversight:supervision", args=[s.pk])))
    return out


@login_required
@require_POST
def reminders(request):
    user = _reader(request)
    unit = _unit(request)
    services.require_writer(user, unit)
    public_id, _replayed_ = _run_once(
        request, "oversight.reminders",
        lambda: str(jobs.start(REMINDER_JOB, owner=user, unit=unit,
                               title=_("Nhắc kiến nghị quá hạn trả lời")).public_id),
    )  # fmt: skip
    return redirect("jobs:job", public_id=public_id)


# --- supervisions ---------------------------------------------------------------------------


def _supervision_filters(request, qs):
    get = request.GET
    if get.get("level") in Level.values:
        qs = qs.filter(level=get["level"])
    if get.get("form") in SupervisionForm.values:
        qs = qs.filter(form=get["form"])
    if get.get("state") in SupervisionState.values:
        qs = qs.filter(state=get["state"])
    if (get.get("year") or "").isdigit():
        qs = qs.filter(planned_on__year=int(get["year"]))
    return qs


@login_required
def supervisions(request):
    user = _reader(request)
    unit = _unit(request)
    qs = _in_unit(scoping.supervisions(Supervision.objects.all(), user), unit)
    qs = _supervision_filters(request, qs).select_related("unit", "organizer")
    qs = qs.annotate(n_recs=Count("recommendations")).order_by("-planned_on", "-id")
    if request.GET.get("format") == "xlsx":
        header = [_("Đơn vị"), _("Cấp"), _("Chủ trì"), _("Hình thức"), _("Đối tượng"), pgettext("oversight", "Nội dung"), _("Ngày dự kiến"),
                  _("Ngày tiến hành"), _("Trạng thái"), _("Số kiến nghị")]  # fmt: skip
        rows = [[s.unit.name, s.get_level_display(), s.organizer.name, s.get_form_display(), s.subject,
                 s.title, s.planned_on, s.started_on, s.get_state_display(), s.n_recs] for s in qs]  # fmt: skip
        return _xlsx("giam-sat", _("Danh sách cuộc giám sát"), header, rows)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "oversight/supervisions.html", {
        "page": page, "unit": unit, "levels": Level.choices, "forms": SupervisionForm.choices,
        "can_plan": unit is not None and scoping.can_write(user, unit),
        "states": SupervisionState.choices, "query": request.GET.urlencode(),
    })  # fmt: skip


@login_required
def supervision_new(request):
    user = _reader(request)
    unit = _unit(request)
    if unit is None:
        raise NotFound()
    services.require_writer(user, unit)
    form = forms.SupervisionPlanForm(
        request.POST or None, unit=unit, org_kind=scoping.organization_kind(user)
    )
    if request.method == "POST" and form.is_valid():
        data = services.SupervisionInput(**form.cleaned_data)
        try:
            pk, replayed = _save_once(
                request, "oversight.supervision_new",
                lambda: services.plan_supervision(data, unit=unit, by=user),
            )  # fmt: skip
        except Invalid as exc:
            _domain_errors(form, exc)
        else:
            if replayed:
                _replayed(request)
            else:
                messages.success(request, _("Đã lập kế hoạch giám sát."))
            return redirect("oversight:supervision", pk=pk)
    return _form_page(
        request, form, title=_("Lập kế hoạch giám sát"), unit=unit,
        back=reverse("oversight:supervisions"),
    )  # fmt: skip


def _actions(flow, obj, user):
    return [t for t in allowed_for(obj, user) if not t.creates and t.roles]


@login_required
def supervision(request, pk: int):
    user = _reader(request)
    sup = services.get_supervision(user, pk)
    today = timezone.localdate()
    recs = [_decorate_rec(r, today) for r in sup.recommendations.order_by("id")]
    writer = scoping.can_write(user, sup.unit)
    return render(request, "oversight/supervision.html", {
        "s": sup, "recs": recs, "steps": history(sup), "warnings": services.supervision_warnings(sup),
        "actions": _actions(SUPERVISION_FLOW, sup, user) if writer else [],
        "rec_form": forms.RecommendationForm(initial={"sent_on": today}) if writer and sup.state in (
            "reported", "recommended", "followed_up") else None,
        "error": request.GET.get("loi", ""), "state_label": SupervisionState(sup.state).label,
        "today": today,
        **_sign_context(
            request, signatures.signed_report(sup), writer and sup.state in signatures.SIGNABLE_REPORT,
            reverse("oversight:supervision_sign", args=[sup.pk]),
            reverse("oversight:supervision_signed", args=[sup.pk]),
            _("Báo cáo được ký số sau khi cuộc giám sát có kết quả và báo cáo."),
        ),
    })  # fmt: skip


def _apply(request, obj, on_error_url):
    form = forms.TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dữ liệu không hợp lệ: ") + "; ".join(
            f"{form.fields[k].label if k in form.fields else k}: {' '.join(v)}" for k, v in form.errors.items()))  # fmt: skip
        return redirect(on_error_url)
    data = form.cleaned_data
    try:
        _pk, replayed = _save_once(
            request, f"oversight.transition.{obj._meta.model_name}.{obj.pk}",
            lambda: transition(
                obj, data["action"], by=request.user, expected_version=data["expected_version"],
                reason=data.get("reason") or "", **form.data_for_service(),
            ),
        )  # fmt: skip
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        if exc.code.endswith("version_conflict"):
            messages.warning(
                request,
                _(
                    "Hồ sơ vừa được người khác (hoặc lần bấm trước) cập nhật; "
                    "đây là trạng thái mới nhất."
                ),
            )
        else:
            messages.error(request, exc.message)
        return redirect(on_error_url)
    if replayed:
        _replayed(request)
    else:
        messages.success(request, _("Đã cập nhật."))
    return redirect(on_error_url)


@login_required
@require_POST
def supervision_action(request, pk: int):
    sup = services.get_supervision(_reader(request), pk)
    return _apply(request, sup, reverse("oversight:supervision", args=[sup.pk]))


@login_required
@require_POST
def recommendation_add(request, pk: int):
    user = _reader(request)
    sup = services.get_supervision(user, pk)
    services.require_writer(user, sup.unit)
    form = forms.RecommendationForm(request.POST)
    url = reverse("oversight:supervision", args=[sup.pk])
    if not form.is_valid():
        messages.error(request, _("Kiến nghị chưa hợp lệ: ") + "; ".join(
            f"{form.fields[k].label if k in form.fields else ''} {' '.join(v)}".strip() for k, v in form.errors.items()))  # fmt: skip
        return redirect(url)
    try:
        _pk, replayed = _save_once(
            request, f"oversight.recommendation_add.{sup.pk}",
            lambda: services.add_recommendation(
                sup, services.RecommendationInput(**form.cleaned_data), by=user
            ),
        )  # fmt: skip
    except (Invalid, DomainError) as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
        return redirect(url)
    if replayed:
        _replayed(request)
        return redirect(url)
    rec = Recommendation.objects.get(pk=_pk)
    messages.success(
        request,
        _("Đã gửi kiến nghị tới %(to)s; hạn trả lời %(due)s.")
        % {"to": rec.addressee, "due": f"{rec.due_on:%d/%m/%Y}"},
    )
    return redirect(url)


@login_required
def supervision_document(request, pk: int, kind: str):
    sup = services.get_supervision(_reader(request), pk)
    spec = documents.supervision_report(sup)
    return _document(spec, f"bao-cao-giam-sat-{sup.pk}", kind)


def _document(spec, name: str, kind: str) -> HttpResponse:
    if kind == "docx":
        data = render_docx(spec)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif kind == "pdf":
        data, ctype = render_document(spec).data, "application/pdf"
    else:
        raise NotFound()
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


# --- recommendations ------------------------------------------------------------------------


@login_required
def recommendations(request):
    user = _reader(request)
    unit = _unit(request)
    today = timezone.localdate()
    qs = _in_unit(scoping.recommendations(Recommendation.objects.all(), user), unit)
    state = request.GET.get("state", "")
    if state == "overdue":
        qs = services.overdue(qs, today)
    elif state in RecommendationState.values:
        qs = qs.filter(state=state)
    qs = qs.select_related("unit", "supervision").annotate(
        rank=Case(
            When(state__in=("sent", "escalated"), due_on__lt=today, then=Value(0)),
            When(state__in=("sent", "escalated"), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )
    # overdue first, then the waiting ones by due date, then the rest
    qs = qs.order_by("rank", "due_on", "-id")
    if request.GET.get("format") == "xlsx":
        header = [_("Đơn vị"), _("Cuộc giám sát"), _("Nơi nhận"), pgettext("oversight", "Nội dung"), _("Ngày gửi"), _("Hạn trả lời"),
                  _("Ngày trả lời"), _("Trạng thái"), _("Quá hạn"), _("Kiến nghị lên")]  # fmt: skip
        rows = [[r.unit.name, r.supervision.title if r.supervision else "", r.addressee, r.content, r.sent_on,
                 r.due_on, r.answered_on, RecommendationState(r.state).label,
                 _("Có") if r.is_overdue(today) or r.answered_late else "", r.escalated_to] for r in qs]  # fmt: skip
        return _xlsx("kien-nghi", _("Danh sách kiến nghị sau giám sát"), header, rows)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for r in page:
        _decorate_rec(r, today)
    return render(request, "oversight/recommendations.html", {
        "page": page, "unit": unit, "states": RecommendationState.choices, "state": state,
        "query": request.GET.urlencode(),
    })  # fmt: skip


@login_required
def recommendation(request, pk: int):
    user = _reader(request)
    rec = _decorate_rec(services.get_recommendation(user, pk), timezone.localdate())
    writer = scoping.can_write(user, rec.unit)
    return render(request, "oversight/recommendation.html", {
        "r": rec, "steps": history(rec), "actions": _actions(RECOMMENDATION_FLOW, rec, user) if writer else [],
        "today": timezone.localdate(),
        **_sign_context(
            request, signatures.signed_letter(rec), writer,
            reverse("oversight:recommendation_sign", args=[rec.pk]),
            reverse("oversight:recommendation_signed", args=[rec.pk]), "",
        ),
    })  # fmt: skip


@login_required
@require_POST
def recommendation_action(request, pk: int):
    rec = services.get_recommendation(_reader(request), pk)
    return _apply(request, rec, reverse("oversight:recommendation", args=[rec.pk]))


# --- signed documents (PAdES, through the signing app) --------------------------------------


def _sign_context(request, signed, can_sign: bool, action: str, url: str, hint: str) -> dict:
    return {
        "signed": signed, "can_sign": can_sign, "sign_action": action, "signed_url": url,
        "verify_url": signatures.verification_url(signed) if signed else "", "sign_hint": hint,
        "once_token": uuid.uuid4().hex,
    }  # fmt: skip


def _sign_once(request, obj, scope_name: str, sign, back: str):
    form = forms.SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Mã PIN ký số gồm 6 đến 8 chữ số."))
        return redirect(back)
    try:
        _pk, replayed = _save_once(request, scope_name, lambda: sign(form.cleaned_data["pin"]))
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)  # wrong PIN, no certificate, not ready …
        return redirect(back)
    if replayed:
        messages.info(request, _("Văn bản đã được ký từ lần gửi trước; không ký lần thứ hai."))
    else:
        messages.success(request, _("Đã ký số văn bản; bản đã ký được lưu và có thể tải về."))
    return redirect(back)


def _signed_pdf(doc, name: str) -> HttpResponse:
    if doc is None:
        raise NotFound("oversight.not_signed", _("Văn bản chưa được ký số."))
    with doc.file.open("rb") as fh:
        response = HttpResponse(fh.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}-da-ky.pdf"'
    return response


@login_required
@require_POST
def supervision_sign(request, pk: int):
    user = _reader(request)
    sup = services.get_supervision(user, pk)
    services.require_writer(user, sup.unit)
    return _sign_once(
        request, sup, f"oversight.sign_report.{sup.pk}",
        lambda pin: signatures.sign_supervision_report(sup, by=user, pin=pin),
        reverse("oversight:supervision", args=[sup.pk]),
    )  # fmt: skip


@login_required
def supervision_signed(request, pk: int):
    sup = services.get_supervision(_reader(request), pk)
    return _signed_pdf(signatures.signed_report(sup), f"bao-cao-giam-sat-{sup.pk}")


@login_required
@require_POST
def recommendation_sign(request, pk: int):
    user = _reader(request)
    rec = services.get_recommendation(user, pk)
    services.require_writer(user, rec.unit)
    return _sign_once(
        request, rec, f"oversight.sign_letter.{rec.pk}",
        lambda pin: signatures.sign_recommendation_letter(rec, by=user, pin=pin),
        reverse("oversight:recommendation", args=[rec.pk]),
    )  # fmt: skip


@login_required
def recommendation_signed(request, pk: int):
    rec = services.get_recommendation(_reader(request), pk)
    return _signed_pdf(signatures.signed_letter(rec), f"kien-nghi-{rec.pk}")


@login_required
def recommendation_document(request, pk: int, kind: str):
    rec = services.get_recommendation(_reader(request), pk)
    return _document(documents.recommendation_letter(rec), f"kien-nghi-{rec.pk}", kind)


# --- social criticism -----------------------------------------------------------------------


@login_required
def criticisms(request):
    user = _reader(request)
    unit = _unit(request)
    qs = _in_unit(scoping.records(CriticismSession.objects.all(), user), unit).select_related(
        "unit"
    )
    qs = qs.annotate(
        n=Count("comments"), taken=Count("comments", filter=Q(comments__response="taken_up"))
    )
    if request.GET.get("format") == "xlsx":
        rows = [[c.unit.name, c.draft_title, c.drafting_body, c.get_form_display(), c.held_on, c.n, c.taken]
                for c in qs]  # fmt: skip
        return _xlsx("phan-bien", _("Danh sách phản biện xã hội"),
                     [_("Đơn vị"), _("Dự thảo"), _("Cơ quan soạn thảo"), _("Hình thức"), _("Ngày"), _("Ý kiến"), _("Được tiếp thu")], rows)  # fmt: skip
    writer = (
        unit is not None and scoping.can_write(user, unit) and not scoping.organization_kind(user)
    )
    form = forms.CriticismCreateForm(request.POST or None) if writer else None
    if request.method == "POST" and form is not None and form.is_valid():
        pk, replayed = _save_once(
            request, "oversight.criticism_new",
            lambda: services.create_criticism(form.cleaned_data, unit=unit, by=user),
        )  # fmt: skip
        _saved(request, replayed, _("Đã ghi nhận cuộc phản biện."))
        return redirect("oversight:criticism", pk=pk)
    return render(request, "oversight/criticisms.html", {"rows": qs, "unit": unit, "form": form})


def _criticism(user, pk):
    found = (
        scoping.records(CriticismSession.objects.select_related("unit"), user).filter(pk=pk).first()
    )
    if found is None:
        raise NotFound("criticism.not_found", _("Không tìm thấy cuộc phản biện."))
    return found


@login_required
def criticism(request, pk: int):
    user = _reader(request)
    session = _criticism(user, pk)
    writer = scoping.can_write(user, session.unit)
    form = forms.CommentForm(request.POST or None) if writer else None
    if request.method == "POST" and form is not None and form.is_valid():
        _pk, replayed = _save_once(
            request, f"oversight.comment_add.{session.pk}",
            lambda: services.add_comment(session, by=user, **form.cleaned_data),
        )  # fmt: skip
        _saved(request, replayed, _("Đã thêm ý kiến."))
        return redirect("oversight:criticism", pk=session.pk)
    return render(request, "oversight/criticism.html", {
        "c": session, "comments": session.comments.all(), "counts": services.criticism_counts(session),
        "form": form, "writer": writer, "responses": forms.CommentResponseForm.base_fields["response"].choices,
    })  # fmt: skip


@login_required
@require_POST
def comment_response(request, pk: int):
    user = _reader(request)
    comment = CriticismComment.objects.select_related("session").filter(pk=pk).first()
    if comment is None:
        raise NotFound()
    session = _criticism(user, comment.session_id)
    services.require_writer(user, session.unit)
    form = forms.CommentResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn mức tiếp thu."))
    else:
        data = form.cleaned_data
        try:
            _none, replayed = _run_once(
                request, f"oversight.comment_response.{comment.pk}",
                lambda: services.respond_to_comment(
                    comment, data["response"], data["response_reason"], by=user),
            )  # fmt: skip
            _saved(request, replayed, _("Đã ghi nhận phản hồi của cơ quan soạn thảo."))
        except Invalid as exc:
            messages.error(request, exc.message)
    return redirect("oversight:criticism", pk=session.pk)


# --- dialogues ------------------------------------------------------------------------------


@login_required
def dialogues(request):
    user = _reader(request)
    unit = _unit(request)
    today = timezone.localdate()
    qs = _in_unit(scoping.records(Dialogue.objects.all(), user), unit).select_related("unit")
    rows = list(qs)
    for d in rows:
        d.warnings = services.dialogue_warnings(d, today)
    if request.GET.get("format") == "xlsx":
        data = [[d.unit.name, d.get_level_display(), d.title, d.chair, d.held_on, d.notice_published_on,
                 d.citizens, d.results_published_on, "; ".join(d.warnings)] for d in rows]  # fmt: skip
        return _xlsx("doi-thoai", _("Danh sách hội nghị đối thoại"),
                     [_("Đơn vị"), _("Cấp"), _("Chủ đề"), _("Chủ trì"), _("Ngày"), _("Thông báo"), _("Người dân"), _("Công khai kết quả"), _("Cảnh báo")], data)  # fmt: skip
    writer = (
        unit is not None and scoping.can_write(user, unit) and not scoping.organization_kind(user)
    )
    form = forms.DialogueForm(request.POST or None) if writer else None
    if request.method == "POST" and form is not None and form.is_valid():
        pk, replayed = _save_once(
            request, "oversight.dialogue_new",
            lambda: services.create_dialogue(form.cleaned_data, unit=unit, by=user),
        )  # fmt: skip
        _saved(request, replayed, _("Đã ghi nhận hội nghị đối thoại."))
        return redirect("oversight:dialogue", pk=pk)
    return render(request, "oversight/dialogues.html", {"rows": rows, "unit": unit, "form": form})


@login_required
def dialogue(request, pk: int):
    user = _reader(request)
    d = scoping.records(Dialogue.objects.select_related("unit"), user).filter(pk=pk).first()
    if d is None:
        raise NotFound("dialogue.not_found", _("Không tìm thấy hội nghị đối thoại."))
    writer = scoping.can_write(user, d.unit) and not scoping.organization_kind(user)
    return render(request, "oversight/dialogue.html", {
        "d": d, "warnings": services.dialogue_warnings(d), "today": timezone.localdate(), "writer": writer,
    })  # fmt: skip


def _dialogue_of(user, pk):
    d = scoping.records(Dialogue.objects.select_related("unit"), user).filter(pk=pk).first()
    if d is None:
        raise NotFound("dialogue.not_found", _("Không tìm thấy hội nghị đối thoại."))
    return d


@login_required
@require_POST
def dialogue_publish(request, pk: int):
    user = _reader(request)
    d = _dialogue_of(user, pk)
    services.require_writer(user, d.unit)
    form = forms.PublishResultsForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Chưa ghi được: ") + "; ".join(" ".join(v) for v in form.errors.values())
        )
    else:
        try:
            _pk, replayed = _save_once(
                request, f"oversight.dialogue_publish.{d.pk}",
                lambda: services.publish_dialogue_results(d, by=user, **form.cleaned_data),
            )  # fmt: skip
            _saved(request, replayed, _("Đã ghi nhận công khai kết quả hội nghị."))
        except Invalid as exc:
            messages.error(request, exc.message)
    return redirect("oversight:dialogue", pk=d.pk)


@login_required
@require_POST
def commitment_done(request, pk: int):
    from danvan.oversight.models import DialogueCommitment

    user = _reader(request)
    commitment = DialogueCommitment.objects.filter(pk=pk).first()
    if commitment is None:
        raise NotFound()
    d = _dialogue_of(user, commitment.dialogue_id)
    services.require_writer(user, d.unit)
    form = forms.DoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ngày hoàn thành không hợp lệ."))
    else:
        try:
            _changed, replayed = _run_once(
                request, f"oversight.commitment_done.{commitment.pk}",
                lambda: services.complete_commitment(commitment, by=user, **form.cleaned_data),
            )  # fmt: skip
            _saved(request, replayed, _("Đã ghi nhận hoàn thành cam kết."))
        except Invalid as exc:
            messages.error(request, exc.message)
    return redirect("oversight:dialogue", pk=d.pk)


# --- boards ---------------------------------------------------------------------------------


@login_required
def boards(request):
    user = _reader(request)
    unit = _unit(request)
    qs = _in_unit(scoping.records(Board.objects.all(), user), unit)
    rows = list(qs.select_related("unit").prefetch_related("members"))
    for b in rows:
        b.active = services.active_members(b)
        b.warnings = services.board_warnings(b)
    if request.GET.get("format") == "xlsx":
        data = [[b.unit.name, b.get_kind_display(), b.name, b.project, b.term_start, b.term_end, len(b.active),
                 "; ".join(b.warnings)] for b in rows]  # fmt: skip
        return _xlsx("ban", _("Ban Thanh tra nhân dân, Ban Giám sát đầu tư của cộng đồng"),
                     [_("Đơn vị"), _("Loại"), _("Tên"), _("Dự án"), _("Nhiệm kỳ từ"), _("đến"), _("Thành viên"), _("Cảnh báo")], data)  # fmt: skip
    writer = (
        unit is not None and scoping.can_write(user, unit) and not scoping.organization_kind(user)
    )
    return render(request, "oversight/boards.html", {"rows": rows, "unit": unit, "writer": writer})


@login_required
def board(request, pk: int):
    user = _reader(request)
    b = scoping.records(Board.objects.select_related("unit"), user).filter(pk=pk).first()
    if b is None:
        raise NotFound("board.not_found", _("Không tìm thấy ban."))
    return render(request, "oversight/board.html", {
        "b": b, "members": b.members.all(), "warnings": services.board_warnings(b),
        "supervisions": b.supervisions.all(), "recs": b.recommendations.all(),
        "writer": scoping.can_write(user, b.unit) and not scoping.organization_kind(user),
    })  # fmt: skip


# --- board, member and dialogue-question forms (one-time token against double submits) -----


def _token(request) -> str:
    """The form's one-time token: kept when the form comes back with errors."""
    return (request.POST.get("once_token") or "")[:64] or uuid.uuid4().hex


def _run_once(request, scope_name: str, produce) -> tuple[object, bool]:
    """Run `produce()` once per form token (``{% once_field %}``); a second submit (double click,
    resent form) gets the first answer back and changes nothing. `produce()` returns a JSON
    value; returns (that value, replayed)."""
    token = (request.POST.get("once_token") or "")[:64]
    made = []

    def run():
        value = produce()
        made.append(value)
        return 200, {"value": value}

    _status, body = run_once(
        token or None, user=request.user, scope=scope_name, payload={"token": token}, produce=run
    )
    return body["value"], not made


def _save_once(request, scope_name: str, produce) -> tuple[int, bool]:
    """`_run_once` for a service that returns the record it wrote: (its pk, replayed)."""
    return _run_once(request, scope_name, lambda: produce().pk)


def _replayed(request) -> None:
    messages.info(request, _("Biểu mẫu này đã được gửi; không ghi thêm lần nữa."))


def _saved(request, replayed: bool, message: str) -> None:
    if replayed:
        _replayed(request)
    else:
        messages.success(request, message)


def _domain_errors(form, exc: DomainError) -> None:
    placed = False
    for key in exc.fields:
        if key in form.fields:
            form.add_error(key, exc.message)
            placed = True
            break
    if not placed:
        form.add_error(None, exc.message)


def _form_page(request, form, *, title, unit, back, status=200, intro=""):
    return render(request, "oversight/form.html", {
        "form": form, "title": title, "unit": unit, "back": back, "intro": intro,
        "once_token": _token(request),
    }, status=422 if request.method == "POST" else status)  # fmt: skip


def _require_front_writer(user, unit) -> None:
    services.require_front_writer(user, unit)


def _board_of(user, pk) -> Board:
    b = scoping.records(Board.objects.select_related("unit"), user).filter(pk=pk).first()
    if b is None:
        raise NotFound("board.not_found", _("Không tìm thấy ban."))
    return b


@login_required
def board_new(request):
    user = _reader(request)
    unit = _unit(request)
    if unit is None:
        raise NotFound()
    _require_front_writer(user, unit)
    communes = None
    if unit.kind != UnitKind.COMMUNE:
        communes = (
            scope.visible_units(user, scoping.WRITERS)
            .filter(kind=UnitKind.COMMUNE, path__startswith=unit.path)
            .current()
            .order_by("name")
        )
    initial = {"term_start": timezone.localdate()}
    if request.GET.get("loai") in ("inspection", "investment"):
        initial["kind"] = request.GET["loai"]
    form = forms.BoardForm(request.POST or None, communes=communes, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        where = data.pop("commune", None) or unit
        try:
            _require_front_writer(user, where)
            pk, replayed = _save_once(
                request, "oversight.board_new",
                lambda: services.create_board(data, unit=where, by=user),
            )  # fmt: skip
        except Invalid as exc:
            _domain_errors(form, exc)
        else:
            if replayed:
                messages.info(
                    request, _("Ban đã được lưu từ lần gửi trước; không tạo ban thứ hai.")
                )
            else:
                messages.success(
                    request, _("Đã lưu quyết định thành lập ban. Hãy thêm thành viên.")
                )
            return redirect("oversight:board", pk=pk)
    return _form_page(
        request, form, title=_("Thành lập Ban Thanh tra nhân dân, Ban Giám sát đầu tư của cộng đồng"),
        unit=unit, back=reverse("oversight:boards"),
    )  # fmt: skip


@login_required
def board_edit(request, pk: int):
    user = _reader(request)
    b = _board_of(user, pk)
    _require_front_writer(user, b.unit)
    initial = {f: getattr(b, f) for f in services.BOARD_FIELDS}
    form = forms.BoardForm(request.POST or None, initial=initial, editing=True)
    back = reverse("oversight:board", args=[b.pk])
    if request.method == "POST" and form.is_valid():
        try:
            _pk, replayed = _save_once(
                request, f"oversight.board_edit.{b.pk}",
                lambda: services.update_board(b, form.cleaned_data, by=user),
            )  # fmt: skip
        except Invalid as exc:
            _domain_errors(form, exc)
        else:
            messages.success(request, _("Đã cập nhật thông tin ban."))
            return redirect(back)
    return _form_page(
        request, form, title=_("Sửa thông tin %(name)s") % {"name": b.name}, unit=b.unit, back=back
    )


@login_required
def member_add(request, pk: int):
    user = _reader(request)
    b = _board_of(user, pk)
    _require_front_writer(user, b.unit)
    form = forms.BoardMemberForm(
        request.POST or None, initial={"term_start": b.term_start, "term_end": b.term_end}
    )
    back = reverse("oversight:board", args=[b.pk])
    if request.method == "POST" and form.is_valid():
        try:
            _pk, replayed = _save_once(
                request, f"oversight.member_add.{b.pk}",
                lambda: services.add_board_member(b, form.cleaned_data, by=user),
            )  # fmt: skip
        except Invalid as exc:
            _domain_errors(form, exc)
        else:
            if replayed:
                messages.info(request, _("Thành viên đã được thêm từ lần gửi trước."))
            else:
                messages.success(
                    request,
                    _("Đã thêm thành viên %(name)s.") % {"name": form.cleaned_data["full_name"]},
                )
            return redirect(back)
    return _form_page(
        request,
        form,
        title=_("Thêm thành viên %(name)s") % {"name": b.name},
        unit=b.unit,
        back=back,
    )


@login_required
def member_edit(request, pk: int):
    user = _reader(request)
    member = BoardMember.objects.filter(pk=pk).first()
    if member is None:
        raise NotFound("board.member_not_found", _("Không tìm thấy thành viên."))
    b = _board_of(user, member.board_id)
    _require_front_writer(user, b.unit)
    member.board = b
    initial = {f: getattr(member, f) for f in services.MEMBER_FIELDS}
    form = forms.BoardMemberForm(request.POST or None, initial=initial, editing=True)
    back = reverse("oversight:board", args=[b.pk])
    if request.method == "POST" and form.is_valid():
        try:
            _save_once(
                request, f"oversight.member_edit.{member.pk}",
                lambda: services.update_board_member(member, form.cleaned_data, by=user),
            )  # fmt: skip
        except Invalid as exc:
            _domain_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã cập nhật thành viên %(name)s.") % {"name": form.cleaned_data["full_name"]},
            )
            return redirect(back)
    return _form_page(
        request,
        form,
        title=_("Sửa thông tin thành viên %(name)s") % {"name": member.full_name},
        unit=b.unit,
        back=back,
    )


@login_required
def question_add(request, pk: int):
    return _dialogue_entry(
        request, pk, forms.QuestionForm, "question_add", services.add_question,
        _("Đã ghi nhận ý kiến của người dân."), _("Ghi nhận ý kiến tại hội nghị “%(title)s”"),
    )  # fmt: skip


@login_required
def commitment_add(request, pk: int):
    return _dialogue_entry(
        request, pk, forms.CommitmentForm, "commitment_add", services.add_commitment,
        _("Đã ghi nhận cam kết; hãy theo dõi đến khi hoàn thành."),
        _("Ghi nhận cam kết tại hội nghị “%(title)s”"),
    )  # fmt: skip


def _dialogue_entry(request, pk: int, form_class, name: str, add, saved: str, title: str):
    """A question or a commitment recorded at a dialogue by the Front's writer, once per form
    (a second submit says so), with the service's refusals shown on the form's fields."""
    user = _reader(request)
    d = _dialogue_of(user, pk)
    _require_front_writer(user, d.unit)
    form = form_class(request.POST or None)
    back = reverse("oversight:dialogue", args=[d.pk])
    if request.method == "POST" and form.is_valid():
        try:
            _pk, replayed = _save_once(
                request, f"oversight.{name}.{d.pk}", lambda: add(d, form.cleaned_data, by=user)
            )
        except Invalid as exc:
            _domain_errors(form, exc)
        else:
            _saved(request, replayed, saved)
            return redirect(back)
    return _form_page(request, form, title=title % {"title": d.title}, unit=d.unit, back=back)


@login_required
def question_answer(request, pk: int):
    user = _reader(request)
    q = DialogueQuestion.objects.filter(pk=pk).first()
    if q is None:
        raise NotFound("dialogue.question_not_found", _("Không tìm thấy ý kiến."))
    d = _dialogue_of(user, q.dialogue_id)
    _require_front_writer(user, d.unit)
    q.dialogue = d
    form = forms.AnswerForm(
        request.POST or None, initial={"answer": q.answer, "answered_by": q.answered_by or d.chair}
    )
    back = reverse("oversight:dialogue", args=[d.pk])
    if request.method == "POST" and form.is_valid():
        try:
            _save_once(
                request, f"oversight.question_answer.{q.pk}",
                lambda: services.answer_question(q, by=user, **form.cleaned_data),
            )  # fmt: skip
        except Invalid as exc:
            _domain_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận trả lời."))
            return redirect(back)
    return _form_page(
        request, form, title=_("Trả lời ý kiến: %(topic)s") % {"topic": q.topic[:80]}, unit=d.unit, back=back,
        intro=f"{q.asked_by}: {q.topic}",
    )  # fmt: skip


# --- disclosures ----------------------------------------------------------------------------


def _commune(request, user):
    unit = _unit(request)
    code = request.GET.get("don_vi")
    if code:
        unit = Unit.objects.filter(code=code, kind=UnitKind.COMMUNE).current().first()
        if unit is None or not scope.covers(user, unit, scoping.READERS):
            raise NotFound("unit.not_found", _("Không tìm thấy xã, phường."))
    return unit


def _checklist_progress(communes, year: int, today) -> None:
    """Each commune's checklist of the year: items due so far and done on time (one query);
    communes with a checklist first, the weakest rate first, so the city sees who lags."""
    figures = services.disclosure_progress_by_unit(communes, year, today)
    for c in communes:
        c.items, c.due, c.done = figures.get(c.pk, (0, 0, 0))
        c.rate = c.done / c.due if c.due else None
    communes.sort(key=lambda c: (not c.items, c.rate if c.rate is not None else 2, c.name))


@login_required
def disclosures(request):
    user = _reader(request)
    unit = _commune(request, user)
    today = timezone.localdate()
    year = int(request.GET["nam"]) if (request.GET.get("nam") or "").isdigit() else today.year
    communes = []
    if unit is not None and unit.kind != UnitKind.COMMUNE:
        communes = list(scope.visible_units(user, scoping.READERS).filter(kind=UnitKind.COMMUNE).current()
                        .filter(path__startswith=unit.path).order_by("name")[:200])  # fmt: skip
        _checklist_progress(communes, year, today)
        rows = []
    else:
        qs = scoping.records(Disclosure.objects.filter(unit=unit, year=year), user).select_related(
            "item"
        )
        rows = list(qs)
    for d in rows:
        d.state = d.status(today)
    if request.GET.get("format") == "xlsx":
        data = [[d.item.number, d.item.name, d.period_label, d.due_on, d.disclosed_on, d.get_form_display(),
                 d.document, {"done": _("Đúng hạn"), "late": _("Quá hạn"), "overdue": _("Chưa công khai (quá hạn)"),
                              "pending": _("Chưa đến hạn")}[d.state]] for d in rows]  # fmt: skip
        return _xlsx("cong-khai", _("Công khai theo Điều 11 Luật 10/2022 năm %(year)s") % {"year": year},
                     ["STT", pgettext("oversight", "Nội dung"), _("Kỳ"), _("Hạn"), _("Ngày công khai"), _("Hình thức"), _("Văn bản"), _("Tình trạng")], data)  # fmt: skip
    writer = unit is not None and unit.kind == UnitKind.COMMUNE and scoping.can_write(user, unit)
    progress = services.disclosure_progress(unit, year, today) if rows else None
    done, due = (progress.numerator, progress.denominator) if progress else (0, 0)
    return render(request, "oversight/disclosures.html", {
        "rows": rows, "unit": unit, "year": year, "communes": communes, "writer": writer,
        "form": forms.DisclosureRecordForm(initial={"disclosed_on": today}), "done": done, "due": due,
        "progress": progress,
        "missing": unit is not None and unit.kind == UnitKind.COMMUNE and not rows,
    })  # fmt: skip


@login_required
@require_POST
def disclosure_checklist(request):
    user = _reader(request)
    unit = _commune(request, user)
    year = int(request.POST.get("nam") or timezone.localdate().year)
    services.require_writer(user, unit)
    if not 2023 <= year <= timezone.localdate().year + 1:
        raise Invalid(
            "disclosure.bad_year", _("Năm không hợp lệ (Luật 10/2022 có hiệu lực từ 01/7/2023).")
        )
    added, replayed = _run_once(
        request, f"oversight.disclosure_checklist.{unit.pk}.{year}",
        lambda: services.ensure_checklist(unit, year),
    )  # fmt: skip
    _saved(
        request, replayed,
        _("Đã lập danh mục công khai năm %(year)s: %(n)s nội dung.") % {"year": year, "n": added},
    )  # fmt: skip
    return redirect(f"{reverse('oversight:disclosures')}?nam={year}&don_vi={unit.code}")


@login_required
@require_POST
def disclosure_record(request, pk: int):
    user = _reader(request)
    d = (
        scoping.records(Disclosure.objects.select_related("unit", "item"), user)
        .filter(pk=pk)
        .first()
    )
    if d is None:
        raise NotFound()
    services.require_writer(user, d.unit)
    form = forms.DisclosureRecordForm(request.POST)
    back = f"{reverse('oversight:disclosures')}?nam={d.year}&don_vi={d.unit.code}"
    if not form.is_valid():
        messages.error(
            request, _("Chưa ghi được: ") + "; ".join(" ".join(v) for v in form.errors.values())
        )
        return redirect(back)
    try:
        _pk, replayed = _save_once(
            request, f"oversight.disclosure_record.{d.pk}",
            lambda: services.record_disclosure(d, by=user, **form.cleaned_data),
        )  # fmt: skip
        _saved(request, replayed, _("Đã ghi nhận công khai “%(item)s”.") % {"item": d.item.name})
    except Invalid as exc:
        messages.error(request, exc.message)
    return redirect(back)


# --- public pages ---------------------------------------------------------------------------


def public_dialogues(request):
    """Upcoming dialogues (once announced) and published results, for anyone; a citizen picks
    their commune or ward (``?don_vi=<code>``) among the units that hold dialogues."""
    today = timezone.localdate()
    qs = Dialogue.objects.select_related("unit")
    units = Unit.objects.filter(pk__in=qs.values("unit_id")).order_by("path")
    unit = units.filter(code=request.GET.get("don_vi") or "").first()
    if unit is not None:
        qs = qs.filter(unit=unit)
    upcoming = qs.filter(
        held_on__gte=today, notice_published_on__isnull=False, notice_published_on__lte=today
    ).order_by("held_on")[:50]
    published = qs.filter(
        results_published_on__isnull=False, results_published_on__lte=today
    ).order_by("-held_on")
    page = Paginator(published.prefetch_related("questions", "commitments"), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "oversight/public_dialogues.html", {
        "upcoming": upcoming, "page": page, "units": units, "unit": unit,
    })  # fmt: skip


def public_disclosures(request, code: str):
    unit = Unit.objects.filter(code=code, kind=UnitKind.COMMUNE).current().first()
    if unit is None:
        raise NotFound("unit.not_found", _("Không tìm thấy xã, phường."))
    today = timezone.localdate()
    year = today.year
    rows = list(
        Disclosure.objects.filter(unit=unit, year=year, disclosed_on__isnull=False).select_related(
            "item"
        )
    )
    return render(
        request, "oversight/public_disclosures.html", {"unit": unit, "rows": rows, "year": year}
    )
