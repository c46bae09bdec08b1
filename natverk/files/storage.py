"""Where uploaded files are kept: never under a public URL."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Uploaded files live outside the static and media folders and have no URL: they
    are only ever sent by a view that has checked who asks."""

    def __init__(self):
        super().__init__(location=settings.NATVERK_PRIVATE_FILES, base_url=None)

    def url(self, name):
        raise ValueError("Private files have no public address.")


def private_storage():
    return PrivateStorage()
