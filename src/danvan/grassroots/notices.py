"""What a petitioner is told, through the platform's notifications (``core.notify``): each notice
is a stored Notification written in the transaction of the change, which the connections app
turns into an outbox message and sends with her channels and topics (docs/connections.md).

- ``grassroots.filed``: her petition was received, with its tracking code (a topic she may turn
  off: the tracking page and the code on screen tell her the same);
- ``grassroots.transferred``: it was sent to the competent body (a topic she may turn off);
- ``grassroots.answered``: the answer is ready (always sent: the authority must answer her).

Each notice is written in the petitioner's language: the one saved on her account (found by
her national ID, or by her email or phone when the petition has no national ID), Vietnamese for a
petitioner without an account. Names (the body it went to, the unit) are data, as written.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from danvan.accounts.language import speaking_to_citizen
from danvan.core.notify import notify

FILED, TRANSFERRED, ANSWERED = "grassroots.filed", "grassroots.transferred", "grassroots.answered"


def track_url(petition) -> str:
    return f"{settings.SITE_URL}/gui-kien-nghi/theo-doi/?ma={petition.tracking_code}"


def _tell(petition, kind: str, write) -> list:
    """Store the notice ``write()`` composes (subject, body) in the petitioner's language."""
    if not (petition.petitioner_email or petition.petitioner_phone):
        return []
    with speaking_to_citizen(
        national_id=petition.petitioner_national_id,
        email=petition.petitioner_email,
        phone=petition.petitioner_phone,
    ):
        subject, body = write()
    return notify(
        kind,
        email=petition.petitioner_email,
        phone=petition.petitioner_phone,
        subject=subject[:200],
        body=body,
        obj=petition,
    )


def filed(petition, url: str = "") -> list:
    values = {"code": petition.tracking_code, "url": url or track_url(petition)}
    return _tell(
        petition,
        FILED,
        lambda: (
            _("Mã theo dõi đơn %(code)s") % values,
            _("Đã nhận phản ánh, kiến nghị của ông/bà. Mã theo dõi: %(code)s. Theo dõi tại %(url)s")
            % values,
        ),
    )


def transferred(petition) -> list:
    values = {
        "code": petition.tracking_code,
        "body": petition.transferred_to,
        "url": track_url(petition),
    }
    return _tell(
        petition,
        TRANSFERRED,
        lambda: (
            _("Đơn %(code)s được chuyển cơ quan có thẩm quyền") % values,
            _(
                "Đơn %(code)s của ông/bà đã được chuyển đến %(body)s là cơ quan có thẩm quyền "
                "giải quyết. Theo dõi tại %(url)s"
            )
            % values,
        ),
    )


def answered(petition) -> list:
    values = {
        "code": petition.tracking_code,
        "body": petition.handling_body or petition.unit.name,
        "url": track_url(petition),
    }
    return _tell(
        petition,
        ANSWERED,
        lambda: (
            _("Đơn %(code)s đã có trả lời") % values,
            _(
                "Đơn %(code)s của ông/bà đã có trả lời của %(body)s. "
                "Xem nội dung trả lời và đánh giá tại %(url)s"
            )
            % values,
        ),
    )
