"""Attaching a stored document to a dossier component, mounted at /api/v1/dossiers (defined in vault.api)."""

from danvan.vault.api import dossiers as router

__all__ = ["router"]
