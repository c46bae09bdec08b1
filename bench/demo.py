"""Pages of the generated data, found by their place in it rather than by a fixed key:
the demo's keys are read from its names, and the same seed gives the same ones."""

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

READ = """
from natverk.demo.generator import demo_networks, demo_organisations
print(demo_networks()[{network}].slug)
print(demo_organisations()[{organisation}].slug)
"""


def demo_keys(env: dict, *, network: int = 17, organisation: int = 42) -> tuple[str, str]:
    """The keys of the `network`th network and the `organisation`th organisation the
    demo made (counted from 1), in the database `env` names."""
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c",
         READ.format(network=network - 1, organisation=organisation - 1)],
        cwd=PROJECT, env=env, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    return output[-2], output[-1]
