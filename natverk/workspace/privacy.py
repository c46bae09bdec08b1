"""What the member area holds about a person, for their register extract: the posts they
wrote and the documents they added."""

from django.utils import timezone
from django.utils.translation import gettext as _

from natverk.people.privacy import extract_provider
from natverk.workspace.models import Document, Post


def _when(value) -> str:
    return timezone.localtime(value).isoformat(timespec="minutes")


@extract_provider
def posts_of(person) -> tuple[str, list[dict]]:
    return _("Posts in networks"), [
        {
            _("network"): post.network.name,
            _("title"): post.title,
            _("text"): post.body,
            _("attachment"): bool(post.attachment),
            _("posted"): _when(post.created_at),
        }
        for post in Post.objects.filter(author=person).select_related("network")
    ]


@extract_provider
def documents_of(person) -> tuple[str, list[dict]]:
    return _("Documents added to networks"), [
        {
            _("network"): document.network.name,
            _("title"): document.title,
            _("visible to"): document.get_visibility_display(),
            _("uploaded"): _when(document.uploaded_at),
        }
        for document in Document.objects.filter(uploaded_by=person).select_related("network")
    ]
