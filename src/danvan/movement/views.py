"""Pages of the movement app (thin: the logic is in services, contest, importers)."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.audit.services import record
from danvan.core.errors import DomainError, Invalid
from danvan.core.idempotency import run_once
from danvan.core.privacy import reveal
from danvan.core.ratelimit import limit_public
from danvan.core.sandbox import Refused
from danvan.core.text import fold
from danvan.documents.xlsx import XlsxTable, write_table
from danvan.jobs import imports as job_imports
from danvan.movement import contest as contests
from danvan.movement import forms, importers, photos, services
from danvan.movement.models import (
    CommuneFigure,
    Contest,
    EconomicModel,
    Level,
    Practice,
    PrestigiousPerson,
    Project,
    Segment,
    SelfManagedGroup,
    Team,
)
from danvan.movement.privacy import PERSONS
from danvan.movement.workflow import REVIEW_ACTIONS, authority_for
from danvan.units.models import Unit
from danvan.workflow import allowed_for, history

log = logging.getLogger(__name__)
PAGE_SIZE = 50
EXPORT_MAX = 50_000


def _once(request, name: str, produce):
    """Run `produce()` once per form: the form's hidden one-time token (``{% once_field %}``)
    makes a second submit (double click, resent form) redirect to where the first one went,
    without a second effect. `produce()` returns (url, success message)."""
    made = []

    def run():
        url, message = produce()
        made.append(message)
        return 302, {"url": url}

    token = request.POST.get("once_token", "")[:64]
    _status, body = run_once(
        token or None,
        user=request.user,
        scope=f"movement.{name}",
        payload={"token": token},
        produce=run,
    )
    if made:
        if made[0]:
            messages.success(request, made[0])
    else:
        messages.info(request, _("Biểu mẫu này đã được gửi; không ghi thêm lần nữa."))
    return redirect(body["url"])


def _require_reader(user):
    scope.require_role(user, *services.READERS)


def _require_writer(user):
    scope.require_role(user, *services.WRITERS)


def _unit_by_code_or_name(user, text: str):
    """The list's unit filter: a code (00070), or a name as officers type it ("Phường Cửa Nam",
    "cua nam"): the unit of that name within the officer's scope, when only one fits."""
    text = " ".join(text.split())
    current = Unit.objects.current()
    unit = current.filter(code=text).first()
    if unit is not None:
        return unit
    folded = fold(text)
    if not folded:
        return None
    mine = scope.visible_units(user, services.READERS).current()
    names = list(mine.values_list("pk", "name"))  # a city's few hundred units: folded here
    exact = [pk for pk, name in names if fold(name) == folded]
    ending = exact or [pk for pk, name in names if fold(name).endswith(folded)]
    return current.filter(pk=ending[0]).first() if len(ending) == 1 else None


def _filters(user, data) -> tuple[forms.ListFilterForm, services.Filters]:
    form = forms.ListFilterForm(data or None)
    f = services.Filters()
    if form.is_valid():
        c = form.cleaned_data
        unit = None
        if c["unit"]:
            unit = _unit_by_code_or_name(user, c["unit"])
            if unit is None or not scope.covers(user, unit, services.READERS):
                message = _(
                    "Không tìm thấy đúng một đơn vị có mã hoặc tên này trong phạm vi của bạn; "
                    "hãy nhập mã, ví dụ 00070."
                )
                form.add_error("unit", message)
                unit = None
        f = services.Filters(
            unit=unit,
            level=c["level"],
            field=c["field"],
            state=c["state"],
            year=c["year"],
            holder_kind=c["holder_kind"],
            replicated=c["replicated"],
            stale_years=c["stale_years"],
            q=c["q"],
        )
    return form, f


@login_required
def practices(request):
    _require_reader(request.user)
    form, f = _filters(request.user, request.GET)
    qs = services.filtered(request.user, f)
    try:
        page = services.keyset_page(qs, request.GET.get("sau", "")[:300], PAGE_SIZE)
    except Invalid:  # a hand-edited cursor: the list starts over
        page = services.keyset_page(qs, None, PAGE_SIZE)
    query = request.GET.copy()
    query.pop("sau", None)
    return render(
        request,
        "movement/practices.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_write": scope.has_role(request.user, *services.WRITERS),
            "review_actions": [(a, _label(a)) for a in REVIEW_ACTIONS],
        },
    )


