"""Sharing in a network: posts (with an optional email notice) and documents."""

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import linebreaks

from natverk.access.roles import person_of
from natverk.core.audit import audit_log
from natverk.core.history import delete_recorded, save_recorded
from natverk.core.outbox import email_queue
from natverk.files.checks import validate_upload
from natverk.files.models import DocumentCategory
from natverk.files.services import shared_file_approve, shared_file_change, shared_file_remove
from natverk.people.selectors import current_representatives
from natverk.registry.models import Network
from natverk.workspace.models import Document, Post


def paragraphs(body: str) -> str:
    """Text typed without markup keeps its paragraphs and line breaks (a blank line, a
    new paragraph); text with markup is kept as written (and cleaned when saved)."""
    if "<" in body:
        return body
    return linebreaks(body.strip())


@transaction.atomic
def post_create(
    *, network: Network, author_user, title: str, body: str, attachment=None, notify: bool = False,
    base_url: str = "",
) -> Post:  # fmt: skip
    """Share a post in the network; with `notify`, each current representative gets an
    email in their own language (the author excepted)."""
    author = person_of(author_user)
    post = Post(network=network, author=author, title=title, body=paragraphs(body))
    if attachment:
        post.attachment_kind = validate_upload(attachment)
        post.attachment = attachment
    post.full_clean()
    post.save()
    if notify:
        sent_to = set()
        for representation in current_representatives(network):
            person = representation.person
            if not person.email or person == author or person.pk in sent_to:
                continue
            sent_to.add(person.pk)
            with translation.override(person.preferred_language):
                path = reverse("workspace:network", kwargs={"slug": network.slug})
            email_queue(
                to=person.email,
                kind="workspace.post_notice",
                template="workspace/email/new_post",
                context={"post": post, "network": network, "person": person,
                         "link": base_url.rstrip("/") + path},
                language=person.preferred_language,
            )  # fmt: skip
    return post


@transaction.atomic
def document_add(
    *,
    network: Network,
    by_user,
    title: str,
    upload,
    visibility: str,
    category: str = DocumentCategory.OTHER,
) -> Document:
    document = Document(
        network=network,
        title=title,
        visibility=visibility,
        category=category,
        uploaded_by=person_of(by_user),
        kind=validate_upload(upload),
        file=upload,
    )
    document.full_clean()
    document.save()
    audit_log(actor=by_user, action="workspace.document.added", subject=document)
    return document


@transaction.atomic
def document_change(
    *, document: Document, title: str, visibility: str, category: str, upload=None, by=None
) -> Document:
    shared_file_change(
        document=document, title=title, visibility=visibility, category=category, upload=upload
    )
    audit_log(actor=by, action="workspace.document.changed", subject=document,
              replaced=upload is not None)  # fmt: skip
    return document


@transaction.atomic
def document_approve(*, document: Document, by=None) -> Document:
    shared_file_approve(document=document)
    audit_log(actor=by, action="workspace.document.approved", subject=document)
    return document


@transaction.atomic
def document_remove(*, document: Document, by=None) -> None:
    audit_log(actor=by, action="workspace.document.removed", subject=document)
    shared_file_remove(document=document)


@transaction.atomic
def post_change(*, post: Post, title: str, body: str, by=None) -> Post:
    """A post rewritten; its attachment stays."""
    post.title = title
    post.body = paragraphs(body)
    post.full_clean()
    save_recorded(post, reason="changed")
    audit_log(actor=by, action="workspace.post.changed", subject=post)
    return post


@transaction.atomic
def post_remove(*, post: Post, by=None) -> None:
    """The post and its attachment go; its history stays."""
    audit_log(actor=by, action="workspace.post.removed", subject=post)
    attachment, storage = post.attachment.name, post.attachment.storage
    delete_recorded(post, reason="removed")
    if attachment:
        # Once the removal is kept; rolled back, the post still has its attachment.
        transaction.on_commit(lambda: storage.delete(attachment))
