"""Loading the same data into many tests, fast. The first test in a process that needs,
say, the reference data runs the real loader, and the rows it wrote are kept; every later
test gets the same rows written back in one bulk insert per table, in a fraction of the
time. The loader itself is tested on its own, and the rows are the loader's own, so what
each test sees is what the loader makes."""

from collections.abc import Callable

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

_taken: dict[str, list[tuple[type[models.Model], list[dict]]]] = {}


def _tables() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _numbered(model: type[models.Model]) -> bool:
    return isinstance(model._meta.pk, models.AutoField | models.BigAutoField)


def _highest_pks() -> dict[type[models.Model], object]:
    """Each table's highest key, or its number of rows where keys are not numbers."""
    return {
        model: model._base_manager.aggregate(top=models.Max("pk"))["top"]
        if _numbered(model)
        else model._base_manager.count()
        for model in _tables()
    }


def load(name: str, loader: Callable[[], object]) -> None:
    """Run `loader` the first time in this process, and afterwards write back the rows it
    wrote then. The database must not yet hold any of them (each test starts empty)."""
    if name not in _taken:
        before = _highest_pks()
        loader()
        written = []
        for model in _tables():
            if not _numbered(model):
                if model._base_manager.count() != before[model]:
                    raise ValueError(f"{name} writes {model.__name__}: keys that are no numbers")
                continue
            rows = model._base_manager.all()
            if before[model] is not None:
                rows = rows.filter(pk__gt=before[model])
            fields = [field.attname for field in model._meta.concrete_fields]
            values = list(rows.order_by("pk").values(*fields))
            if values:
                written.append((model, values))
        _taken[name] = written
        return
    # In one transaction: foreign keys are checked at its end, whatever the table order.
    with transaction.atomic():
        for model, values in _taken[name]:
            model._base_manager.bulk_create([model(**row) for row in values], batch_size=500)
    # Rows written with their keys leave PostgreSQL's sequences behind: move them on.
    statements = connection.ops.sequence_reset_sql(no_style(), [m for m, _ in _taken[name]])
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
