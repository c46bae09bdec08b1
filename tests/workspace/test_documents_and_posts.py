"""Documents and posts change after they are shared: a document's details changed or its
file replaced, minutes approved before anyone outside sees them, a document or a post
removed; each by those who may, in the audit trail. Posts keep their paragraphs."""

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from natverk.core.models import AuditEntry
from natverk.files.models import DocumentCategory
from natverk.meetings.enums import MeetingStatus
from natverk.meetings.models import MeetingDocument
from natverk.meetings.services import meeting_create
from natverk.workspace.models import Document, Post
from natverk.workspace.services import document_remove
from tests.workspace.test_exports_and_files import PDF

pytestmark = pytest.mark.django_db

NEWER_PDF = PDF.replace(b"1 0 obj", b"2 0 obj")


def add_document(client, cast, *, title="Protokoll 3 mars", category="minutes",
                 visibility="public", content=PDF):  # fmt: skip
    response = client.post(
        reverse("workspace:document_upload", kwargs={"slug": cast.skur.slug}),
        {
            "title": title,
            "visibility": visibility,
            "category": category,
            "file": SimpleUploadedFile("protokoll.pdf", content),
        },
    )
    assert response.status_code == 302, response.content.decode()
    return Document.objects.get(title=title)


def download(client, document):
    return client.get(reverse("workspace:document", kwargs={"pk": document.pk}))


def test_minutes_are_a_draft_for_members_until_approved_then_public(as_role, cast, client):
    coordinator = as_role("coordinator")
    minutes = add_document(coordinator, cast)
    assert minutes.draft and minutes.approved_at is None
    page = coordinator.get(reverse("workspace:network", kwargs={"slug": cast.skur.slug}))
    assert "protokoll, utkast, PDF, visas publikt" in page.content.decode()
    representative = as_role("representative")
    assert download(representative, minutes).status_code == 200
    client.logout()
    assert download(client, minutes).status_code == 404  # a draft, though marked public

    coordinator = as_role("coordinator")
    coordinator.post(reverse("workspace:document_approve", kwargs={"pk": minutes.pk}))
    minutes.refresh_from_db()
    assert minutes.approved_at is not None and not minutes.draft
    client.logout()
    assert b"".join(download(client, minutes).streaming_content) == PDF
    assert AuditEntry.objects.filter(action="workspace.document.approved").count() == 1


def test_replacing_approved_minutes_makes_them_a_draft_again(
    as_role, cast, client, django_capture_on_commit_callbacks
):
    coordinator = as_role("coordinator")
    minutes = add_document(coordinator, cast)
    coordinator.post(reverse("workspace:document_approve", kwargs={"pk": minutes.pk}))
    old_file = minutes.file.path
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            reverse("workspace:document_change", kwargs={"pk": minutes.pk}),
            {
                "title": "Protokoll 3 mars, rättat",
                "visibility": "public",
                "category": "minutes",
                "file": SimpleUploadedFile("protokoll-rattat.pdf", NEWER_PDF),
            },
        )
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert (minutes.title, minutes.draft) == ("Protokoll 3 mars, rättat", True)
    assert b"".join(download(coordinator, minutes).streaming_content) == NEWER_PDF
    assert not os.path.exists(old_file)  # the replaced file is not kept
    client.logout()
    assert download(client, minutes).status_code == 404
    [entry] = AuditEntry.objects.filter(action="workspace.document.changed")
    assert entry.details == {"replaced": True}


def test_a_document_changed_without_a_file_keeps_its_file(as_role, cast):
    coordinator = as_role("coordinator")
    document = add_document(coordinator, cast, title="Program", category="agenda")
    form = coordinator.get(reverse("workspace:document_change", kwargs={"pk": document.pk}))
    assert 'value="Program"' in form.content.decode()
    coordinator.post(
        reverse("workspace:document_change", kwargs={"pk": document.pk}),
        {"title": "Program, version 2", "visibility": "members", "category": "agenda"},
    )
    document.refresh_from_db()
    assert (document.title, document.visibility) == ("Program, version 2", "members")
    assert b"".join(download(coordinator, document).streaming_content) == PDF


