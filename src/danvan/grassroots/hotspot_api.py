"""/api/v1/hotspots: the router lives beside the petitions API (danvan.grassroots.api)."""

from danvan.grassroots.api import hotspot_router as router

__all__ = ["router"]
