"""What a user may see, as querysets: the same answers as `rules.py`, for lists.
Each list view starts from one of these, so nothing it shows was not allowed."""

from django.db.models import Q, QuerySet

from natverk.access.roles import (
    coordinated_network_ids,
    is_secretariat,
    represented_network_ids,
)
from natverk.meetings.models import Meeting, MeetingDocument
from natverk.people.models import Person, Representation
from natverk.registry.models import Network
from natverk.workspace.models import Document, Post, Visibility


def member_network_ids(user) -> set[int]:
    return coordinated_network_ids(user) | represented_network_ids(user)


def visible_networks_for(user) -> QuerySet[Network]:
    """The networks whose member area the user may open."""
    if is_secretariat(user):
        return Network.objects.all()
    return Network.objects.filter(pk__in=member_network_ids(user))


def my_networks_for(user) -> QuerySet[Network]:
    """The networks the user takes part in (what "Mina nätverk" lists)."""
    return Network.objects.filter(pk__in=member_network_ids(user))


def managed_networks_for(user) -> QuerySet[Network]:
    """The networks the user may manage: all for the secretariat, else those coordinated."""
    if is_secretariat(user):
        return Network.objects.all()
    return Network.objects.filter(pk__in=coordinated_network_ids(user))


def visible_contacts_for(user) -> QuerySet[Representation]:
    """Current representatives in the networks the user may see contacts of: theirs, and
    no others."""
    representations = Representation.objects.current().filter(person__erased_at__isnull=True)
    if is_secretariat(user):
        return representations
    return representations.filter(network__in=member_network_ids(user))


def visible_people_for(user) -> QuerySet[Person]:
    if is_secretariat(user):
        return Person.objects.filter(erased_at__isnull=True)
    return Person.objects.filter(
        pk__in=visible_contacts_for(user).values("person_id"), erased_at__isnull=True
    )


def visible_posts_for(user) -> QuerySet[Post]:
    if is_secretariat(user):
        return Post.objects.all()
    return Post.objects.filter(network__in=member_network_ids(user))


def visible_documents_for(user) -> QuerySet[Document]:
    if is_secretariat(user):
        return Document.objects.all()
    return Document.objects.filter(
        Q(visibility=Visibility.PUBLIC)
        | Q(visibility=Visibility.MEMBERS, network__in=member_network_ids(user))
    )


def visible_meetings_for(user) -> QuerySet[Meeting]:
    """Meetings of the networks the user coordinates or sits in (all, for the
    secretariat)."""
    if is_secretariat(user):
        return Meeting.objects.all()
    return Meeting.objects.filter(networks__in=member_network_ids(user)).distinct()


def managed_meetings_for(user) -> QuerySet[Meeting]:
    if is_secretariat(user):
        return Meeting.objects.all()
    return Meeting.objects.filter(
        meetingnetwork__network__in=coordinated_network_ids(user), meetingnetwork__leading=True
    ).distinct()


def visible_meeting_documents_for(user) -> QuerySet[MeetingDocument]:
    if is_secretariat(user):
        return MeetingDocument.objects.all()
    return MeetingDocument.objects.filter(
        Q(
            visibility=Visibility.PUBLIC,
            meeting__is_public=True,
            meeting__networks__is_public=True,
        )
        | Q(
            visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS],
            meeting__networks__in=member_network_ids(user),
        )
    ).distinct()