def _label(action: str) -> str:
    from danvan.movement.workflow import PRACTICE_FLOW

    return str(PRACTICE_FLOW.label(action))


@login_required
def export(request):
    _require_reader(request.user)
    _form, f = _filters(request.user, request.GET)
    qs = services.filtered(request.user, f)[:EXPORT_MAX]
    rows = [
        [
            p.code,
            p.name,
            p.unit.name,
            p.get_level_display(),
            p.get_field_display(),
            p.get_origin_display(),
            p.get_holder_kind_display(),
            p.holder_name,
            p.registered_on,
            p.get_state_display(),
            p.get_recognized_level_display() if p.recognized_level else "",
        ]
        for p in qs
    ]
    header = [
        _("Mã"),
        _("Tên mô hình"),
        _("Đơn vị đăng ký"),
        _("Cấp đăng ký"),
        _("Lĩnh vực"),
        _("Loại đăng ký"),
        _("Chủ thể"),
        _("Tên chủ thể"),
        _("Ngày đăng ký"),
        _("Trạng thái"),
        _("Cấp công nhận"),
    ]
    data = write_table(
        XlsxTable(
            header=header,
            rows=rows,
            title_rows=[_("DANH SÁCH MÔ HÌNH “DÂN VẬN KHÉO”")],
            sheet_name="Mo hinh",
        )
    )
    record("movement.practice.exported", actor=request.user, data={"count": len(rows)})
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="mo-hinh-dan-van-kheo.xlsx"'
    return response


@login_required
def register(request):
    _require_writer(request.user)
    initial = {}
    if request.GET.get("replicates"):
        initial = {"replicates": request.GET["replicates"][:24], "origin": "replicated"}
    form = forms.RegisterForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")

        def produce():
            practice = services.register(data, unit=unit, by=request.user)
            return reverse("movement:practice", args=[practice.pk]), _(
                "Đã đăng ký mô hình “%(name)s” (mã %(code)s). Bổ sung chi tiết khi có."
            ) % {"name": practice.name, "code": practice.code}

        return _once(request, "register", produce)
    return render(request, "movement/register.html", {"form": form})


@login_required
def practice(request, pk: int):
    _require_reader(request.user)
    obj = services.get_visible(request.user, pk)
    root, levels = services.family_tree(obj)
    evidence = list(obj.evidence.order_by("added_at", "pk"))
    return render(
        request,
        "movement/practice.html",
        {
            "p": obj,
            "steps": history(obj),
            "actions": allowed_for(obj, request.user),
            "recognitions": obj.recognitions.select_related("authority").order_by("decided_on"),
            "commendations": obj.commendations.order_by("given_on"),
            "evidence": evidence,
            "has_photos": any(e.is_photo for e in evidence),
            "tree": services.flatten(root),
            "levels": [(Level(k).label, v) for k, v in sorted(levels.items())],
            "projects": obj.projects.all(),
            "can_write": scope.covers(request.user, obj.unit, services.WRITERS),
            "evidence_form": forms.EvidenceForm(),
            "commend_form": forms.CommendationForm(),
        },
    )


@login_required
def spread(request, pk: int):
    _require_reader(request.user)
    obj = services.get_visible(request.user, pk)
    root, levels = services.family_tree(obj)
    nodes = services.flatten(root)
    units = len({n.practice.unit_id for n in nodes})
    return render(
        request,
        "movement/spread.html",
        {
            "p": obj,
            "tree": nodes,
            "levels": [(Level(k).label, v) for k, v in sorted(levels.items())],
            "units": units,
        },
    )


@login_required
def edit(request, pk: int):
    _require_writer(request.user)
    obj = services.get_visible(request.user, pk)
    form = forms.DetailsForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        version = _int(request.POST.get("version"))
        data = {k: form.cleaned_data[k] for k in form.Meta.fields}
        obj = Practice.objects.get(pk=obj.pk)  # the form mutated the instance: start afresh

        def produce():
            services.update(obj, data, by=request.user, expected_version=version)
            return reverse("movement:practice", args=[pk]), _("Đã lưu thông tin mô hình.")

        try:
            return _once(request, "edit", produce)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("movement:edit", pk=pk)
    return render(request, "movement/edit.html", {"p": obj, "form": form})


