"""Uploads are checked wherever they come in: a crafted archive in the member area, a
post's attachment in the back office."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from natverk.workspace.models import Document, Post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_archive_whose_mimetype_unpacks_to_megabytes_is_refused(client, cast):
    # Ten megabytes of spaces pack into a few kilobytes; an honest entry is one line.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b" " * 10_000_000 + b"application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    assert len(buffer.getvalue()) < 100_000
    client.force_login(cast.users["coordinator"])
    response = client.post(
        reverse("workspace:document_upload", kwargs={"slug": cast.skur.slug}),
        {
            "title": "Bomb",
            "visibility": "members",
            "file": SimpleUploadedFile("bomb.odt", buffer.getvalue()),
        },
    )
    assert response.status_code == 400
    assert "”bomb.odt” är inte en fil av en tillåten typ" in response.content.decode()
    assert Document.objects.count() == 0


def post_form(cast, attachment) -> dict:
    return {
        "network": cast.skur.pk,
        "author": "",
        "title": "Från sekretariatet",
        "body": "Hej",
        "attachment": attachment,
    }


def test_a_post_attachment_added_in_the_back_office_is_checked(client, cast):
    client.force_login(cast.users["secretariat"])
    page = reverse("admin:workspace_post_add")
    refused = client.post(
        page, post_form(cast, SimpleUploadedFile("sida.pdf", b"<html><script>x</script>"))
    )
    assert refused.status_code == 200
    assert "”sida.pdf” är inte en fil av en tillåten typ" in refused.content.decode()
    assert Post.objects.count() == 0

    client.post(page, post_form(cast, SimpleUploadedFile("program.pdf", PDF)))
    post = Post.objects.get()
    assert post.attachment_kind == "pdf"
    download = client.get(reverse("workspace:attachment", args=[post.pk]))
    assert download["Content-Type"] == "application/pdf"
