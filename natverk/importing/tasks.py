"""Applying a large import in the background, where no web server's timeout stops it."""

from django_tasks import task

from natverk.importing.services import import_run_apply_queued


@task()
def apply_import_run(run_id: int) -> None:
    """Check and apply one queued import, all or nothing."""
    import_run_apply_queued(run_id=run_id)