def _int(value, default=-1) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
@require_POST
def act(request, pk: int):
    _require_reader(request.user)
    obj = services.get_visible(request.user, pk)
    form = forms.TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu không hợp lệ; vui lòng tải lại trang."))
        return redirect("movement:practice", pk=pk)
    c = form.cleaned_data
    extra = {"decision_no": c["decision_no"]} if c["action"].startswith("recognize_") else {}
    level = c["action"].removeprefix("recognize_")
    if level in Level.values and authority_for(obj, level, request.user) is None:
        # A recognition by no authority of that level (a ward officer's forged "recognize at
        # city level") has no effect for the one-time token to guard, and the token's
        # transaction would roll back the refusal's audit entry: apply it bare, so the refused
        # attempt stays on the trail.
        try:
            services.apply(obj, c["action"], by=request.user, expected_version=c["version"],
                           reason=c["reason"], **extra)  # fmt: skip
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("movement:practice", pk=pk)

    def produce():
        done = services.apply(
            obj, c["action"], by=request.user, expected_version=c["version"],
            reason=c["reason"], **extra,
        )  # fmt: skip
        return reverse("movement:practice", args=[pk]), _(
            "Đã “%(label)s”. Trạng thái: %(state)s."
        ) % {"label": _label(c["action"]), "state": done.get_state_display()}

    try:
        return _once(request, "act", produce)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("movement:practice", pk=pk)


@login_required
@require_POST
def add_evidence(request, pk: int):
    _require_writer(request.user)
    obj = services.get_visible(request.user, pk)
    form = forms.EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("movement:practice", pk=pk)
    upload = form.cleaned_data["file"]
    content = upload.read()

    def produce():
        services.add_evidence(obj, form.cleaned_data["title"], upload.name, content,
                              by=request.user)  # fmt: skip
        return reverse("movement:practice", args=[pk]), _("Đã thêm tài liệu minh chứng.")

    try:
        return _once(request, "evidence", produce)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("movement:practice", pk=pk)


@login_required
def evidence_file(request, pk: int, evidence_id: int):
    _require_reader(request.user)
    obj = services.get_visible(request.user, pk)
    item = get_object_or_404(obj.evidence, pk=evidence_id)
    with item.file.open("rb") as fh:
        response = HttpResponse(fh.read(), content_type=item.content_type)
    response["Content-Disposition"] = f'inline; filename="{item.file.name.rsplit("/", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def evidence_preview(request, pk: int, evidence_id: int):
    """A small re-encoded copy of a photo for the practice page, so the official sees what they
    would make public (any photo of a practice they can see; private to them)."""
    _require_reader(request.user)
    obj = services.get_visible(request.user, pk)
    item = get_object_or_404(obj.evidence, pk=evidence_id, is_photo=True)
    try:
        data = photos.public_copy(item, "nho")
    except (Refused, OSError) as exc:
        log.warning("photo preview %s not made: %s", item.pk, exc)
        raise Http404 from exc
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def evidence_public(request, pk: int, evidence_id: int):
    """The official's choice: show this photo on the public showcase, or stop showing it."""
    _require_writer(request.user)
    obj = services.get_visible(request.user, pk)
    public = request.POST.get("public") == "1"

    def produce():
        services.set_evidence_public(obj, evidence_id, public, by=request.user)
        done = (_("Ảnh sẽ hiện trên trang giới thiệu khi mô hình được công nhận.")
                if public else _("Ảnh không còn hiện trên trang giới thiệu."))  # fmt: skip
        return reverse("movement:practice", args=[pk]) + "#minh-chung", done

    try:
        return _once(request, "evidence_public", produce)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("movement:practice", pk=pk)


