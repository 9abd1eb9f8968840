"""make bench: every benchmark in bench/, each reported as a ratio against a baseline measured in
the same run (never absolute thresholds)."""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
BENCHES = [
    "bench_workcal.py",
    "bench_signing.py",
    "bench_importing.py",
    "bench_movement.py",
    "bench_reports.py",
]


def main() -> None:
    for name in BENCHES:
        print(f"\n=== {name} ===", flush=True)
        runpy.run_path(str(HERE / name), run_name="__main__")


if __name__ == "__main__":
    main()
