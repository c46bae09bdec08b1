"""Every meeting view against every role: allowed or denied, and on denial nothing
changed. Also the meeting scopes in `access/scopes.py`."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from natverk.core.models import AuditEntry, OutgoingMessage
from natverk.meetings.models import (
    AgendaItem,
    Invitation,
    JointMeetingRequest,
    Meeting,
    MeetingDocument,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
)
from natverk.meetings.scopes import (
    managed_meetings_for,
    visible_meeting_documents_for,
    visible_meetings_for,
)
from natverk.meetings.services import invitations_create, join_requests_set, meeting_create
from tests.roles import MANAGERS, MEMBERS, ROLES, Case
from tests.workspace.test_exports_and_files import PDF

pytestmark = pytest.mark.django_db


def meeting_url(name: str, **extra):
    def url(cast):
        meeting = Meeting.objects.get(title="SKUR höstmöte")
        return reverse(name, kwargs={"pk": meeting.pk, **extra})

    return url


def withdraw_url(cast):
    invitation = Invitation.objects.get(person=cast.people["representative"])
    return reverse(
        "meetings:withdraw", kwargs={"pk": invitation.meeting_id, "invitation_pk": invitation.pk}
    )


def meeting_document_url(name):
    return lambda cast: reverse(name, kwargs={"pk": MeetingDocument.objects.get().pk})


def skur_url(name):
    return lambda cast: reverse(name, kwargs={"slug": cast.skur.slug})


MEETING_FORM = {
    "title": "Nytt möte",
    "kind": "ordinary",
    "mode": "digital",
    "start": "2030-02-03T10:00",
    "end": "2030-02-03T11:00",
    "country": "Sverige",
    "agenda": "En punkt",
}

CASES = [
    Case("network meetings", "get", skur_url("meetings:network"), MEMBERS),
    Case("add", "post", skur_url("meetings:add"), MANAGERS, lambda cast: MEETING_FORM),
    Case("plan a year", "post", skur_url("meetings:plan_year"), MANAGERS, lambda c: {"year": 2031}),
    Case("meeting", "get", meeting_url("meetings:meeting"), MEMBERS),
    Case("edit form", "get", meeting_url("meetings:edit"), MANAGERS),
    Case(
        "edit",
        "post",
        meeting_url("meetings:edit"),
        MANAGERS,
        lambda cast: {**MEETING_FORM, "title": "Omdöpt"},
    ),
    Case("invite", "post", meeting_url("meetings:invite"), MANAGERS),
    Case("cancel, asking", "get", meeting_url("meetings:cancel"), MANAGERS),
    Case("cancel", "post", meeting_url("meetings:cancel"), MANAGERS),
    Case("attendance form", "get", meeting_url("meetings:attendance"), MANAGERS),
    Case(
        "document upload",
        "post",
        meeting_url("meetings:document_upload"),
        MANAGERS,
        lambda cast: {
            "title": "Bilder",
            "visibility": "members",
            "file": SimpleUploadedFile("bilder.pdf", PDF),
        },
    ),
    Case(
        "members' meeting document",
        "get",
        lambda cast: reverse("meetings:document", kwargs={"pk": MeetingDocument.objects.get().pk}),
        MEMBERS,
    ),
    Case(
        "document, change form", "get", meeting_document_url("meetings:document_change"), MANAGERS
    ),
    Case(
        "document, change",
        "post",
        meeting_document_url("meetings:document_change"),
        MANAGERS,
        lambda cast: {"title": "Omdöpt", "visibility": "public", "category": "minutes"},
    ),
    Case("document, approve", "post", meeting_document_url("meetings:document_approve"), MANAGERS),
    Case("document, remove", "post", meeting_document_url("meetings:document_remove"), MANAGERS),
    # Asked to take part is Landsbygdspartnerskapet: its coordinator answers, and to those
    # who cannot open its member area the request does not exist.
    Case(
        "join a meeting",
        "post",
        lambda cast: reverse(
            "meetings:join_answer", kwargs={"pk": JointMeetingRequest.objects.get().pk}
        ),
        {"other_coordinator", "secretariat"},
        lambda cast: {"answer": "join"},
        visible_to={"other_coordinator", "secretariat"},
    ),
    Case("withdraw", "post", withdraw_url, MANAGERS),
    # Registration: set by the coordinators; who registered and what they answered (food,
    # allergies, nights) seen by them and the secretariat only.
    Case("registration form", "get", meeting_url("meetings:registration"), MANAGERS),
    Case(
        "registration, set",
        "post",
        meeting_url("meetings:registration"),
        MANAGERS,
        lambda cast: {"enabled": "on", "capacity": "10", "waiting_list": "on", "ask_food": "on"},
    ),
    Case("participants export", "get", meeting_url("meetings:registrations_export"), MANAGERS),
    # Only the person invited has an invitation to answer.
    Case(
        "own answer",
        "post",
        meeting_url("meetings:my_answer"),
        {"representative"},
        lambda cast: {"answer": "yes"},
        visible_to={"representative"},
    ),
    # No object to hide: a report the secretariat's alone.
    Case(
        "cadence",
        "get",
        lambda cast: reverse("meetings:cadence"),
        {"secretariat"},
        visible_to=set(ROLES) - {"anonymous"},
    ),
]


@pytest.fixture
def invited_meeting(cast, meeting):
    """SKUR's coming meeting, invited to, with a document for members."""
    invitations_create(meeting=meeting)
    document = MeetingDocument(
        meeting=meeting, title="Minnen", kind="pdf", visibility="members", category="minutes"
    )
    document.file.save("minnen.pdf", ContentFile(PDF), save=False)
    document.save()
    join_requests_set(meeting=meeting, networks=[cast.other])
    return meeting


