"""What the public form, the public API and Open311 share: a citizen's submission, rate-limited
per address, and the anti-spam check (no third-party service)."""

import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing

from danvan.core.errors import Invalid
from danvan.core.ratelimit import limit_public
from danvan.grassroots import services
from danvan.grassroots.models import Channel, Kind

SUBMIT_BUCKET = "petition-submit"
FORM_SALT = "grassroots.form"
MIN_SECONDS = 3  # a person takes longer than this to fill the form
MAX_AGE = 6 * 3600
PUBLIC_KINDS = (Kind.FEEDBACK, Kind.RECOMMENDATION, Kind.COMPLAINT, Kind.DENUNCIATION)


def per_minute() -> int:
    return getattr(settings, "PUBLIC_PETITIONS_PER_MINUTE", 5)


def throttle(request) -> None:
    limit_public(request, SUBMIT_BUCKET, per_minute())


def form_token() -> str:
    """When the form was shown, and a nonce: each form is one submission."""
    return signing.dumps([int(time.time()), secrets.token_hex(8)], salt=FORM_SALT)


def check_form_token(token: str, honeypot: str) -> None:
    """The hidden field must be empty, and the form must have been shown a few seconds ago."""
    message = "Không gửi được đơn. Vui lòng tải lại trang và gửi lại."
    if honeypot:
        raise Invalid("petition.spam", message)
    try:
        shown = signing.loads(token or "", salt=FORM_SALT, max_age=MAX_AGE)
    except signing.BadSignature as exc:
        raise Invalid("petition.form_expired", message) from exc
    shown_at = shown[0] if isinstance(shown, list) and shown else shown
    if not isinstance(shown_at, int) or time.time() - shown_at < MIN_SECONDS:
        raise Invalid(
            "petition.too_fast", "Bạn gửi quá nhanh. Vui lòng kiểm tra nội dung và gửi lại."
        )


def submission_key(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def already_filed(token: str):
    """The petition a form (its one-time token) already made: a double submit is one petition."""
    from danvan.grassroots.models import Petition

    return Petition.objects.filter(submission_key=submission_key(token)).first() if token else None


def submit(
    data: services.PetitionInput, *, unit, channel=Channel.PORTAL, attachment=None, token=""
):
    from django.db import IntegrityError

    data.channel = channel
    if data.kind not in PUBLIC_KINDS:
        raise Invalid("petition.invalid", "Loại đơn không hợp lệ.", fields={"kind": "?"})
    try:
        return services.receive(
            data,
            unit=unit,
            by=None,
            system=f"grassroots:{channel}",
            attachment=attachment,
            submission_key=submission_key(token) if token else "",
        )
    except IntegrityError:
        found = already_filed(token)
        if found is None:
            raise
        return found
