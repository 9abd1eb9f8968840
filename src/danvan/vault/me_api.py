"""The citizen's own vault endpoints, mounted at /api/v1/me (defined in vault.api)."""

from danvan.vault.api import me as router

__all__ = ["router"]
