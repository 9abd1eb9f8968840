"""An organization's store (by tax code), mounted at /api/v1/organizations (defined in vault.api)."""

from danvan.vault.api import organizations as router

__all__ = ["router"]
