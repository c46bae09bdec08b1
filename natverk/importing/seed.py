"""The seed: Kommunförbundet Skåne's Nätverk page, the project's first data."""

from pathlib import Path

from natverk.importing.reading import Reading
from natverk.importing.services import ApplyReport, reading_apply

SEED_DIR = Path(__file__).resolve().parent / "seed"
SEED_PAGE = SEED_DIR / "natverk.txt"
SEED_EXPECTED = SEED_DIR / "natverk.expected.json"
SEED_READING = SEED_DIR / "networks.json"


def seed_load(*, dry_run: bool = False) -> ApplyReport:
    return reading_apply(Reading.from_file(SEED_READING), reason="load_seed", dry_run=dry_run)
