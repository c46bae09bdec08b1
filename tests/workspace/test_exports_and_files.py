"""The contact list as XLSX and CSV, and uploaded files: checked by content, kept out of
any public address, sent only to those allowed."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from natverk.core.models import AuditEntry
from natverk.files.checks import MAX_UPLOAD_BYTES, file_kind
from natverk.people.models import Person, Representation
from natverk.registry.models import Organisation
from natverk.workspace.models import Document, Post
from tests.outbox import deliver

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def office_file(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind in ("odt", "ods", "odp"):
            names = {"odt": "text", "ods": "spreadsheet", "odp": "presentation"}
            archive.writestr("mimetype", f"application/vnd.oasis.opendocument.{names[kind]}")
            archive.writestr("content.xml", "<x/>")
        else:
            archive.writestr("[Content_Types].xml", "<Types/>")
            folder = {"docx": "word", "xlsx": "xl", "pptx": "ppt"}[kind]
            archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.fixture
def coordinator(client, cast):
    Person.objects.filter(pk=cast.people["representative"].pk).update(
        given_name="Åsa", family_name="Öberg", title='=HYPERLINK("x")'
    )
    client.force_login(cast.users["coordinator"])
    return client


def test_xlsx_holds_the_representatives_of_the_network(coordinator, cast):
    response = coordinator.get(reverse("workspace:contacts_xlsx", kwargs={"slug": cast.skur.slug}))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert 'filename="kontakter-skur-natverket-' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Organisation", "Förnamn", "Efternamn", "Titel", "E-post")
    assert rows[1][:3] == ("Malmö stad", "Åsa", "Öberg")
    assert rows[1][4] == "representant@example.se"
    assert len(rows) == 2
    title = sheet.cell(row=2, column=4)
    assert (title.value, title.data_type) == ('=HYPERLINK("x")', "s")  # text, not a formula
    entry = AuditEntry.objects.get(action="workspace.contacts.exported")
    assert entry.actor == cast.users["coordinator"]
    assert entry.details == {"format": "xlsx", "rows": 1}


def test_csv_opens_in_swedish_excel(coordinator, cast):
    content = coordinator.get(
        reverse("workspace:contacts_csv", kwargs={"slug": cast.skur.slug})
    ).content
    assert content.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the mark
    text = content.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:2] == ["Organisation", "Förnamn"]
    assert rows[1][:3] == ["Malmö stad", "Åsa", "Öberg"]
    assert rows[1][3] == '\'=HYPERLINK("x")'  # not run as a formula
    assert rows[1][5] == "040-12 34 56"  # a phone number is left as it is


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=1+HYPERLINK("x")', '\'=1+HYPERLINK("x")'),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("+46 70 111 22 33", "+46 70 111 22 33"),
        ("EU-samordnare", "EU-samordnare"),
    ],
)
def test_the_csv_writes_anything_that_would_run_as_text(value, written):
    from natverk.workspace.exports import _neutralised

    assert _neutralised(value) == written


def test_a_network_name_no_sheet_may_have_still_exports(coordinator, cast):
    cast.skur.short_name = "EU/Norden: [SKUR]?"
    cast.skur.save()
    response = coordinator.get(reverse("workspace:contacts_xlsx", kwargs={"slug": cast.skur.slug}))
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active.title == "EU-Norden- -SKUR--"
    assert AuditEntry.objects.filter(action="workspace.contacts.exported").count() == 1


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "jpg"),
        ("Protokoll från mötet, åäö.\n".encode(), "txt"),
        *[(office_file(kind), kind) for kind in ["docx", "xlsx", "pptx", "odt", "ods", "odp"]],
    ],
)
def test_accepted_kinds_are_known_by_content(content, kind):
    whole = io.BytesIO(content) if content.startswith(b"PK") else None
    assert file_kind(content[:8192], whole) == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),  # a program
        ("bild.png", b"GIF89a\x01\x00\x01\x00\x00\x00\x00"),
        ("arkiv.docx", b"PK\x03\x04" + b"\x00" * 40),  # a broken zip
        ("paket.zip", office_file("docx").replace(b"word/", b"code/")),
    ],
)
def test_a_file_of_another_kind_is_refused_whatever_its_name(coordinator, cast, name, content):
    response = coordinator.post(
        reverse("workspace:document_upload", kwargs={"slug": cast.skur.slug}),
        {"title": "X", "visibility": "members", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert f"”{name}” är inte en fil av en tillåten typ" in response.content.decode()
    assert Document.objects.count() == 0


def test_a_file_over_25_mb_is_refused(coordinator, cast):
    big = SimpleUploadedFile("stor.pdf", PDF + b"0" * (MAX_UPLOAD_BYTES + 1 - len(PDF)))
    response = coordinator.post(
        reverse("workspace:document_upload", kwargs={"slug": cast.skur.slug}),
        {"title": "Stor", "visibility": "members", "file": big},
    )
    assert response.status_code == 400
    assert "högst 25 MB" in response.content.decode()
    assert Document.objects.count() == 0


def test_documents_are_sent_only_through_the_checked_view(coordinator, client, cast, settings):
    coordinator.post(
        reverse("workspace:document_upload", kwargs={"slug": cast.skur.slug}),
        {
            "title": "Minnesanteckningar",
            "visibility": "members",
            "file": SimpleUploadedFile("minnen.pdf", PDF),
        },
    )
    document = Document.objects.get()
    assert document.kind == "pdf"
    stored = document.file.path
    assert str(settings.NATVERK_PRIVATE_FILES) in stored
    with pytest.raises(ValueError, match="no public address"):
        document.file.url  # noqa: B018 - reading it is the test
    download = coordinator.get(reverse("workspace:document", kwargs={"pk": document.pk}))
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]
    client.logout()
    assert client.get(reverse("workspace:document", kwargs={"pk": document.pk})).status_code == 404
    for guess in ["/media/", "/static/", "/var/private/", f"/dokument/{document.pk}/"]:
        assert client.get(guess + document.file.name).status_code == 404


def test_a_post_attachment_follows_the_post(coordinator, client, cast):
    coordinator.post(
        reverse("workspace:post_add", kwargs={"slug": cast.skur.slug}),
        {"title": "Bild", "body": "Se bilagan.", "attachment": SimpleUploadedFile("b.png", PNG)},
    )
    post = Post.objects.get()
    url = reverse("workspace:attachment", kwargs={"pk": post.pk})
    assert coordinator.get(url).status_code == 200
    client.force_login(cast.users["other_coordinator"])
    assert client.get(url).status_code == 404


def test_posting_can_tell_the_representatives_by_email(
    coordinator, cast, smtp_server, django_capture_on_commit_callbacks
):
    english = Person.objects.create(
        given_name="Jane", family_name="Doe", email="jane@example.se", preferred_language="en"
    )
    Representation.objects.create(
        person=english,
        network=cast.skur,
        organisation=Organisation.objects.get(slug="region-skane"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(
            reverse("workspace:post_add", kwargs={"slug": cast.skur.slug}),
            {"title": "Utlysning", "body": "<p>Ny utlysning.</p>", "notify": "on"},
        )
    deliver()
    recipients = sorted(r for m in smtp_server.messages for r in m.recipients)
    assert recipients == ["jane@example.se", "representant@example.se"]
    (jane,) = smtp_server.to("jane@example.se")
    assert jane["Subject"].strip() == "SKUR-nätverket: Utlysning"
    assert "A new post in SKUR-nätverket" in smtp_server.text(jane)
