"""Saving with a reason in the history, for changes made by commands rather than people;
every other entry gets its reason from where the change was made."""

import sys
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalRecords

# The history screens' own titles: django-simple-history has no Swedish, and its gettext
# reads this project's catalogue too.
HISTORY_SCREEN_TITLES = (
    gettext_noop("View history: %s"),
    gettext_noop("View %s"),
    gettext_noop("View %(verbose_name)s"),
)


def reason_from_context(sender, history_instance, **kwargs) -> None:
    """A history entry without a reason of its own says where it was made: "admin" (the
    back office), "site" (the member area and the public pages) or the command's name
    (`db_worker`, `load_seed`). Connected to django-simple-history's
    pre_create_historical_record in the core app's ready()."""
    if history_instance.history_change_reason:
        return
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None:
        admin = any(part == "admin" for part in request.path.split("/")[1:3])
        history_instance.history_change_reason = "admin" if admin else "site"
    elif Path(sys.argv[0]).name == "manage.py" and len(sys.argv) > 1:
        history_instance.history_change_reason = sys.argv[1][:100]


def save_recorded(instance: models.Model, *, reason: str, validate: bool = True, by=None) -> None:
    """Validate and save `instance`; its history entry says `reason` (e.g. 'load_reference')
    and, when given, who made the change."""
    if validate:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    with_reason(instance, reason)
    if by is not None:
        setattr(instance, "_history_user", by)  # noqa: B010 - the library reads this name
    instance.save()


def delete_recorded(instance: models.Model, *, reason: str) -> None:
    with_reason(instance, reason)
    instance.delete()


def with_reason(instance: models.Model, reason: str) -> None:
    """The reason django-simple-history writes in the history entry of the next save."""
    setattr(instance, "_change_reason", reason)  # noqa: B010 - the library reads this name


def assign_changed(instance: models.Model, values: dict) -> bool:
    """Set the values that differ; True if any did. Unchanged rows are not saved, so
    loading the same data twice leaves no trace in the history."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed
