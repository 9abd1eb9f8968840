"""The translation catalogues: every src/danvan/**/locale/<lang>/LC_MESSAGES/django.po must
compile (msgfmt --check) and its committed django.mo must be what it compiles to.

    python -m danvan.core.catalogues --check     # make lint / make test
    python -m danvan.core.catalogues --compile   # after editing a .po (docs/translations.md)
"""

import argparse
import shutil
import subprocess  # noqa: S404 - msgfmt from gettext, with fixed arguments
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def catalogues(root: Path = ROOT) -> list[Path]:
    return sorted(p for p in root.rglob("locale/*/LC_MESSAGES/django.po"))


def _msgfmt(po: Path, out: Path) -> str:
    exe = shutil.which("msgfmt")
    if exe is None:
        return "msgfmt not found (install gettext)"
    done = subprocess.run(  # noqa: S603 - fixed program and arguments
        [exe, "--check", "-o", str(out), str(po)], capture_output=True, text=True, check=False
    )
    return done.stderr.strip() if done.returncode else ""


def problems(root: Path = ROOT) -> list[str]:
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        for po in catalogues(root):
            compiled = Path(tmp) / "django.mo"
            error = _msgfmt(po, compiled)
            mo = po.with_suffix(".mo")
            if error:
                found.append(f"{po}: {error}")
            elif not mo.exists() or mo.read_bytes() != compiled.read_bytes():
                found.append(f"{mo}: missing or older than its .po (run --compile)")
    return found


def compile_all(root: Path = ROOT) -> list[str]:
    errors = []
    for po in catalogues(root):
        error = _msgfmt(po, po.with_suffix(".mo"))
        if error:
            errors.append(f"{po}: {error}")
    return errors


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compile", action="store_true")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    found = compile_all() if args.compile else problems()
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
