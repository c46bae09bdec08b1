"""Sending a private file, once a view has checked who asks."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.text import slugify

from natverk.files.checks import CONTENT_TYPES


def file_response(field: FieldFile, *, kind: str, title: str) -> FileResponse:
    """The file as a download named after its title, of the type its content was judged
    to be; never cached on the way, never sniffed into something a browser would run."""
    response = FileResponse(
        field.open("rb"), as_attachment=True, filename=f"{slugify(title) or 'fil'}.{kind}"
    )
    response["Content-Type"] = CONTENT_TYPES.get(kind, "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
