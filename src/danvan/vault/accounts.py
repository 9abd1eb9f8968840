"""Citizen accounts "verified at the counter" (embedded mode): a one-time code issued by the clerk
after checking the ID card; the citizen uses it once, within 24 hours, to create or recover the
account linked to their national ID. Five wrong codes burn the code."""

import datetime as dt
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.audit.registry import register
from danvan.audit.services import record
from danvan.core.errors import Forbidden, Invalid
from danvan.vault import access
from danvan.vault.models import ActivationCode

CODE_TTL = dt.timedelta(hours=24)
MAX_FAILURES = 5

register(
    "vault.activation_issued", _("Cấp mã kích hoạt tài khoản kho dữ liệu cho công dân {citizen}")
)
register("vault.account_activated", _("Công dân {citizen} kích hoạt tài khoản kho dữ liệu"))


def issue_code(national_id: str, full_name: str, *, by, unit) -> str:
    """The clerk has checked the ID card at the counter; returns the code to hand to the citizen."""
    if not (by.is_superuser or scope.covers(by, unit, [Role.COUNTER_CLERK])):
        raise Forbidden(
            "vault.activation_forbidden", "Chỉ cán bộ tiếp nhận của đơn vị được cấp mã kích hoạt."
        )
    national_id = access.check_national_id(national_id)
    if not full_name.strip():
        raise Invalid(
            "vault.name_required",
            "Cần nhập họ tên như trên thẻ căn cước.",
            fields={"full_name": "Bắt buộc."},
        )
    code = f"{secrets.randbelow(10**8):08d}"
    with transaction.atomic():
        ActivationCode.objects.filter(national_id=national_id, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        ActivationCode.objects.create(
            national_id=national_id,
            full_name=full_name.strip()[:150],
            code_hash=make_password(code),
            issued_by=by,
            unit=unit,
            expires_at=timezone.now() + CODE_TTL,
        )
        record(
            "vault.activation_issued",
            actor=by,
            unit=unit,
            data={"citizen": access.mask(national_id)},
        )
    return f"{code[:4]}-{code[4:]}"


def _refused() -> Invalid:
    return Invalid(
        "vault.activation_invalid",
        "Số định danh hoặc mã kích hoạt không đúng, đã dùng hoặc đã hết hạn (24 giờ).",
    )


def activate(national_id: str, code: str, username: str, password: str):
    """Create the citizen account (or set a new password on the existing one) with a live code."""
    national_id = access.check_national_id(national_id)
    with transaction.atomic():
        row = (
            ActivationCode.objects.select_for_update()
            .filter(national_id=national_id, used_at__isnull=True, expires_at__gt=timezone.now())
            .first()
        )
        if row is not None and check_password(
            code.replace("-", "").replace(" ", ""), row.code_hash
        ):
            user = _account(national_id, row.full_name, username, password)
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
            record(
                "vault.account_activated",
                actor=user,
                unit=row.unit,
                data={"citizen": access.mask(national_id)},
            )
            return user
        if row is not None:  # a wrong code counts, and is kept even though we refuse
            row.failures += 1
            row.used_at = timezone.now() if row.failures >= MAX_FAILURES else None
            row.save(update_fields=["failures", "used_at"])
    raise _refused()


def _account(national_id: str, full_name: str, username: str, password: str):
    users = get_user_model()
    user = users.objects.filter(national_id=national_id, grants__isnull=True).first()
    if user is None:
        username = username.strip()[:150]
        if not username or users.objects.filter(username=username).exists():
            raise Invalid(
                "vault.username_taken",
                "Tên đăng nhập trống hoặc đã có người dùng.",
                fields={"username": "Chọn tên khác."},
            )
        user = users(username=username, full_name=full_name, national_id=national_id)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Invalid(
            "vault.weak_password",
            " ".join(exc.messages),
            fields={"password": "Mật khẩu chưa đủ mạnh."},
        ) from None
    user.set_password(password)
    user.save()
    return user
