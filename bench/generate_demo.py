"""How long `manage.py generate_demo` takes on a fresh SQLite file.

    .venv/bin/python bench/generate_demo.py [--scale sweden] [--runs 3]

Each run migrates an empty database in a temporary folder and loads the reference data,
then times generate_demo alone (the command reports its own duration). Prints each run
and the median. Set BENCH_DATABASE_URL to measure another database instead.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def manage(*args: str, env: dict) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="sweden")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    timings = []
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as folder:
            url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
            env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings.dev")
            manage("migrate", "--no-input", env=env)
            manage("load_reference", env=env)
            output = manage("generate_demo", "--scale", args.scale, "--replace", env=env)
            seconds = float(re.search(r"\((\d+\.\d) s\)", output).group(1))
            timings.append(seconds)
            print(f"run {run}: {output.strip()}")
    print(f"median of {args.runs} runs, --scale {args.scale}: {statistics.median(timings):.1f} s")


if __name__ == "__main__":
    main()
