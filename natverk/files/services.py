"""Changing a shared file: its title, who sees it and what kind of document it is; the file
itself replaced (checked by content like any upload); minutes approved; removed. The apps
that own the files (a network's, a meeting's) wrap these in their transactions and audit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from natverk.core.history import delete_recorded, save_recorded
from natverk.files.checks import validate_upload
from natverk.files.models import DocumentCategory, SharedFile


def shared_file_change(
    *, document: SharedFile, title: str, visibility: str, category: str, upload=None
) -> SharedFile:
    """New details, and a new file in place of the old one if given. Minutes that are
    changed are a draft again until approved."""
    changed_minutes = document.category == DocumentCategory.MINUTES and (
        upload is not None or category != DocumentCategory.MINUTES
    )
    document.title = title
    document.visibility = visibility
    document.category = category
    if upload is not None:
        document.kind = validate_upload(upload)
        old = document.file.name
        document.file = upload
    if changed_minutes:
        document.approved_at = None
    document.full_clean()
    save_recorded(document, reason="changed")
    if upload is not None and old and old != document.file.name:
        _delete_after_commit(document.file.storage, old)
    return document


def shared_file_approve(*, document: SharedFile) -> SharedFile:
    """Minutes approved: from now on they are shown as their visibility says, publicly
    too if it says so."""
    if document.category != DocumentCategory.MINUTES:
        raise ValidationError(_("Only minutes are approved."))
    if document.approved_at is None:
        document.approved_at = timezone.now()
        save_recorded(document, reason="minutes approved")
    return document


def shared_file_remove(*, document: SharedFile) -> None:
    """The document and its file go; its history stays."""
    name = document.file.name
    storage = document.file.storage
    delete_recorded(document, reason="removed")
    if name:
        _delete_after_commit(storage, name)


def _delete_after_commit(storage, name: str) -> None:
    """A file goes once the change is kept: if it is rolled back, the file is still
    there for the record that names it."""
    transaction.on_commit(lambda: storage.delete(name))
