"""One-way app boundaries, read from the source: every `import` of src/danvan (function-local ones
included, since a local import is how a cycle hides) is checked against the house rules of
ARCHITECTURE.md. The checker runs on a planted tree too, so a violation is shown to fail it."""

import ast
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

# The parts of `danvan.core` that are an app (pages, URLs, demo data, commands); every other module
# of danvan.core is the base library (errors, identifiers, uploads, privacy, idempotency, rate
# limit, notify, formatting, text, importing, indicators, the nav registry).
CORE_APP_PARTS = (
    "danvan.core.apps",
    "danvan.core.views",
    "danvan.core.urls",
    "danvan.core.demo",
    "danvan.core.management",
)
# Library modules outside danvan.core: settings helpers, the working-day calendar, document
# rendering, the API's error format and pagination.
OTHER_LIBRARY = (
    "danvan.envconf",
    "danvan.workcal",
    "danvan.documents",
    "danvan.api.pagination",
    "danvan.api.errors",
)
# What each lower layer may import besides itself and the library.
LOWER = {"library": set(), "audit": set(), "units": {"audit"}, "accounts": {"units", "audit"}}
# Apps whose models any app may use (ARCHITECTURE: "an app may import units, accounts, audit,
# workflow"), and the jobs mechanism (a Job is every app's background work).
SHARED_MODELS = {"units", "accounts", "audit", "core", "workflow", "jobs"}
# reports counts every app's records; connections mirrors dossiers and payments to the national
# systems (outbox, portal sync, payment platform) and reads the records it sends.
READS_EVERYTHING = {"reports", "connections"}
# The project's own wiring sits above every app.
PROJECT_FILES = {"danvan.settings", "danvan.urls", "danvan.cli", "danvan.wsgi"}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. danvan.vault.access
    target: str  # the imported module (or module.name), e.g. danvan.onestop.models
    line: int

    def __str__(self):
        return f"{self.module}:{self.line} imports {self.target}"


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def layer(module: str) -> str | None:
    """`library`, the app label (`units`, `onestop`, `core_app` …) or None for the project files."""
    parts = module.split(".")
    if len(parts) < 2:
        return None
    if any(_within(module, p) for p in OTHER_LIBRARY):
        return "library"
    if parts[1] == "core":
        return "core_app" if any(_within(module, p) for p in CORE_APP_PARTS) else "library"
    return None if module in PROJECT_FILES else parts[1]


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _targets(node, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if node.level:
        base = module.split(".")
        base = base[: len(base) - node.level + (1 if is_package else 0)]
        mod = ".".join(base + ([node.module] if node.module else []))
    else:
        mod = node.module or ""
    # `from danvan.onestop import models` imports the module danvan.onestop.models; a name taken
    # from a module (`from danvan.onestop.models import Dossier`) is checked by its module path.
    return [f"{mod}.{a.name}" for a in node.names]


def imports(root: Path = SRC) -> list[Import]:
    found = []
    for path in sorted((root / "danvan").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = _module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _targets(node, module, path.name == "__init__.py"):
                    if _within(target, "danvan") and target != "danvan":
                        found.append(Import(module, target, node.lineno))
    return found


def _app(module: str) -> str:
    return module.split(".")[1]


def _is_services(module: str) -> bool:
    return len(module.split(".")) > 2 and module.split(".")[2] == "services"


def vault_imports_onestop(found: list[Import]) -> list[Import]:
    return [
        i
        for i in found
        if _within(i.module, "danvan.vault") and _within(i.target, "danvan.onestop")
    ]


def models_reached_from_outside(found: list[Import]) -> list[Import]:
    """Another app's models imported outside the importing app's services (reports may read all)."""
    bad = []
    for i in found:
        parts = i.target.split(".")
        if len(parts) < 3 or parts[2] != "models" or layer(i.module) is None:
            continue
        owner, user = parts[1], _app(i.module)
        if owner == user or owner in SHARED_MODELS or user in READS_EVERYTHING:
            continue
        if not _is_services(i.module):
            bad.append(i)
    return bad


def portal_past_services(found: list[Import]) -> list[Import]:
    """The public portal calls other apps' services modules (`services`, `public_services`) only."""
    bad = []
    for i in found:
        owner = layer(i.target)
        if _app(i.module) != "portal" or owner in (None, "library", "portal", *SHARED_MODELS):
            continue
        parts = i.target.split(".")
        if len(parts) < 3 or not parts[2].endswith("services"):
            bad.append(i)
    return bad


def lower_imports_up(found: list[Import]) -> list[Import]:
    bad = []
    for i in found:
        low, high = layer(i.module), layer(i.target)
        if low not in LOWER or high is None or high in ("library", low):
            continue
        if high not in LOWER[low]:
            bad.append(i)
    return bad


def violations(root: Path = SRC) -> list[str]:
    found = imports(root)
    return [
        *(f"vault must not import onestop: {i}" for i in vault_imports_onestop(found)),
        *(
            f"another app's models outside services: {i}"
            for i in models_reached_from_outside(found)
        ),
        *(f"the portal past services: {i}" for i in portal_past_services(found)),
        *(f"a lower layer imports up: {i}" for i in lower_imports_up(found)),
    ]


def test_src_keeps_its_boundaries():
    assert violations() == []


def test_local_and_relative_imports_are_seen():
    found = imports()
    assert any(i.module == "danvan.onestop.models" for i in found)  # relative and absolute
    assert len({i.module for i in found}) > 100


def _plant(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "danvan" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(root).parents:
            init = root / parent / "__init__.py"
            if parent != Path(".") and not init.exists():
                init.write_text("")
        path.write_text(text)
    return root


def test_planted_violations_fail_the_check(tmp_path):
    root = _plant(
        tmp_path,
        {
            "vault/access.py": "def f():\n    from danvan.onestop import intake\n",
            "portal/views.py": "from danvan.onestop.models import Dossier\n"
            "from danvan.onestop import public_services, intake\n"
            "from danvan.units.services import current_communes\n",
            "onestop/forms.py": "from danvan.procedures import models\n",
            "onestop/services.py": "from danvan.procedures.models import Procedure\n",
            "reports/views.py": "from danvan.onestop.models import Dossier\n",
            "accounts/context.py": "from danvan.core.views import home\n",
            "units/api.py": "from danvan.accounts.models import User\n",
            "core/errors.py": "def f():\n    import danvan.onestop.services\n",
            "audit/services.py": "from ..accounts import scope\n",
            "units/services.py": "from danvan.core.errors import NotFound\nfrom danvan.audit import services\n",
        },
    )
    found = violations(root)
    assert found == [
        "vault must not import onestop: danvan.vault.access:2 imports danvan.onestop.intake",
        "another app's models outside services: danvan.onestop.forms:1 imports danvan.procedures.models",
        "another app's models outside services: danvan.portal.views:1 imports danvan.onestop.models.Dossier",
        "the portal past services: danvan.portal.views:1 imports danvan.onestop.models.Dossier",
        "the portal past services: danvan.portal.views:2 imports danvan.onestop.intake",
        "a lower layer imports up: danvan.accounts.context:1 imports danvan.core.views.home",
        "a lower layer imports up: danvan.audit.services:1 imports danvan.accounts.scope",
        "a lower layer imports up: danvan.core.errors:2 imports danvan.onestop.services",
        "a lower layer imports up: danvan.units.api:1 imports danvan.accounts.models.User",
    ]
