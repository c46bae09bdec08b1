"""The seed: Kommunförbundet Skåne's Nätverk page, imported as any page would be."""

from pathlib import Path

from natverk.importing.services import PageResult, page_import

SEED_DIR = Path(__file__).resolve().parent / "seed"
SEED_PAGE = SEED_DIR / "natverk.txt"
SEED_EXPECTED = SEED_DIR / "natverk.expected.json"


def seed_load(*, dry_run: bool = False) -> PageResult:
    return page_import(SEED_PAGE.read_bytes(), apply=not dry_run, reason="load_seed")
