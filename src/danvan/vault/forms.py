"""Reading the vault parts of the intake form and building the offers / dossier-panel contexts."""

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.core.formatting import parse_date
from danvan.vault import access, services
from danvan.vault.models import DocumentType, OwnerKind, Purpose


def read_meta(post, prefix: str = "", suffix: str = "") -> services.DocumentMeta:
    def value(name: str, size: int) -> str:
        return post.get(f"{prefix}{name}{suffix}", "").strip()[:size]

    return services.DocumentMeta(
        doc_type=value("doc_type", 40),
        title=value("title", 300),
        number=value("number", 60),
        issuer=value("issuer", 200),
        issued_on=parse_date(value("issued_on", 10)),
        expires_on=parse_date(value("expires_on", 10)),
        owner_kind=OwnerKind.ORGANIZATION
        if value("owner_kind", 16) == OwnerKind.ORGANIZATION
        else OwnerKind.CITIZEN,
    )


def apply_to_intake(form, post, component_input) -> None:
    """`reuse_<component>` = a stored document picked from the offers; `store_<component>` = keep
    the uploaded scan in the citizen's store (digitization at the counter) with its metadata.
    `component_input` is the intake's input class, passed by the one-stop app that owns it."""
    by_id = {c.component_id: c for c in form.components}
    for comp in form.procedure.components.all():
        given = by_id.get(comp.pk)
        if given is not None and given.upload is not None:
            if comp.vault_types and post.get(f"store_{comp.pk}"):
                meta = read_meta(post, "store_", f"_{comp.pk}")
                if meta.doc_type not in comp.vault_types:
                    meta.doc_type = comp.vault_types[0]
                if post.get(f"store_owner_{comp.pk}") == OwnerKind.ORGANIZATION:
                    meta.owner_kind = (
                        OwnerKind.ORGANIZATION
                    )  # the dossier's tax code is checked at intake
                given.store_as = meta
            continue
        raw = post.get(f"reuse_{comp.pk}", "").strip()
        if raw.isdigit() and len(raw) < 19:
            form.components.append(
                component_input(component_id=comp.pk, vault_document_id=int(raw))
            )


def _types(codes) -> list[DocumentType]:
    by_code = DocumentType.objects.in_bulk(list(codes), field_name="code")
    return [by_code[c] for c in codes if c in by_code]


def offer_context(
    procedure,
    offers: dict,
    national_id: str,
    *,
    citizen: bool = False,
    picked=(),
    tax_code: str = "",
) -> dict:
    tax_code_ok = not citizen and bool(access.TAX_CODE.match(tax_code or ""))
    rows = []
    for comp in procedure.components.all() if procedure else []:
        if not comp.vault_types:
            continue
        rows.append(
            {
                "component": comp,
                "offers": offers.get(comp.pk, []),
                "types": [] if citizen else _types(comp.vault_types),
            }
        )
    return {
        "procedure": procedure,
        "rows": rows,
        "citizen": citizen,
        "masked": access.mask(national_id),
        "tax_code_ok": tax_code_ok,
        "org_masked": access.mask(tax_code) if tax_code_ok else "",
        "bad_tax_code": bool(tax_code) and not tax_code_ok and not citizen,
        "picked": {int(p) for p in picked if p.isdigit() and len(p) < 19},
        "has_offers": any(r["offers"] for r in rows),
        "national_id_ok": access.NATIONAL_ID.match(national_id),
    }


def panel_context(dossier, user) -> dict:
    clerk = user.is_superuser or scope.covers(user, dossier.unit, [Role.COUNTER_CLERK])
    owners = access.dossier_owners(dossier)
    rows, shown = [], set()
    for row in dossier.components.select_related("component"):
        types = list(row.component.vault_types) if row.component else []
        offers = []
        if clerk and dossier.is_open and types and not row.from_store:  # only the counter attaches
            offers = list(services.reusable(owners, types)[:5])
        shown.update(doc.owner_id for doc in offers)
        rows.append(
            {
                "row": row,
                "offers": offers,
                "types": _types(types),
                "can_digitize": clerk
                and dossier.is_open
                and bool(types)
                and not row.vault_document_id,
            }
        )
    for owner_id in sorted(shown):
        access.log(user, owner_id, Purpose.OFFER, dossier=dossier, reason="Trang hồ sơ")
    return {
        "d": dossier,
        "org": len(owners) > 1,
        "rows": [r for r in rows if r["offers"] or r["can_digitize"] or r["row"].vault_document_id],
    }
