"""The supervision report and the recommendation letter signed (PAdES) by the Front official,
through the signing app's services: the PIN is checked there, the signed PDF is kept there
(with its public verification link) and found again by object type and id."""

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.audit.services import record
from danvan.core.errors import Invalid
from danvan.documents import render_document
from danvan.oversight import documents, scoping
from danvan.oversight.models import Recommendation, Supervision
from danvan.oversight.services import require_writer
from danvan.oversight.states import SupervisionState
from danvan.signing import services as signing

SUPERVISION_REPORT = "oversight.supervision_report"
RECOMMENDATION_LETTER = "oversight.recommendation_letter"
SIGNABLE_REPORT = {
    SupervisionState.REPORTED,
    SupervisionState.RECOMMENDED,
    SupervisionState.FOLLOWED_UP,
    SupervisionState.CLOSED,
}


def front_authority(user, organizer=None) -> list[str]:
    """Signature-block lines (Decree 30/2020 Art. 8 as the Front applies it): the Front
    committee's standing board signs (TM. BAN THƯỜNG TRỰC), a member organization's standing
    committee for its own supervision (TM. BAN THƯỜNG VỤ); the chair or a vice-chair on its
    behalf."""
    body = documents.standing_body(organizer)
    position = (getattr(user, "position", "") or "").strip().lower()
    for prefix, title in (("phó chủ tịch", "PHÓ CHỦ TỊCH"), ("chủ tịch", "CHỦ TỊCH"),
                          ("phó bí thư", "PHÓ BÍ THƯ"), ("bí thư", "BÍ THƯ")):  # fmt: skip
        if position.startswith(prefix):
            return [body, title]
    return [body, (user.position or "ỦY VIÊN").upper()]


def _sign(spec_of, obj, *, by, authorization, object_type: str, organizer=None):
    title = front_authority(by, organizer)
    rendered = render_document(
        spec_of(obj, authority=title, signer_name=by.full_name or by.username)
    )
    box = rendered.signature_box.as_tuple() if rendered.signature_box else None
    return signing.sign_authorized(
        rendered.data, authorization=authorization, title=title, object_type=object_type,
        object_id=obj.pk, box=box,
    )  # fmt: skip


def sign_supervision_report(sup: Supervision, *, by, pin: str):
    require_writer(by, sup.unit)
    if sup.state not in SIGNABLE_REPORT or not sup.findings.strip():
        raise Invalid(
            "supervision.report_not_ready",
            _("Chỉ ký số báo cáo khi cuộc giám sát đã có kết quả và báo cáo."),
        )
    # The PIN check first, outside the transaction: a wrong PIN stays counted.
    authorization = signing.confirm(by, pin, obj=sup)
    with transaction.atomic():
        doc = _sign(documents.supervision_report, sup, by=by, authorization=authorization,
                    object_type=SUPERVISION_REPORT, organizer=sup.organizer)  # fmt: skip
        Supervision.objects.filter(pk=sup.pk).update(report_file=doc.file.name)
        record(
            "oversight.document.signed",
            actor=by,
            unit=sup.unit,
            obj=sup,
            data={"what": "báo cáo kết quả giám sát", "title": sup.title[:120],
                  "public_id": str(doc.public_id)},
        )  # fmt: skip
    return doc


def sign_recommendation_letter(rec: Recommendation, *, by, pin: str):
    require_writer(by, rec.unit)
    if scoping.organization_kind(by) and rec.supervision is None:
        raise Invalid("recommendation.not_yours", _("Văn bản này do Ủy ban MTTQ ký."))
    authorization = signing.confirm(by, pin, obj=rec)
    with transaction.atomic():
        organizer = rec.supervision.organizer if rec.supervision else None
        doc = _sign(documents.recommendation_letter, rec, by=by, authorization=authorization,
                    object_type=RECOMMENDATION_LETTER, organizer=organizer)  # fmt: skip
        record(
            "oversight.document.signed",
            actor=by,
            unit=rec.unit,
            obj=rec,
            data={"what": "văn bản kiến nghị", "title": rec.addressee[:120],
                  "public_id": str(doc.public_id)},
        )  # fmt: skip
    return doc


def signed_report(sup: Supervision):
    return signing.document_for(SUPERVISION_REPORT, sup.pk)


def signed_letter(rec: Recommendation):
    return signing.document_for(RECOMMENDATION_LETTER, rec.pk)


def verification_url(doc) -> str:
    return signing.verification_url(doc.public_id)
