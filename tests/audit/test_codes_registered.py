"""Every audit code the source records is registered with a Vietnamese sentence: the audit page
never shows a bare code. Literal codes are read from the source (calls of `record` and of the
jobs' `_audit`, both branches of a conditional); the workflow tables' codes from the tables."""

import ast
from pathlib import Path

import pytest

from danvan.audit.models import AuditEntry
from danvan.audit.registry import describe, is_registered
from danvan.workflow.registry import workflows

SRC = Path(__file__).resolve().parents[2] / "src" / "danvan"
RECORDERS = {"record", "_audit", "Pending"}  # Pending: an entry for record_many


def _literals(node) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body), _literals(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    return node.func.attr if isinstance(node.func, ast.Attribute) else None


def recorded_codes(root: Path = SRC) -> tuple[dict[str, str], list[str]]:
    """({code: where}, [calls whose code is computed])"""
    codes, computed = {}, []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and _call_name(node) in RECORDERS and node.args):
                continue
            where = f"{path.relative_to(root)}:{node.lineno}"
            found = _literals(node.args[0])
            if found is None and _call_name(node) in ("record", "Pending"):
                computed.append(where)
            for code in found or []:
                codes.setdefault(code, where)
    return codes, computed


def test_every_literal_audit_code_is_registered():
    codes, _ = recorded_codes()
    assert len(codes) > 30  # the source is really read
    missing = {code: where for code, where in codes.items() if not is_registered(code)}
    assert missing == {}


def test_computed_codes_are_only_the_engine_and_the_jobs_helper():
    # The engine's codes come from the tables (checked below); `_audit` passes its caller's
    # literal on (checked above), as `record` passes its caller's on to a Pending. A new computed
    # code must be covered the same way.
    _, computed = recorded_codes()
    assert sorted(c.split(":")[0] for c in computed) == [
        "audit/services.py",
        "jobs/runner.py",
        "workflow/engine.py",
    ]


def test_every_transition_of_every_table_has_a_sentence():
    missing = [
        f"{flow.name}.{t.action}"
        for flow in workflows()
        for t in flow.transitions
        if flow.audited and not callable(t.audit) and not is_registered(t.audit_code(flow))
    ]
    assert workflows() and missing == []


def test_an_unregistered_code_planted_in_the_source_is_found(tmp_path):
    (tmp_path / "x.py").write_text(
        "def f(ok):\n    record('x.never_registered', actor=None)\n"
        "    _audit('jobs.done' if ok else 'x.other', None)\n"
    )
    codes, _ = recorded_codes(tmp_path)
    assert set(codes) == {"x.never_registered", "jobs.done", "x.other"}
    assert not is_registered("x.never_registered")


@pytest.mark.django_db
def test_every_code_in_the_demo_log_reads_as_a_sentence():
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert actions and {a for a in actions if not is_registered(a)} == set()
    assert all(describe(a, {}) != a for a in actions)
