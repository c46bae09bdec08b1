"""Which kinds of file are accepted, judged by content rather than by name."""

import io
import zipfile

import olefile
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_MIMETYPE_BYTES = 100  # an OpenDocument's "mimetype" entry is one short line

OOXML_KINDS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
ODF_KINDS = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
# The Office formats before 2007 are compound files (OLE2): which one it is, is told by
# the stream it holds; one with a macro project is refused, as it could run code.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_KINDS = (("WordDocument", "doc"), ("Workbook", "xls"), ("Book", "xls"),
             ("PowerPoint Document", "ppt"))  # fmt: skip
OLE_MACROS = {"macros", "_vba_project_cur", "_vba_project", "vba"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "txt": "text/plain; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}


class MacrosFound(Exception):
    """An Office file with a macro project."""


def ole_kind(whole) -> str | None:
    """Word, Excel or PowerPoint before 2007, by the stream the compound file holds; None
    if it is none of them or not a readable compound file. Raises MacrosFound."""
    try:
        with olefile.OleFileIO(whole) as ole:
            entries = ole.listdir(streams=True, storages=True)
            if any(part.lower() in OLE_MACROS for entry in entries for part in entry):
                raise MacrosFound
            for stream, kind in OLE_KINDS:
                if ole.exists(stream) and ole.get_type(stream) == olefile.STGTY_STREAM:
                    return kind
    except (OSError, ValueError, IndexError, KeyError):
        return None
    return None


def file_kind(head: bytes, whole) -> str | None:
    """The kind of a file from its first bytes (and, for zip-based formats and compound
    files, its table of contents), or None if it is not one of the accepted kinds."""
    if head.startswith(OLE_SIGNATURE):
        return ole_kind(whole) if whole is not None else None
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(whole) as archive:
                names = archive.namelist()
                if "mimetype" in names:
                    # Read only what a real one can be: the entry could unpack to gigabytes.
                    if archive.getinfo("mimetype").file_size > MAX_MIMETYPE_BYTES:
                        return None
                    return ODF_KINDS.get(archive.read("mimetype").strip())
                if "[Content_Types].xml" in names:
                    for prefix, kind in OOXML_KINDS.items():
                        if any(name.startswith(prefix) for name in names):
                            return kind
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
        return None
    if b"\x00" in head:
        return None
    # Markup (HTML, SVG, XML) is text a browser would run, not plain text.
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        if error.start < len(head) - 4:
            return None
    return "txt"


def validate_upload(upload) -> str:
    """Check an uploaded file; returns its kind, or raises ValidationError saying why not."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size).1f MB; files can be at most %(limit)d MB.")
            % {"size": upload.size / 1024 / 1024, "limit": MAX_UPLOAD_BYTES // 1024 // 1024}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    whole = io.BytesIO(upload.read()) if head.startswith((b"PK", OLE_SIGNATURE)) else None
    upload.seek(0)
    try:
        kind = file_kind(head, whole)
    except MacrosFound:
        raise ValidationError(
            _("“%(name)s” holds macros, which could run on the computers of those who open "
              "it: save it without them (as .docx or .xlsx, say).") % {"name": upload.name}
        ) from None  # fmt: skip
    if kind is None:
        raise ValidationError(
            _("“%(name)s” is not a file of an allowed kind (PDF, Word, Excel, PowerPoint, "
              "OpenDocument, plain text, PNG or JPEG), judged by its content.")
            % {"name": upload.name}
        )  # fmt: skip
    return kind
