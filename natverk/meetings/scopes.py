"""The meetings and meeting documents a user may see or manage, as querysets: the same
answers as `access/rules.py`, for lists."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from natverk.access.roles import coordinated_network_ids, is_secretariat, person_of
from natverk.access.scopes import managed_networks_for, member_network_ids, visible_networks_for
from natverk.files.models import Visibility
from natverk.meetings.enums import JoinOutcome
from natverk.meetings.models import Invitation, JointMeetingRequest, Meeting, MeetingDocument
from natverk.meetings.selectors import with_networks
from natverk.registry.enums import NetworkStatus
from natverk.registry.models import Network


def visible_meetings_for(user) -> QuerySet[Meeting]:
    """Meetings of the networks the user coordinates or sits in, and those they are
    invited to (a substitute, say); all, for the secretariat."""
    if is_secretariat(user):
        return Meeting.objects.all()
    person = person_of(user)
    invited = (
        Q(invitations__person=person, invitations__withdrawn_at__isnull=True)
        if person is not None
        else Q(pk__in=[])
    )
    return Meeting.objects.filter(Q(networks__in=member_network_ids(user)) | invited).distinct()


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
            pk__in=MeetingDocument.objects.published()
            .filter(meeting__is_public=True, meeting__networks__is_public=True)
            .values("pk")
        )
        | Q(
            visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS],
            meeting__networks__in=member_network_ids(user),
        )
    ).distinct()


def networks_to_meet_with(user, *, leading: Network, meeting: Meeting | None = None):
    """The networks a meeting's coordinator is offered to meet with: those they manage
    (which take part at once), the public ones that are not closed (which are asked),
    and those already taking part or asked. Others are not named."""
    offered = Q(pk__in=managed_networks_for(user).values("pk")) | (
        Q(is_public=True) & ~Q(status=NetworkStatus.CLOSED)
    )
    if meeting is not None:
        offered |= Q(meetingnetwork__meeting=meeting) | Q(
            join_requests__meeting=meeting, join_requests__outcome=JoinOutcome.WAITING
        )
    return Network.objects.filter(offered).exclude(pk=leading.pk).distinct().order_by("name")


def join_request_for(user, pk: int) -> JointMeetingRequest:
    """A request to a network whose member area the user may open (else 404)."""
    return get_object_or_404(
        JointMeetingRequest.objects.filter(network__in=visible_networks_for(user)).select_related(
            "network", "meeting"
        ),
        pk=pk,
    )


def meeting_for(user, pk: int) -> Meeting:
    """Fetch and check in one call: a meeting the user may see, with its networks and
    agenda; otherwise 404, so that its existence is not told to others."""
    scope = visible_meetings_for(user)
    return get_object_or_404(
        with_networks(scope).select_related("contact").prefetch_related("agenda_items"), pk=pk
    )


def documents_for_invitation(invitation: Invitation) -> QuerySet[MeetingDocument]:
    """The meeting's documents someone invited sees through their link: what the members
    of its networks see."""
    return MeetingDocument.objects.filter(
        meeting=invitation.meeting, visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS]
    ).order_by("-uploaded_at")
