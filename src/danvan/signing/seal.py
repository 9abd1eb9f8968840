"""The unit's system seal: the organization signature applied by the system, not by a person's PIN.

Used for certified electronic copies made at the one-stop counter (vault digitization): the clerk
who scans the paper is recorded in the audit log; the signature is the unit's. Decree 45/2020
Art 25 (as amended by Decree 118/2025): the digitization result is signed by the one-stop section
with the agency's digital signature. Results are NOT sealed this way: they keep the office clerk's
PIN (services.seal_document).
"""

from __future__ import annotations

import hashlib
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import Role, RoleGrant
from danvan.audit.registry import register
from danvan.audit.services import record
from danvan.signing import pades, services
from danvan.signing.models import CredentialKind, SignedDocument, SigningCredential

register(
    "signing.system_sealed",
    _("Đóng dấu số hệ thống (bản sao điện tử) {public_id} do {by} thực hiện"),
)

COPY_TITLE = "BẢN SỐ HÓA TỪ BẢN CHÍNH"
COPY_BOX = (330, 20, 570, 90)


def unit_seal_credential(unit) -> SigningCredential | None:
    """The live SEAL credential held by an office clerk of this unit (the closest unit up the tree)."""
    now = timezone.now()
    for candidate in [unit, *reversed(unit.ancestors())]:
        holders = (
            RoleGrant.objects.active().filter(role=Role.OFFICE_CLERK, unit=candidate).values("user")
        )
        cred = (
            SigningCredential.objects.filter(
                user__in=holders,
                kind=CredentialKind.SEAL,
                active=True,
                not_before__lte=now,
                not_after__gt=now,
            )
            .order_by("-created_at")
            .first()
        )
        if cred is not None:
            return cred
    return None


def system_seal(pdf: bytes, *, unit, by, object_type: str, object_id: str) -> SignedDocument | None:
    """Seal ``pdf`` with the unit's organization signature; None when the unit has no seal credential."""
    cred = unit_seal_credential(unit)
    if cred is None:
        return None
    public_id = uuid.uuid4()
    now = timezone.now()
    stamp = pades.StampSpec(
        cred.organization,
        cred.organization,
        services.verification_url(public_id),
        title=COPY_TITLE,
        box=COPY_BOX,
        signed_at=now,
    )
    signed = services._apply(pdf, cred, stamp, services.SEAL_FIELD, "B-T")
    with transaction.atomic():
        doc = SignedDocument(
            public_id=public_id,
            sha256=hashlib.sha256(signed).hexdigest(),
            signer=cred.user,
            seal_by=cred.user,
            signed_at=now,
            sealed_at=now,
            profile="B-T",
            title_lines=[COPY_TITLE],
            object_type=object_type,
            object_id=str(object_id),
        )
        doc.file.save(f"{public_id}.pdf", ContentFile(signed), save=False)
        doc.save()
        record(
            "signing.system_sealed",
            actor=by,
            unit=unit,
            obj=doc,
            data={
                "public_id": str(public_id),
                "by": by.get_username() if by else "",
                "credential": cred.fingerprint[:16],
                "object_type": object_type,
                "object_id": str(object_id),
            },
        )
    return doc