@login_required
@require_POST
def commend(request, pk: int):
    _require_writer(request.user)
    obj = services.get_visible(request.user, pk)
    form = forms.CommendationForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            messages.error(request, f"{form.fields[name].label}: {' '.join(errors)}")
    else:

        def produce():
            services.commend(obj, form.cleaned_data, by=request.user)
            return reverse("movement:practice", args=[pk]), _("Đã ghi nhận khen thưởng.")

        return _once(request, "commend", produce)
    return redirect("movement:practice", pk=pk)


@login_required
@require_POST
def bulk(request):
    _require_writer(request.user)
    action = request.POST.get("action", "")
    ids = [_int(v) for v in request.POST.getlist("ids")][:500]
    if action not in REVIEW_ACTIONS or not ids:
        messages.error(request, _("Chọn ít nhất một mô hình và một kết quả rà soát."))
        return redirect("movement:practices")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""

    def produce():
        done, problems = services.bulk_review(
            ids, action, by=request.user, reason=request.POST.get("reason", "")
        )
        for problem in problems[:10]:
            messages.warning(request, problem)
        return target or reverse("movement:practices"), _("Đã rà soát %(n)d mô hình.") % {"n": done}

    return _once(request, "bulk", produce)


@login_required
def import_page(request):
    _require_writer(request.user)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        units = scope.home_units(request.user)

        def produce():
            job = job_imports.start(
                importers.JOB_KIND,
                owner=request.user,
                unit=units[0] if units else None,
                file=(upload.name, upload.read()),
                mode="valid_rows" if form.cleaned_data["valid_rows"] else "all",
                dry_run=form.cleaned_data["dry_run"],
            )
            return reverse("jobs:job", kwargs={"public_id": job.public_id}), ""

        try:
            return _once(request, "import", produce)
        except Invalid as exc:
            messages.error(request, exc.message)
    return render(request, "movement/import.html", {"form": form, "schema": importers.PRACTICES})


