"""make bench: every benchmark in bench/, each reported as a ratio against a baseline measured in
the same run (never absolute thresholds).

Run: python bench/run.py [bench_http ...]  (no names: all of them). Each benchmark runs in its own
process (each configures Django for its own database). One that writes rows (figure, ours,
baseline, ratio, target, met) as a JSON list to the file named by BENCH_ROWS_FILE gets them in the
one table printed at the end and in var/bench/bench-<UTC time>.json (and var/bench/latest.json);
the others print their own lines above it."""

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
BENCHES = [
    "bench_workcal.py",
    "bench_signing.py",
    "bench_importing.py",
    "bench_movement.py",
    "bench_http.py",
    "bench_reports.py",
    "bench_lists.py",
]
COLUMNS = ("figure", "ours", "baseline", "ratio", "target", "met")


def table(rows: list[dict]) -> str:
    cells = [[str(r.get(c, "")) if c != "met" else ("yes" if r.get(c) else "NO") for c in COLUMNS]
             for r in rows]  # fmt: skip
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join(" --- " for _ in COLUMNS) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines)


def write_json(rows: list[dict], failed: list[str]) -> Path:
    out = HERE.parent / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC)
    doc = {"at": stamp.isoformat(timespec="seconds"), "rows": rows, "failed": failed}
    path = out / f"bench-{stamp:%Y%m%dT%H%M%SZ}.json"
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    (out / "latest.json").write_text(text, encoding="utf-8")
    return path


def main(names: list[str]) -> None:
    wanted = [n if n.endswith(".py") else n + ".py" for n in names] or BENCHES
    rows, failed = [], []
    for name in wanted:
        print(f"\n=== {name} ===", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            rows_file = Path(tmp) / "rows.json"
            env = {**os.environ, "BENCH_ROWS_FILE": str(rows_file)}
            done = subprocess.run([sys.executable, str(HERE / name)], env=env, check=False)  # noqa: S603
            if done.returncode:  # one broken bench must not hide the others' figures
                failed.append(name)
            if rows_file.exists():
                found = json.loads(rows_file.read_text(encoding="utf-8"))
                rows += [{"bench": name, **row} for row in found]
    print("\n=== make bench ===")
    print(table(rows))
    if failed:
        print("failed: " + ", ".join(failed))
    print(f"written to {write_json(rows, failed)}")


if __name__ == "__main__":
    main(sys.argv[1:])