def state():
    return (
        list(Meeting.objects.order_by("pk").values_list("pk", "title", "status", "sequence")),
        list(
            Meeting.objects.order_by("pk").values_list(
                "registration", "capacity", "waiting_list", "registration_closes"
            )
        ),
        list(RegistrationQuestion.objects.values_list("pk", "kind", "label")),
        list(Registration.objects.values_list("pk", "status")),
        RegistrationAnswer.objects.count(),
        list(Invitation.objects.order_by("pk").values_list("pk", "answer", "withdrawn_at")),
        OutgoingMessage.objects.count(),
        list(MeetingDocument.objects.values_list("pk", "title", "visibility", "approved_at")),
        list(JointMeetingRequest.objects.values_list("pk", "outcome")),
        list(Meeting.networks.through.objects.order_by("pk").values_list("pk", "network_id")),
        AgendaItem.objects.count(),
        AuditEntry.objects.count(),
        DBTaskResult.objects.count(),
    )


@pytest.mark.usefixtures("invited_meeting")
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_role_gets_what_it_may_and_nothing_else(as_role, cast, case, role):
    client = as_role(role)
    url, data = case.url(cast), case.data(cast)
    before = state()
    response = getattr(client, case.method)(url, data)
    if role in case.allowed:
        assert response.status_code in (200, 302), (case.name, role, response.status_code)
        if response.status_code == 302:
            assert "/konto/logga-in/" not in response["Location"]
        return
    if role == "anonymous" and not case.name.endswith("document"):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("access:login"))
    elif role == "anonymous":  # a document's address needs no login: public ones are open
        assert response.status_code == 404
    else:
        assert response.status_code == case.refusal(role), (case.name, role, response.status_code)
    assert state() == before


def test_the_meeting_scopes(cast, invited_meeting):
    joint = meeting_create(networks=[cast.skur, cast.other], leading=cast.other, title="Gemensamt")
    users = cast.users
    seen = {role: set(visible_meetings_for(users[role])) for role in users if users[role]}
    assert seen["secretariat"] == {invited_meeting, joint}
    assert seen["coordinator"] == seen["representative"] == {invited_meeting, joint}
    assert seen["other_coordinator"] == {joint}
    assert seen["outsider"] == set()
    managed = {role: set(managed_meetings_for(users[role])) for role in users if users[role]}
    assert managed["coordinator"] == {invited_meeting}  # the joint one is led by the other
    assert managed["other_coordinator"] == {joint}
    assert managed["representative"] == managed["outsider"] == set()
    documents = {
        role: visible_meeting_documents_for(users[role]).count() for role in users if users[role]
    }
    assert documents == {
        "outsider": 0,
        "representative": 1,
        "other_coordinator": 0,
        "coordinator": 1,
        "secretariat": 1,
    }


def test_registration_answers_are_seen_by_the_coordinators_and_the_secretariat_only(
    as_role, cast, seats, meeting
):
    from natverk.meetings.enums import QuestionKind
    from natverk.meetings.services import QuestionSpec, invitation_answer, meeting_registration_set

    meeting_registration_set(
        meeting=meeting, enabled=True, questions=[QuestionSpec(kind=QuestionKind.FOOD)]
    )
    invitations_create(meeting=meeting)
    invitation = Invitation.objects.get(meeting=meeting, person=seats["regionen"])
    food = meeting.questions.get()
    invitation_answer(invitation=invitation, answer="yes", replies={food.pk: "Jordnötsallergi"})
    export = reverse("meetings:registrations_export", args=[meeting.pk])
    for role in ROLES:
        client = as_role(role)
        page = client.get(meeting.get_absolute_url())
        shown = "Jordnötsallergi" in page.content.decode()
        assert shown == (role in MANAGERS), role
        assert (client.get(export).status_code == 200) == (role in MANAGERS), role
