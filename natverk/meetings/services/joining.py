"""Networks taking part in another network's meeting: asked by the meeting's coordinator,
joined only once one of the network's own coordinators (or the secretariat) says yes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from natverk.core.audit import audit_log
from natverk.core.outbox import email_queue
from natverk.core.selectors import link_base_url
from natverk.meetings.enums import JOIN_REQUEST, JoinOutcome, MeetingStatus
from natverk.meetings.models import JointMeetingRequest, Meeting, MeetingNetwork
from natverk.meetings.tasks import send_invitations
from natverk.people.models import Coordination
from natverk.registry.models import Network


def _tell_the_coordinators(request: JointMeetingRequest) -> None:
    coordinators = (
        Coordination.objects.current()
        .filter(network=request.network, person__erased_at__isnull=True)
        .exclude(person__email="")
        .select_related("person")
    )
    for coordination in coordinators:
        person = coordination.person
        with translation.override(person.preferred_language):
            path = reverse("meetings:network", kwargs={"slug": request.network.slug})
        email_queue(
            to=person.email,
            kind=JOIN_REQUEST,
            template="meetings/email/join_request",
            context={
                "request": request,
                "meeting": request.meeting,
                "person": person,
                "link": link_base_url() + path,
            },
            language=person.preferred_language,
        )


def join_requests_set(*, meeting: Meeting, networks: list[Network], by=None) -> int:
    """Ask the networks (not taking part yet) to take part; requests still waiting for
    networks no longer asked for are taken back. Returns how many were asked now."""
    linked = set(meeting.meetingnetwork_set.values_list("network_id", flat=True))
    wanted = {n.pk: n for n in networks if n.pk not in linked}
    waiting = meeting.join_requests.filter(outcome=JoinOutcome.WAITING)
    waiting.exclude(network__in=list(wanted)).delete()
    already = set(waiting.values_list("network_id", flat=True))
    asked = 0
    for network in wanted.values():
        if network.pk in already:
            continue
        request = JointMeetingRequest(
            meeting=meeting,
            network=network,
            requested_by=by if getattr(by, "is_authenticated", False) else None,
        )
        request.full_clean()
        request.save()
        _tell_the_coordinators(request)
        audit_log(actor=by, action="meetings.join.requested", subject=request)
        asked += 1
    return asked


@transaction.atomic
def join_request_answer(*, request: JointMeetingRequest, join: bool, by=None) -> None:
    """The asked network's answer. Joining a meeting whose invitations have gone out
    invites the network's representatives too."""
    request = (
        JointMeetingRequest.objects.select_for_update()
        .select_related("meeting", "network")
        .get(pk=request.pk)
    )
    if request.outcome != JoinOutcome.WAITING:
        raise ValidationError(_("The request has been answered already."))
    meeting = request.meeting
    if join and meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.HELD):
        raise ValidationError(_("Only a coming meeting can be joined."))
    request.outcome = JoinOutcome.JOINED if join else JoinOutcome.DECLINED
    request.decided_at = timezone.now()
    request.full_clean()
    request.save(update_fields=["outcome", "decided_at"])
    if join:
        MeetingNetwork.objects.get_or_create(meeting=meeting, network=request.network)
        if meeting.status == MeetingStatus.INVITED and not meeting.begun:
            transaction.on_commit(lambda: send_invitations.enqueue(meeting.pk))
    audit_log(actor=by, action=f"meetings.join.{request.outcome}", subject=request)
