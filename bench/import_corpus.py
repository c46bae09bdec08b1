"""How well the importer reads real networks pages: the corpus in tests/importing/corpus.

    .venv/bin/python bench/import_corpus.py [--holdout] [--details]

Loads the shipped reference data (with the national register) into a fresh SQLite file
and reads every corpus page, comparing each reading with the page's hand-made one:
networks found, spurious networks (and how many would be public), member recall,
invented members, members resolved to the right organisation, convener recall, pages
refused. The pages in corpus/holdout/ are measured apart, as pages the importer was not
tuned on. Nothing is written but the temporary database.
"""

import argparse
import atexit
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--holdout", action="store_true", help="Also measure the held-out pages.")
    parser.add_argument("--details", action="store_true", help="List every miss and extra.")
    args = parser.parse_args()

    folder = tempfile.mkdtemp()
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/corpus.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    import django

    django.setup()
    from django.core.management import call_command

    from tests.importing.corpus_support import CORPUS, HOLDOUT, score_folder

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    sets = [("corpus", CORPUS)] + ([("held out", HOLDOUT)] if args.holdout else [])
    for label, path in sets:
        started = time.perf_counter()
        total, each = score_folder(path)
        elapsed = time.perf_counter() - started
        print(f"{label}: {total.summary()} ({elapsed:.2f} s)")
        if args.details:
            for name, score in each.items():
                lines = [*score.refused, *(f"missed {m}" for m in score.missed),
                         *(f"invented {m}" for m in score.invented),
                         *(f"spurious {m}" for m in score.spurious)]  # fmt: skip
                if lines:
                    print(f"  {name}")
                    for line in lines:
                        print(f"    {line}")


if __name__ == "__main__":
    main()