@login_required
def import_template(request):
    _require_writer(request.user)
    response = HttpResponse(
        importers.template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-mo-hinh-dan-van-kheo.xlsx"'
    return response


# --- contest ----------------------------------------------------------------------------------


@login_required
def contest_list(request):
    scope.require_role(request.user, Role.MOBILIZER, Role.REPORTER)
    items = contests.organizer_contests(request.user).prefetch_related("rounds", "parts")
    context = {"contests": items, "own_teams": list(contests.own_teams(request.user))}
    return render(request, "movement/contests.html", context)


@login_required
def contest_round(request, round_id: int):
    round_ = contests.get_round(round_id)
    is_judge = round_.judges.filter(user=request.user).exists()
    organizer = scope.covers(request.user, round_.contest.unit, contests.ORGANIZERS)
    if not (
        is_judge or organizer or scope.covers(request.user, round_.contest.unit, [Role.REPORTER])
    ):
        raise DomainError("contest.round_not_found", _("Không tìm thấy vòng thi."), status=404)
    if request.method == "POST" and organizer:

        def produce():
            contests.close_round(
                round_, by=request.user, expected_version=_int(request.POST.get("version"))
            )
            return reverse("movement:round", args=[round_id]), _("Đã khóa kết quả vòng thi.")

        try:
            return _once(request, "close_round", produce)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("movement:round", round_id=round_id)
    show_all = round_.is_closed or (organizer and not is_judge)
    rows = contests.standings(round_) if show_all else []
    return render(
        request,
        "movement/round.html",
        {
            "round": round_,
            "rows": rows,
            "parts": contests.parts_of(round_.contest),
            "organizer": organizer,
            "is_judge": is_judge,
        },
    )


@login_required
@require_POST
def publish(request, pk: int):
    organized = scope.scoped(Contest.objects.all(), request.user, roles=contests.ORGANIZERS)
    contest = get_object_or_404(organized, pk=pk)

    def produce():
        contests.publish(contest, by=request.user)
        return reverse("movement:contests"), _("Đã công bố kết quả trên trang công khai.")

    try:
        return _once(request, "publish", produce)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("movement:contests")


@login_required
def certificate(request, team_id: int):
    from danvan.movement.certificates import certificate_pdf

    team = get_object_or_404(
        Team.objects.select_related("round__contest", "unit"),
        pk=team_id,
        round__contest__in=contests.organizer_contests(request.user),
    )
    response = HttpResponse(certificate_pdf(team), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-chung-nhan-{team.pk}.pdf"'
    return response


@login_required
def judging(request):
    scope.require_role(request.user, Role.JUDGE)
    return render(request, "movement/judging.html", {"rounds": contests.judge_rounds(request.user)})


@login_required
def score_sheet(request, round_id: int):
    scope.require_role(request.user, Role.JUDGE)
    round_ = contests.get_round(round_id)
    seat = contests.judge_seat(round_, request.user)
    parts = contests.parts_of(round_.contest)
    teams = list(round_.teams.select_related("unit"))
    errors = {}
    if request.method == "POST":
        team = get_object_or_404(Team, pk=_int(request.POST.get("team")), round=round_)
        points = {p.code: request.POST.get(f"points_{p.code}", "") for p in parts}

        def produce():
            contests.enter_scores(round_, team, points, by=request.user)
            return reverse("movement:score_sheet", args=[round_id]), _(
                "Đã lưu điểm đội %(team)s."
            ) % {"team": team.name}

        try:
            return _once(request, "score", produce)
        except DomainError as exc:
            messages.error(request, f"{team.name}: {exc.message}")
            errors = {"team": team.pk, "fields": exc.fields}
    mine = {
        (s.team_id, s.part_id): s.points
        for s in contests.visible_scores(round_, request.user).filter(judge=request.user)
    }
    sheet = [
        {
            "team": t,
            "own": contests.own_unit_team(seat, t),
            "cells": [(p, mine.get((t.pk, p.pk))) for p in parts],
        }
        for t in teams
    ]
    return render(
        request,
        "movement/score_sheet.html",
        {"round": round_, "parts": parts, "sheet": sheet, "errors": errors},
    )


# --- groups, persons, mountain communes, projects ------------------------------------------------


@login_required
def groups(request):
    _require_reader(request.user)
    qs = scope.scoped(SelfManagedGroup.objects.select_related("unit__parent"), request.user,
                      roles=services.READERS)  # fmt: skip
    by_commune = (
        qs.filter(dissolved_on__isnull=True)
        .values("unit__parent__name", "unit__parent__code")
        .annotate(
            n=Count("pk"),
            households=Sum("households"),
            mountain=Count("pk", filter=Q(mountain=True)),
        )
        .order_by("unit__parent__name")
    )
    rows = [
        (g, reveal(g.head_phone, "phone", request.user, PERSONS, obj=g))
        for g in qs.order_by("unit__name", "name")[:500]
    ]
    active = list(qs.filter(dissolved_on__isnull=True))
    return render(
        request,
        "movement/groups.html",
        {
            "rows": rows,
            "by_commune": by_commune,
            "by_district": services.groups_by_old_district(active),
            "mountain_total": sum(1 for g in active if g.mountain),
            "can_write": scope.has_role(request.user, *services.WRITERS),
        },
    )


@login_required
def group_new(request):
    _require_writer(request.user)
    form = forms.GroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        commune, village = data.pop("commune"), data.pop("village")

        def produce():
            group = services.create_group(
                data, commune=commune, village_name=village, by=request.user
            )
            return reverse("movement:groups"), _(
                "Đã thêm tổ tự quản “%(name)s” tại %(village)s."
            ) % {"name": group.name, "village": group.unit.name}

        return _once(request, "group", produce)
    return render(request, "movement/group_new.html", {"form": form})


@login_required
def persons(request):
    _require_reader(request.user)
    qs = scope.scoped(PrestigiousPerson.objects.select_related("unit"), request.user,
                      roles=services.READERS).prefetch_related("support")  # fmt: skip
    rows = [
        (
            p,
            reveal(p.full_name, "name", request.user, PERSONS, obj=p),
            reveal(p.phone, "phone", request.user, PERSONS, obj=p),
            scope.covers(request.user, p.unit, services.WRITERS),
        )
        for p in qs.order_by("-year_approved", "unit__name", "full_name")[:500]
    ]
    return render(
        request,
        "movement/persons.html",
        {"rows": rows, "can_write": scope.has_role(request.user, *services.WRITERS)},
    )


@login_required
def mountain(request):
    _require_reader(request.user)
    models_ = scope.scoped(EconomicModel.objects.select_related("unit"), request.user,
                           roles=services.READERS).order_by("unit__name")  # fmt: skip
    figures = scope.scoped(CommuneFigure.objects.select_related("unit"), request.user,
                           roles=services.READERS).order_by("-period_end")  # fmt: skip

    def writable(items):
        return [(x, scope.covers(request.user, x.unit, services.WRITERS)) for x in items]

    return render(
        request,
        "movement/mountain.html",
        {
            "models": writable(models_),
            "figures": writable(figures),
            "can_write": scope.has_role(request.user, *services.WRITERS),
        },
    )


@login_required
def projects(request):
    _require_reader(request.user)
    visible_segments = scope.scoped(Segment.objects.all(), request.user, roles=services.READERS)
    items = (
        services.visible_projects(request.user)
        .annotate(
            households=Sum("segments__households", filter=Q(segments__in=visible_segments)),
            handed=Sum("segments__households_handed_over", filter=Q(segments__in=visible_segments)),
        )
        .order_by("name")
    )
    return render(
        request,
        "movement/projects.html",
        {"projects": items, "can_write": scope.has_role(request.user, *services.WRITERS)},
    )


@login_required
def project(request, pk: int):
    _require_reader(request.user)
    obj = services.visible_projects(request.user).select_related("unit").filter(pk=pk).first()
    if obj is None:
        raise DomainError("project.not_found", _("Không tìm thấy dự án."), status=404)
    segs = scope.scoped(obj.segments.select_related("unit"), request.user, roles=services.READERS)
    segs = [
        (s, scope.covers(request.user, s.unit, services.WRITERS))
        for s in segs.prefetch_related("snapshots", "activities").order_by("unit__name")
    ]
    chart = _chart([s for s, _w in segs])
    return render(
        request,
        "movement/project.html",
        {
            "project": obj,
            "segments": segs,
            "chart": chart,
            "practices": obj.practices.all(),
            "can_write": scope.has_role(request.user, *services.WRITERS),
            "can_edit": scope.covers(request.user, obj.unit, services.WRITERS),
        },
    )


def _chart(segments) -> list[dict]:
    """Progress over time: handed-over households (sum of the segments) per snapshot date, as
    bar heights in percent of the households affected (drawn with CSS, no script)."""
    total = sum(s.households for s in segments) or 1
    by_day: dict = {}
    for s in segments:
        for snap in s.snapshots.all():
            by_day[snap.on] = by_day.get(snap.on, 0) + snap.households_handed_over
    return [
        {"on": day, "handed": n, "percent": round(n * 100 / total, 1)}
        for day, n in sorted(by_day.items())
    ]


# --- public -----------------------------------------------------------------------------------


def showcase(request):
    """Recognized practices for the public (no personal data: individuals' names are not shown),
    each with the first photo an official made public."""
    qs = (
        services.on_showcase()
        .select_related("unit")
        .prefetch_related(
            Prefetch("evidence", queryset=services.public_photos(), to_attr="public_photos")
        )
        .order_by("-registered_on", "-id")
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    published = Contest.objects.filter(published=True).prefetch_related("rounds")
    return render(
        request,
        "movement/showcase.html",
        {"page": page, "contests": published},
    )


def showcase_practice(request, pk: int):
    """One showcased practice for the public: what the list shows, with all its public photos."""
    limit_public(request, "movement-showcase")
    obj = services.on_showcase().select_related("unit").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return render(
        request,
        "movement/showcase_practice.html",
        {"p": obj, "photos": list(services.public_photos().filter(practice=obj))},
    )


def public_photo(request, evidence_id: int, size: str):
    """A public photo of a showcased practice, re-encoded without metadata (movement.photos).
    Anything else (not a photo, not made public, practice not recognized or dropped): 404."""
    if size not in photos.SIZES:
        raise Http404
    # A showcase page shows up to 30 thumbnails: the image bucket allows ten pages a minute.
    limit_public(request, "movement-photo", per_minute=settings.PUBLIC_RATE_LIMIT_PER_MINUTE * 10)
    item = (
        services.public_photos().filter(pk=evidence_id, practice__in=services.on_showcase()).first()
    )
    if item is None:
        raise Http404
    etag = f'"{photos.key(item, size)}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        try:
            data = photos.public_copy(item, size)
        except (Refused, OSError) as exc:
            log.warning("public photo %s (%s) not served: %s", item.pk, size, exc)
            raise Http404 from exc
        response = HttpResponse(data, content_type="image/jpeg")
        response["Content-Disposition"] = f'inline; filename="anh-{item.pk}-{size}.jpg"'
        response["X-Content-Type-Options"] = "nosniff"
    # Short: an official may take a photo off the showcase again.
    response["Cache-Control"] = "public, max-age=600"
    response["ETag"] = etag
    return response


# --- forms of persons, mountain communes and projects -----------------------------------------


def _form_page(request, form, *, title: str, back: str, intro: str = "", subject: str = "",
               extra=None):  # fmt: skip
    """`subject` names the record the form is about (data, shown untranslated after the title)."""
    return render(
        request,
        "movement/form.html",
        {
            "form": form,
            "title": title,
            "subject": subject,
            "back": back,
            "intro": intro,
            **(extra or {}),
        },  # fmt: skip
        status=422 if request.method == "POST" else 200,
    )


def _writable(user, qs, pk):
    """An object of `qs` (with a unit) the officer may change; 404 otherwise (not revealed)."""
    return get_object_or_404(scope.scoped(qs, user, roles=services.WRITERS), pk=pk)


@login_required
def person_form(request, pk: int | None = None):
    _require_writer(request.user)
    person = _writable(request.user, PrestigiousPerson.objects.all(), pk) if pk else None
    masked = False
    initial = {}
    if person is not None:
        # Personal data only as far as this officer may see it (privacy purpose PERSONS).
        initial["full_name"] = reveal(person.full_name, "name", request.user, PERSONS, obj=person)
        phone = reveal(person.phone, "phone", request.user, PERSONS, obj=person)
        masked = phone != (person.phone or "")
        initial["phone"] = "" if masked else phone
    form = forms.PersonForm(request.POST or None, instance=person, initial=initial,
                            user=request.user, phone_masked=masked)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in forms.PersonForm.Meta.fields}
        unit = person.unit if person else form.cleaned_data["unit"]
        fresh = PrestigiousPerson.objects.get(pk=person.pk) if person else None

        def produce():
            services.save_person(data, unit=unit, by=request.user, person=fresh)
            return reverse("movement:persons"), _("Đã lưu thông tin người có uy tín.")

        return _once(request, "person", produce)
    title = _("Sửa thông tin người có uy tín") if person else _("Thêm người có uy tín")
    return _form_page(request, form, title=title, back=reverse("movement:persons"),
                      intro=_("Danh sách được cấp có thẩm quyền phê duyệt hằng năm."))  # fmt: skip


@login_required
def person_support(request, pk: int):
    _require_writer(request.user)
    person = _writable(request.user, PrestigiousPerson.objects.select_related("unit"), pk)
    form = forms.SupportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def produce():
            services.add_support(person, dict(form.cleaned_data), by=request.user)
            return reverse("movement:persons"), _("Đã ghi nhận hỗ trợ.")

        return _once(request, "support", produce)
    name = reveal(person.full_name, "name", request.user, PERSONS, obj=person)
    return _form_page(request, form, title=_("Ghi nhận hỗ trợ"), subject=name,
                      back=reverse("movement:persons"))  # fmt: skip


@login_required
def economic_model_form(request, pk: int | None = None):
    _require_writer(request.user)
    model = _writable(request.user, EconomicModel.objects.all(), pk) if pk else None
    form = forms.EconomicModelForm(request.POST or None, instance=model, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in forms.EconomicModelForm.Meta.fields}
        unit = model.unit if model else form.cleaned_data["unit"]
        fresh = EconomicModel.objects.get(pk=model.pk) if model else None

        def produce():
            services.save_economic_model(data, unit=unit, by=request.user, model=fresh)
            return reverse("movement:mountain"), _("Đã lưu mô hình kinh tế.")

        return _once(request, "economic_model", produce)
    title = _("Sửa mô hình kinh tế") if model else _("Thêm mô hình phát triển kinh tế")
    return _form_page(request, form, title=title, back=reverse("movement:mountain"))


@login_required
def figure_form(request, pk: int | None = None):
    _require_writer(request.user)
    figure = _writable(request.user, CommuneFigure.objects.all(), pk) if pk else None
    form = forms.FigureForm(request.POST or None, instance=figure, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in forms.FigureForm.Meta.fields}
        unit = figure.unit if figure else form.cleaned_data["unit"]
        fresh = CommuneFigure.objects.get(pk=figure.pk) if figure else None

        def produce():
            services.save_figure(data, unit=unit, by=request.user, figure=fresh)
            return reverse("movement:mountain"), _("Đã lưu số liệu của xã.")

        return _once(request, "figure", produce)
    title = _("Sửa số liệu của xã") if figure else _("Nhập số liệu của xã theo kỳ")
    return _form_page(request, form, title=title, back=reverse("movement:mountain"),
                      intro=_("Thu nhập bình quân đầu người một năm và tỷ lệ hộ nghèo, kèm văn "
                              "bản nguồn để báo cáo dẫn được số liệu."))  # fmt: skip


@login_required
def project_form(request, pk: int | None = None):
    _require_writer(request.user)
    project = _writable(request.user, Project.objects.all(), pk) if pk else None
    form = forms.ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in forms.ProjectForm.Meta.fields}
        unit = project.unit if project else form.cleaned_data["unit"]
        fresh = Project.objects.get(pk=project.pk) if project else None

        def produce():
            saved = services.save_project(data, unit=unit, by=request.user, project=fresh)
            return reverse("movement:project", args=[saved.pk]), _(
                "Đã lưu dự án. Thêm các đoạn qua xã, phường để theo dõi tiến độ."
            )

        return _once(request, "project", produce)
    title = _("Sửa dự án") if project else _("Thêm công trình, dự án trọng điểm")
    return _form_page(request, form, title=title, back=reverse("movement:projects"))


@login_required
def segment_new(request, pk: int):
    _require_writer(request.user)
    project = get_object_or_404(services.visible_projects(request.user), pk=pk)
    form = forms.SegmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in forms.SegmentForm.Meta.fields}

        def produce():
            services.add_segment(project, data, unit=form.cleaned_data["unit"], by=request.user)
            return reverse("movement:project", args=[project.pk]), _("Đã thêm đoạn.")

        return _once(request, "segment", produce)
    return _form_page(request, form, title=_("Thêm đoạn qua xã, phường"), subject=project.name,
                      back=reverse("movement:project", args=[project.pk]))  # fmt: skip


