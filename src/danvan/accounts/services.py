"""Use cases of the accounts app: tokens, grants, login throttling."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from danvan.accounts import scope
from danvan.accounts.models import ApiToken, LoginFailure, RoleGrant, User
from danvan.audit.services import record
from danvan.core.errors import Invalid


@transaction.atomic
def create_token(user: User, *, name: str = "", days: int | None = None, by=None) -> str:
    expires = timezone.now() + dt.timedelta(days=days) if days else None
    token, raw = ApiToken.issue(user, name=name, expires_at=expires)
    record(
        "accounts.token.created",
        actor=by or user,
        obj=token,
        data={"hint": token.key_hint, "user": user.username},
    )
    return raw


@transaction.atomic
def revoke_token(token: ApiToken, *, by=None) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    record(
        "accounts.token.revoked", actor=by or token.user, obj=token, data={"hint": token.key_hint}
    )


@transaction.atomic
def grant_role(user: User, role: str, unit, *, organization=None, by=None) -> RoleGrant:
    if role not in scope.ALL_ROLES:
        raise Invalid("accounts.unknown_role", f"Vai trò không tồn tại: {role}.")
    grant, created = RoleGrant.objects.get_or_create(
        user=user, role=role, unit=unit, defaults={"organization": organization}
    )
    if not created and grant.revoked_at:
        grant.revoked_at = None
        grant.save(update_fields=["revoked_at"])
    scope.forget(user)
    record(
        "accounts.grant.added",
        actor=by,
        unit=unit,
        obj=grant,
        data={"user": user.username, "role": role, "unit_code": unit.code},
    )
    return grant


def _window_start():
    return timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)


def is_locked_out(username: str, address: str) -> bool:
    since = _window_start()
    by_name = LoginFailure.objects.filter(username=username.lower(), at__gte=since).count()
    by_addr = LoginFailure.objects.filter(address=address, at__gte=since).count()
    limit = settings.LOGIN_MAX_FAILURES
    return by_name >= limit or by_addr >= limit * 4


def note_failure(username: str, address: str) -> None:
    LoginFailure.objects.create(username=username.lower()[:150], address=address[:64])
    record("accounts.login_failed", data={"username": username[:150], "address": address[:64]})


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()


# --- Who can receive dossiers where -------------------------------------------------------------


def receiving_paths() -> list[str]:
    """Unit paths under which someone may receive a dossier today: an active counter clerk's grant
    covers its unit and everything below it."""
    return sorted(
        set(
            RoleGrant.objects.active()
            .filter(role="counter_clerk", user__is_active=True)
            .values_list("unit__path", flat=True)
        )
    )


def can_receive(unit, paths: list[str] | None = None) -> bool:
    """Whether a dossier filed at this unit has someone to receive it."""
    paths = receiving_paths() if paths is None else paths
    return bool(unit) and any(unit.path.startswith(p) for p in paths)