def test_a_replacement_of_another_kind_is_refused_and_nothing_changes(as_role, cast):
    coordinator = as_role("coordinator")
    document = add_document(coordinator, cast, title="Program", category="agenda")
    response = coordinator.post(
        reverse("workspace:document_change", kwargs={"pk": document.pk}),
        {
            "title": "Nytt namn",
            "visibility": "public",
            "category": "agenda",
            "file": SimpleUploadedFile("program.pdf", b"MZ\x90\x00program"),
        },
    )
    assert response.status_code == 400
    assert "”program.pdf” är inte en fil av en tillåten typ" in response.content.decode()
    document.refresh_from_db()
    assert document.title == "Program"
    assert b"".join(download(coordinator, document).streaming_content) == PDF


def test_only_minutes_are_approved(as_role, cast):
    coordinator = as_role("coordinator")
    document = add_document(coordinator, cast, title="Program", category="agenda")
    response = coordinator.post(
        reverse("workspace:document_approve", kwargs={"pk": document.pk}), follow=True
    )
    assert "Bara protokoll justeras." in response.content.decode()
    document.refresh_from_db()
    assert document.approved_at is None


def test_a_removed_document_and_its_file_are_gone(
    as_role, cast, django_capture_on_commit_callbacks
):
    coordinator = as_role("coordinator")
    document = add_document(coordinator, cast, title="Gammalt", category="other")
    path = document.file.path
    asking = coordinator.get(reverse("workspace:document_remove", kwargs={"pk": document.pk}))
    assert "Ta bort ”Gammalt”?" in asking.content.decode()
    assert Document.objects.filter(pk=document.pk).exists()  # asking changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(reverse("workspace:document_remove", kwargs={"pk": document.pk}))
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not os.path.exists(path)
    assert download(coordinator, document).status_code == 404
    assert AuditEntry.objects.filter(action="workspace.document.removed").count() == 1


