"""Look-up in the national population database (gateway operation ChiaSeThongTinCongDan) at the
counter: by ID number, name and date (or year) of birth; only for the roles that receive or handle
dossiers, on their own units; with a reason; with the officer's PIN where the province asks for a
second factor (CONNECTIONS["POPULATION_SECOND_FACTOR"]). Every call — answered, not found or
refused — is logged in our PopulationLookup table and in the citizen's store access log (the log
she reads), and audited. The answer fills the counter form; the dossier received for that person
at that unit within a few hours is marked "used population data" (Decision 766, 4.5b).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.audit.services import record
from danvan.connections import formats as F
from danvan.connections.client import SendError, post
from danvan.connections.conf import conf
from danvan.connections.models import PopulationLookup
from danvan.core.errors import Conflict, Forbidden, Invalid, NotFound
from danvan.core.identifiers import national_id_problem
from danvan.core.privacy import mask_national_id
from danvan.core.text import fold

ROLES = (Role.COUNTER_CLERK, Role.SPECIALIST)
REASON_MIN = 10
LINK_WINDOW = dt.timedelta(hours=4)
SEX = {"1": "Nam", "2": "Nữ"}


def may_look_up(user, unit) -> bool:
    return scope.covers(user, unit, ROLES)


def request_name(name: str) -> str:
    """HoVaTen as the gateway wants it: upper case, no diacritics, single spaces."""
    return " ".join(fold(word).upper() for word in name.split())


def _check(national_id: str, name: str, birth: str, reason: str) -> dict:
    errors = {}
    problem = national_id_problem(national_id)
    if problem:
        errors["national_id"] = str(problem)
    if len(name.strip()) < 2:
        errors["name"] = _("Cần họ và tên.")
    if not (len(birth) == 8 and birth.isdigit()) and not (len(birth) == 4 and birth.isdigit()):
        errors["date_of_birth"] = _("Cần ngày sinh (hoặc năm sinh).")
    if len(reason.strip()) < REASON_MIN:
        errors["reason"] = _("Cần ghi rõ lý do tra cứu (ít nhất %(n)s ký tự).") % {"n": REASON_MIN}
    return errors


def _birth_text(date_of_birth) -> str:
    if isinstance(date_of_birth, dt.date):
        return date_of_birth.strftime("%Y%m%d")
    text = str(date_of_birth or "").strip()
    if len(text) == 10 and text[4] == "-":  # ISO from a date input
        return text.replace("-", "")
    return text


def _log(user, national_id: str, *, allowed: bool, reason: str) -> None:
    from danvan.vault.access import log
    from danvan.vault.models import Purpose

    log(user, national_id, Purpose.POPULATION, allowed=allowed, reason=reason)


def lookup(user, *, unit, national_id: str, name: str, date_of_birth, reason: str, pin: str = ""):
    """Ask the population database; the form values of the person found."""
    national_id = (national_id or "").replace(" ", "")
    birth, reason = _birth_text(date_of_birth), (reason or "").strip()
    if not may_look_up(user, unit):
        if getattr(user, "is_authenticated", False) and len(national_id) == 12:
            _log(user, national_id, allowed=False, reason=_("Không có quyền tra cứu"))
        raise Forbidden(
            "population.forbidden",
            _("Chỉ cán bộ tiếp nhận, xử lý hồ sơ của đơn vị được tra cứu CSDL quốc gia về dân cư."),
        )
    errors = _check(national_id, name, birth, reason)
    if errors:
        raise Invalid(
            "population.invalid", _("Thông tin tra cứu chưa đủ hoặc chưa đúng."), fields=errors
        )
    if conf().population_second_factor:
        from danvan.workflow.confirm import confirm

        confirm(user, pin, None)
    code = f"{unit.code}-{uuid.uuid4().hex[:20]}"
    message = {
        "HoVaTen": request_name(name),
        "SoDinhDanh": national_id,
        **({"NgayThangNam": birth} if len(birth) == 8 else {"Nam": birth}),
        "MaYeuCau": code,
        "MaCanBo": user.get_username()[:50],
        "MaDonVi": unit.code,
    }
    row = PopulationLookup.objects.create(
        request_code=code,
        officer=user,
        unit=unit,
        national_id=national_id,
        asked_name=name[:150],
        asked_birth=birth,
        reason=reason[:300],
    )
    _log(user, national_id, allowed=True, reason=reason)
    record(
        "connections.population.lookup",
        actor=user,
        unit=unit,
        data={"national_id": mask_national_id(national_id), "request": code},
    )
    return _answer(row, message)


def _answer(row: PopulationLookup, message: dict) -> dict:
    problems = F.problems(message, F.POPULATION_REQUEST)
    if problems:  # our own mapping is wrong: never send it
        raise Invalid("population.invalid", "; ".join(problems))
    c = conf()
    url = f"{c.gateway_url}/ChiaSeThongTinCongDan" if c.gateway_url else ""
    try:
        answer = post(url, message, key=row.request_code, token=c.token)
    except SendError as exc:
        _failed(row, str(exc))
        raise Conflict(
            "population.unavailable",
            _("CSDL quốc gia về dân cư chưa trả lời (%(why)s). Vui lòng nhập tay hoặc thử lại.")
            % {"why": str(exc)[:200]},
        ) from exc
    if answer.code != F.OK:
        _failed(row, answer.message)
        if answer.code == F.NOT_FOUND:
            raise NotFound(
                "population.not_found",
                _("Không tìm thấy công dân khớp số định danh, họ tên và ngày sinh đã nhập."),
            )
        raise Conflict(
            "population.refused",
            _("Hệ thống trả lời: %(why)s") % {"why": answer.message or answer.code},
        )
    PopulationLookup.objects.filter(pk=row.pk).update(found=True)
    return form_values(answer.body.get("data") or {}, row.request_code)


def _failed(row: PopulationLookup, error: str) -> None:
    PopulationLookup.objects.filter(pk=row.pk).update(error=error[:300])


def _unit(code):
    from danvan.units.services import current_unit

    try:
        return current_unit(str(code or "")) if code else None
    except NotFound:  # an unknown code: the address keeps its detail only
        return None


def _address(part) -> str:
    if not isinstance(part, dict):
        return ""
    ward, province = _unit(part.get("MaPhuongXa")), _unit(part.get("MaTinhThanh"))
    names = [
        str(part.get("ChiTiet", "")).strip(),
        ward.name if ward else "",
        province.name if province else "",
    ]
    return ", ".join(n for n in names if n)


def form_values(person: dict, request_code: str) -> dict:
    """The counter form's applicant fields from the database's answer."""
    born = str(person.get("NgayThangNamSinh", ""))
    iso = f"{born[:4]}-{born[4:6]}-{born[6:8]}" if len(born) == 8 and born.isdigit() else ""
    head = person.get("ChuHo") or {}
    return {
        "national_id": str(person.get("SoDinhDanh", "")),
        "name": str(person.get("HoVaTen", "")),
        "date_of_birth": iso,
        "sex": SEX.get(str(person.get("GioiTinh", "")), ""),
        "address": _address(person.get("NoiOHienTai") or person.get("ThuongTru")),
        "permanent_address": _address(person.get("ThuongTru")),
        "hometown": _address(person.get("QueQuan")),
        "household_head": str(head.get("HoVaTen", "")) if isinstance(head, dict) else "",
        "request_code": request_code,
    }


def link_to_dossier(dossier) -> bool:
    """Called after a dossier's creation commits: the answered look-ups for this person at this
    unit in the last hours belong to it, and it used population data."""
    since = timezone.now() - LINK_WINDOW
    linked = PopulationLookup.objects.filter(
        national_id=dossier.national_id,
        unit_id=dossier.unit_id,
        found=True,
        dossier__isnull=True,
        at__gte=since,
    ).update(dossier=dossier)
    if linked:
        type(dossier).objects.filter(pk=dossier.pk).update(uses_population_data=True)
    return bool(linked)


def received_with_population_data(scope):
    """Indicator 4.5b's numerator: received in the period, VNeID-authenticated or filled from an
    answered look-up."""
    from django.db.models import Exists, OuterRef, Q

    from danvan.onestop.models import Dossier

    looked_up = PopulationLookup.objects.filter(dossier=OuterRef("pk"), found=True)
    qs = Dossier.objects.filter(Q(vneid_authenticated=True) | Exists(looked_up))
    return scope.filter(qs, date_field="received_at")
