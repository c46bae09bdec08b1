"""Sharing in a network: posts (with an optional email notice) and documents."""

from django.db import transaction
from django.urls import reverse
from django.utils import translation

from natverk.access.roles import person_of
from natverk.core.audit import audit_log
from natverk.core.outbox import email_queue
from natverk.files.checks import validate_upload
from natverk.people.selectors import current_representatives
from natverk.registry.models import Network
from natverk.workspace.models import Document, Post


@transaction.atomic
def post_create(
    *, network: Network, author_user, title: str, body: str, attachment=None, notify: bool = False,
    base_url: str = "",
) -> Post:  # fmt: skip
    """Share a post in the network; with `notify`, each current representative gets an
    email in their own language (the author excepted)."""
    author = person_of(author_user)
    post = Post(network=network, author=author, title=title, body=body)
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
def document_add(*, network: Network, by_user, title: str, upload, visibility: str) -> Document:
    document = Document(
        network=network,
        title=title,
        visibility=visibility,
        uploaded_by=person_of(by_user),
        kind=validate_upload(upload),
        file=upload,
    )
    document.full_clean()
    document.save()
    audit_log(actor=by_user, action="workspace.document.added", subject=document)
    return document