def test_a_removal_rolled_back_keeps_the_document_and_its_file(
    as_role, cast, django_capture_on_commit_callbacks
):
    document = add_document(as_role("coordinator"), cast, title="Kvar", category="other")
    pk, path = document.pk, document.file.path

    def remove_then_fail():
        with transaction.atomic():
            document_remove(document=document, by=cast.users["coordinator"])
            raise RuntimeError("something after it failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        remove_then_fail()
    assert callbacks == []
    assert Document.objects.filter(pk=pk).exists()
    assert os.path.exists(path)


def test_a_public_document_of_a_network_that_is_not_public_stays_with_its_members(
    as_role, cast, client
):
    coordinator = as_role("coordinator")
    document = add_document(coordinator, cast, title="Program", category="agenda")
    cast.skur.is_public = False
    cast.skur.save()
    assert download(as_role("representative"), document).status_code == 200
    client.logout()
    assert download(client, document).status_code == 404
    assert download(as_role("outsider"), document).status_code == 404


def test_a_post_keeps_its_paragraphs_and_line_breaks(as_role, cast):
    representative = as_role("representative")
    representative.post(
        reverse("workspace:post_add", kwargs={"slug": cast.skur.slug}),
        {"title": "Resa", "body": "Vi åker 8.15.\nSamling vid stationen.\n\nVälkomna!"},
    )
    post = Post.objects.get()
    assert post.body == "<p>Vi åker 8.15.<br>Samling vid stationen.</p>\n\n<p>Välkomna!</p>"
    page = representative.get(reverse("workspace:network", kwargs={"slug": cast.skur.slug}))
    assert "<p>Vi åker 8.15.<br>Samling vid stationen.</p>" in page.content.decode()


def test_its_author_changes_a_post_and_keeps_its_attachment(as_role, cast):
    representative = as_role("representative")
    representative.post(
        reverse("workspace:post_add", kwargs={"slug": cast.skur.slug}),
        {"title": "Resa", "body": "Första", "attachment": SimpleUploadedFile("r.pdf", PDF)},
    )
    post = Post.objects.get()
    form = representative.get(reverse("workspace:post_change", kwargs={"pk": post.pk}))
    assert "Första" in form.content.decode()
    representative.post(
        reverse("workspace:post_change", kwargs={"pk": post.pk}),
        {"title": "Resa, ny tid", "body": "Andra <script>x()</script>"},
    )
    post.refresh_from_db()
    assert post.title == "Resa, ny tid"
    assert "Andra" in post.body and "script" not in post.body
    attachment = representative.get(reverse("workspace:attachment", kwargs={"pk": post.pk}))
    assert b"".join(attachment.streaming_content) == PDF
    assert (
        AuditEntry.objects.get(action="workspace.post.changed").actor
        == cast.users["representative"]
    )


def test_a_post_is_changed_by_its_author_and_the_coordinator_only(as_role, cast):
    coordinator = as_role("coordinator")
    coordinator.post(
        reverse("workspace:post_add", kwargs={"slug": cast.skur.slug}),
        {"title": "Kallelse", "body": "Text"},
    )
    post = Post.objects.get()
    representative = as_role("representative")
    page = representative.get(reverse("workspace:network", kwargs={"slug": cast.skur.slug}))
    assert reverse("workspace:post_change", kwargs={"pk": post.pk}) not in page.content.decode()
    refused = representative.post(
        reverse("workspace:post_change", kwargs={"pk": post.pk}), {"title": "Kapat", "body": "x"}
    )
    assert refused.status_code == 403
    assert (
        representative.post(reverse("workspace:post_remove", kwargs={"pk": post.pk})).status_code
        == 403
    )
    post.refresh_from_db()
    assert post.title == "Kallelse"


def test_a_removed_post_takes_its_attachment_with_it(
    as_role, cast, django_capture_on_commit_callbacks
):
    coordinator = as_role("coordinator")
    coordinator.post(
        reverse("workspace:post_add", kwargs={"slug": cast.skur.slug}),
        {"title": "Bilaga", "body": "Se bilagan", "attachment": SimpleUploadedFile("b.pdf", PDF)},
    )
    post = Post.objects.get()
    path = post.attachment.path
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(reverse("workspace:post_remove", kwargs={"pk": post.pk}))
    assert Post.objects.count() == 0
    assert not os.path.exists(path)
    assert (
        coordinator.get(reverse("workspace:attachment", kwargs={"pk": post.pk})).status_code == 404
    )
    assert AuditEntry.objects.filter(action="workspace.post.removed").count() == 1


@pytest.fixture
def held_public_meeting(cast):
    start = timezone.now() - datetime.timedelta(days=7)
    meeting = meeting_create(
        networks=[cast.skur],
        leading=cast.skur,
        title="Vårmötet",
        start=start,
        end=start + datetime.timedelta(hours=2),
        is_public=True,
    )
    meeting.status = MeetingStatus.HELD
    meeting.save()
    return meeting


def test_a_meetings_minutes_reach_the_public_page_once_approved(as_role, cast, client,
                                                               held_public_meeting):  # fmt: skip
    coordinator = as_role("coordinator")
    coordinator.post(
        reverse("meetings:document_upload", kwargs={"pk": held_public_meeting.pk}),
        {
            "title": "Protokoll vårmötet",
            "visibility": "public",
            "category": DocumentCategory.MINUTES,
            "file": SimpleUploadedFile("protokoll.pdf", PDF),
        },
    )
    minutes = MeetingDocument.objects.get()
    assert minutes.draft
    public_page = reverse("publishing:network", kwargs={"slug": cast.skur.slug})
    address = reverse("meetings:document", kwargs={"pk": minutes.pk})
    client.logout()
    assert "Protokoll vårmötet" not in client.get(public_page).content.decode()
    assert client.get(address).status_code == 404

    coordinator = as_role("coordinator")
    coordinator.post(reverse("meetings:document_approve", kwargs={"pk": minutes.pk}))
    client.logout()
    assert "Protokoll vårmötet" in client.get(public_page).content.decode()
    assert b"".join(client.get(address).streaming_content) == PDF

    coordinator = as_role("coordinator")
    coordinator.post(reverse("meetings:document_remove", kwargs={"pk": minutes.pk}))
    assert MeetingDocument.objects.count() == 0
    client.logout()
    assert "Protokoll vårmötet" not in client.get(public_page).content.decode()
