"""Word, Excel and PowerPoint files from before 2007 are accepted, known by what the
compound file holds rather than by their name; one with macros, or a compound file of
another program, is refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from natverk.files.checks import file_kind
from natverk.workspace.models import Document
from tests.files.compound import compound_file

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("streams", "kind"),
    [
        (("WordDocument", "1Table"), "doc"),
        (("Workbook",), "xls"),
        (("Book",), "xls"),  # Excel 5 and 95
        (("PowerPoint Document", "Current User"), "ppt"),
    ],
)
def test_old_office_files_are_known_by_their_streams(streams, kind):
    content = compound_file(*streams)
    assert file_kind(content[:8192], io.BytesIO(content)) == kind


def upload(client, cast, name, content):
    return client.post(
        reverse("workspace:document_upload", kwargs={"slug": cast.skur.slug}),
        {"title": "Budget", "visibility": "members", "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(("name", "kind"), [("budget.xls", "xls"), ("budget.doc", "doc")])
def test_an_old_office_file_is_uploaded_and_sent_as_what_it_is(client, cast, name, kind):
    client.force_login(cast.users["coordinator"])
    content = compound_file("Workbook" if kind == "xls" else "WordDocument")
    assert upload(client, cast, name, content).status_code == 302
    document = Document.objects.get()
    assert document.kind == kind
    download = client.get(reverse("workspace:document", kwargs={"pk": document.pk}))
    assert b"".join(download.streaming_content) == content
    assert (
        download["Content-Type"]
        == {
            "xls": "application/vnd.ms-excel",
            "doc": "application/msword",
        }[kind]
    )


def test_an_xls_named_as_a_doc_is_stored_as_the_spreadsheet_it_is(client, cast):
    client.force_login(cast.users["coordinator"])
    upload(client, cast, "budget.doc", compound_file("Workbook"))
    assert Document.objects.get().kind == "xls"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # A compound file of another program (an MSI installer, a Visio drawing) is no
        # Office document, whatever it is called.
        ("rapport.doc", compound_file("Contents", "SummaryInformation")),
        # The signature alone, with nothing readable after it.
        ("trasig.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
    ],
)
def test_a_compound_file_that_is_no_office_document_is_refused(client, cast, name, content):
    client.force_login(cast.users["coordinator"])
    response = upload(client, cast, name, content)
    assert response.status_code == 400
    assert f"”{name}” är inte en fil av en tillåten typ" in response.content.decode()
    assert Document.objects.count() == 0


@pytest.mark.parametrize("storage", ["Macros", "_VBA_PROJECT_CUR"])
def test_an_office_file_with_macros_is_refused(client, cast, storage):
    client.force_login(cast.users["coordinator"])
    response = upload(
        client, cast, "budget.doc", compound_file("WordDocument", storages=(storage,))
    )
    assert response.status_code == 400
    assert "”budget.doc” innehåller makron" in response.content.decode()
    assert Document.objects.count() == 0