@login_required
def segment_progress(request, segment_id: int):
    _require_writer(request.user)
    segment = _writable(request.user, Segment.objects.select_related("project", "unit"),
                        segment_id)  # fmt: skip
    initial = {
        "households_agreed": segment.households_agreed,
        "households_handed_over": segment.households_handed_over,
        "area_handed_m2": segment.area_handed_m2,
        "open_disputes": segment.open_disputes,
    }
    form = forms.ProgressForm(request.POST or None, initial=initial, segment=segment)
    back = reverse("movement:project", args=[segment.project_id])
    if request.method == "POST" and form.is_valid():

        def produce():
            services.record_progress(segment, dict(form.cleaned_data), by=request.user)
            return back, _("Đã cập nhật tiến độ bàn giao mặt bằng.")

        try:
            return _once(request, "progress", produce)
        except DomainError as exc:
            for name, message in exc.fields.items():
                form.add_error(name if name in form.fields else None, message)
    return _form_page(
        request, form,
        title=_("Cập nhật tiến độ"),
        subject=f"{segment.project.name} — {segment.unit.name}",
        back=back,
        intro=_("Số hộ bị ảnh hưởng: %(n)s; diện tích: %(area)s m².")
        % {"n": segment.households, "area": segment.area_m2},
    )  # fmt: skip
