"""The posts and documents a user may see, as querysets: the same answers as
`access/rules.py`, for lists."""

from django.db.models import Q, QuerySet

from natverk.access.roles import is_secretariat
from natverk.access.scopes import member_network_ids
from natverk.files.models import Visibility
from natverk.workspace.models import Document, Post


def visible_posts_for(user) -> QuerySet[Post]:
    if is_secretariat(user):
        return Post.objects.all()
    return Post.objects.filter(network__in=member_network_ids(user))


def visible_documents_for(user) -> QuerySet[Document]:
    if is_secretariat(user):
        return Document.objects.all()
    return Document.objects.filter(
        Q(pk__in=Document.objects.published().filter(network__is_public=True).values("pk"))
        | Q(
            visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS],
            network__in=member_network_ids(user),
        )
    )
