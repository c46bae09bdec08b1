"""The meetings and meeting documents a user may see or manage, as querysets: the same
answers as `access/rules.py`, for lists."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from natverk.access.roles import coordinated_network_ids, is_secretariat
from natverk.access.scopes import member_network_ids
from natverk.files.models import Visibility
from natverk.meetings.models import Meeting, MeetingDocument
from natverk.meetings.selectors import with_networks


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


def meeting_for(user, pk: int) -> Meeting:
    """Fetch and check in one call: a meeting the user may see, with its networks and
    agenda; otherwise 404, so that its existence is not told to others."""
    scope = visible_meetings_for(user)
    return get_object_or_404(with_networks(scope).prefetch_related("agenda_items"), pk=pk)
