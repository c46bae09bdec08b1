"""Sending a substitute from the invitation's page: a colleague or someone new, never
someone of another organisation, and the page tells nothing about who is in the register.
The coordinator is told, it is in the audit trail, and the substitute gets the invitation
and the meeting's page through their own link."""

import re

import pytest
from django.core.exceptions import ValidationError

from natverk.core.models import AuditEntry, OutgoingMessage
from natverk.meetings.enums import Answer, InvitationOrigin
from natverk.meetings.models import Invitation
from natverk.meetings.services import invitation_substitute, invitations_create
from natverk.people.models import Person
from natverk.people.services import PersonDetails
from natverk.registry.models import Organisation
from tests.meetings.test_answers import links_in, page_text
from tests.outbox import deliver

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(meeting, seats, smtp_server):
    invitations_create(meeting=meeting)
    deliver()
    return smtp_server


@pytest.fixture
def lena(cast):
    """Someone of another organisation (Lund), already in the register."""
    return Person.objects.create(
        given_name="Lena",
        family_name="Holm",
        email="lena.holm@lund.example.se",
        employer=Organisation.objects.get(slug="lund"),
    )


def send_substitute(client, path, email, given="Vera", family="Vikarie"):
    return client.post(
        path,
        {"substitute": "1", "email": email, "given_name": given, "family_name": family},
        follow=True,
    )


def told(response) -> str:
    """What the page says, without what differs on every page (the form's token)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page_text(response))


def test_a_new_person_is_invited_in_the_place_of_the_one_invited(client, meeting, seats, invited):
    links = links_in(invited.to("kommunerna@example.se")[0])
    done = send_substitute(client, links["no"], "vikarie@example.se")
    text = page_text(done)
    assert "Tack. Om vikarie@example.se tillhör någon på Skånes Kommuner" in text
    substitute = Invitation.objects.get(person__email="vikarie@example.se")
    assert substitute.organisation.slug == "skanes-kommuner"
    assert substitute.origin == InvitationOrigin.SUBSTITUTE
    assert substitute.person.employer.slug == "skanes-kommuner"
    original = Invitation.objects.get(meeting=meeting, person=seats["kommunerna"])
    assert substitute.substitute_for == original
    assert original.answer == Answer.NO
    deliver()
    [invitation] = invited.to("vikarie@example.se")
    assert "som dess ersättare" in invited.text(invitation)
    # The coordinator is told, by email, and it is in the audit trail.
    [notice] = invited.to("samordnare@example.se")
    assert "Vera Vikarie, vikarie@example.se" in invited.text(notice)
    assert "Ersättaren är inbjuden för Skånes Kommuner" in invited.text(notice)
    entry = AuditEntry.objects.get(action="meetings.invitation.substitute_named")
    assert entry.details == {"substitute": substitute.pk, "invited": True}
    # The substitute opens the meeting's page through their own link.
    page = client.get(links_in(invitation)["page"])
    assert page.status_code == 200
    assert "Vera Vikarie" in page_text(page)
    assert "Sammanhållningspolitiken efter 2027" in page_text(page)


def test_an_address_of_someone_elsewhere_invites_nobody_and_the_page_says_the_same(
    client, meeting, seats, invited, lena
):
    links = links_in(invited.to("kommunerna@example.se")[0])
    unknown = told(send_substitute(client, links["page"], "ny.kollega@example.se"))
    before = (Invitation.objects.count(), Person.objects.count())
    known = told(send_substitute(client, links["page"], "lena.holm@lund.example.se"))
    # Nothing about Lena: not her name, nor that the address is known.
    assert "Lena" not in known and "Holm" not in known and "Lund" not in known
    assert known.replace("lena.holm@lund.example.se", "X") == unknown.replace(
        "ny.kollega@example.se", "X"
    )
    assert (Invitation.objects.count(), Person.objects.count()) == before
    assert not Invitation.objects.filter(person=lena).exists()
    deliver()
    assert invited.to("lena.holm@lund.example.se") == []
    notices = invited.to("samordnare@example.se")
    assert "Ingen bjöds in" in invited.text(notices[-1])
    entry = AuditEntry.objects.filter(action="meetings.invitation.substitute_named").latest("at")
    assert entry.details == {"substitute": None, "invited": False}


def test_a_colleague_in_the_register_is_invited_under_their_own_name(
    client, meeting, seats, invited, cast
):
    colleague = Person.objects.create(
        given_name="Kim",
        family_name="Kollega",
        email="kim@skaneskommuner.example.se",
        employer=Organisation.objects.get(slug="skanes-kommuner"),
    )
    links = links_in(invited.to("kommunerna@example.se")[0])
    done = page_text(send_substitute(client, links["page"], "KIM@skaneskommuner.example.se",
                                     given="Någon", family="Annan"))  # fmt: skip
    assert "Kim" not in done.replace("KIM@", "")  # the register's name is not read back
    substitute = Invitation.objects.get(person=colleague)
    assert substitute.substitute_for.person == seats["kommunerna"]
    colleague.refresh_from_db()
    assert colleague.given_name == "Kim"  # what was typed does not change the register


def test_bad_substitutes_are_refused_with_a_message_and_nothing_changes(
    client, meeting, seats, invited
):
    links = links_in(invited.to("kommunerna@example.se")[0])
    before = (Invitation.objects.count(), Person.objects.count(), OutgoingMessage.objects.count())
    for email, given, message in [
        ("inte-en-adress", "Vera", "giltig"),
        ("vikarie@example.se", "", "Det här fältet är obligatoriskt."),
        ("KOMMUNERNA@example.se", "Vera", "Ersättaren måste vara någon annan."),
    ]:
        response = send_substitute(client, links["page"], email, given=given)
        assert response.status_code == 400
        assert message in page_text(response)
    assert (
        Invitation.objects.count(),
        Person.objects.count(),
        OutgoingMessage.objects.count(),
    ) == before
    assert Invitation.objects.get(person=seats["kommunerna"]).answer == Answer.NONE


def test_a_substitute_who_is_invited_already_is_not_invited_twice(meeting, seats, invited):
    invitation = Invitation.objects.get(meeting=meeting, person=seats["kommunerna"])
    colleague = seats["ersattaren"]  # also of Skånes Kommuner, invited for its own seat
    made = invitation_substitute(
        invitation=invitation,
        substitute=PersonDetails(email=colleague.email, given_name="E", family_name="T"),
    )
    assert made is None
    assert Invitation.objects.filter(person=colleague).count() == 1
    with pytest.raises(ValidationError, match="Ange ersättarens förnamn och efternamn"):
        invitation_substitute(invitation=invitation, substitute=PersonDetails(email="x@y.se"))
