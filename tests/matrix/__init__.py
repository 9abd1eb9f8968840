"""The permission matrix: every API operation and every page declares who may use it.

Each app adds a module here with ENTRIES = [Entry(...)]. The matrix test runs every entry for
every demo persona and for an anonymous visitor, and fails for any URL or API operation that
has no entry: nobody adds an endpoint without deciding who may use it.
"""

from dataclasses import dataclass, field

PUBLIC = "public"  # anyone, anonymous included
OFFICIALS = "officials"  # any signed-in demo persona


@dataclass(frozen=True)
class Entry:
    method: str
    path: str  # OpenAPI path ("/api/v1/units/{code}") or route ("thu-tuc/<str:code>/")
    allow: object = PUBLIC  # PUBLIC, OFFICIALS, or a set of persona usernames
    params: dict = field(default_factory=dict)
    query: str = ""
    body: dict | None = None
    ok: tuple[int, ...] = ()  # statuses that count as "allowed" besides 2xx/3xx (e.g. 422)
    # What a signed-in persona outside `allow` gets; None: (403, 404) (nobody is refused when
    # `allow` is PUBLIC or OFFICIALS: anonymous callers are checked for 401 / the login page).
    denied: tuple[int, ...] | None = None

    def __post_init__(self):
        if self.denied is None:
            everyone = self.allow in (PUBLIC, OFFICIALS)
            object.__setattr__(self, "denied", () if everyone else (403, 404))
        overlap = set(self.ok) & set(self.denied) | {s for s in self.denied if s < 400}
        if overlap:
            # A status in both would let a wrongly admitted persona pass as "denied" (issue 8).
            raise ValueError(
                f"{self.method} {self.path}: statuses {sorted(overlap)} count as both allowed "
                "and denied; give `denied` the statuses only a refused persona gets."
            )

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")

    def url(self) -> str:
        url = self.path
        for key, value in self.params.items():
            url = url.replace("{" + key + "}", str(value))
            for conv in ("str", "int", "slug", "path", "uuid", ""):
                url = url.replace(f"<{conv}:{key}>" if conv else f"<{key}>", str(value))
        if not self.is_api:
            url = "/" + url.lstrip("/")
        return url + (f"?{self.query}" if self.query else "")

    def allows(self, username: str | None) -> bool:
        if self.allow == PUBLIC:
            return True
        if username is None:
            return False
        if self.allow == OFFICIALS:
            return True
        return username in self.allow


def all_placeholders() -> dict:
    """Values known only at run time (e.g. a demo dossier's code), from each module's RESOLVE."""
    import importlib
    import pkgutil

    import tests.matrix as pkg

    found: dict = {}
    for info in pkgutil.iter_modules(pkg.__path__):
        found.update(getattr(importlib.import_module(f"tests.matrix.{info.name}"), "RESOLVE", {}))
    return found


def all_entries() -> list[Entry]:
    import importlib
    import pkgutil

    import tests.matrix as pkg

    entries: list[Entry] = []
    for info in pkgutil.iter_modules(pkg.__path__):
        module = importlib.import_module(f"tests.matrix.{info.name}")
        entries.extend(getattr(module, "ENTRIES", []))
    return entries
