from django.contrib import admin

from danvan.signing.models import (
    Delegation,
    SignedDocument,
    SigningBatch,
    SigningBatchItem,
    SigningCredential,
)


@admin.register(SigningCredential)
class SigningCredentialAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "organization", "not_after", "is_test", "active")
    list_filter = ("kind", "is_test", "active")
    exclude = ("encrypted_key",)
    readonly_fields = (
        "certificate_pem",
        "chain_pem",
        "fingerprint",
        "not_before",
        "not_after",
        "is_test",
    )


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ("delegate", "form", "for_whom", "valid_from", "valid_to")


@admin.register(SignedDocument)
class SignedDocumentAdmin(admin.ModelAdmin):
    list_display = (
        "public_id",
        "signer",
        "signed_at",
        "seal_by",
        "sealed_at",
        "object_type",
        "object_id",
    )
    readonly_fields = [f.name for f in SignedDocument._meta.fields]


class SigningBatchItemInline(admin.TabularInline):
    model = SigningBatchItem
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in SigningBatchItem._meta.fields]


@admin.register(SigningBatch)
class SigningBatchAdmin(admin.ModelAdmin):
    """Read-only: batches change only through signing.batches (each item signed or untouched)."""

    list_display = (
        "public_id",
        "kind",
        "signer",
        "state",
        "created_at",
        "finished_at",
        "worker",
        "heartbeat_at",
    )
    list_filter = ("state",)
    readonly_fields = [f.name for f in SigningBatch._meta.fields]
    inlines = [SigningBatchItemInline]

    def has_add_permission(self, request):
        return False
