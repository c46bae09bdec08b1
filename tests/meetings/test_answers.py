"""One-click answers from the email, without logging in."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from natverk.meetings.enums import Answer
from natverk.meetings.models import Invitation, Meeting
from natverk.meetings.services import (
    invitation_withdraw,
    invitations_create,
    meeting_cancel,
    meeting_update,
)
from tests.outbox import deliver

pytestmark = pytest.mark.django_db


def links_in(message) -> dict[str, str]:
    """The answer links of the plain-text part: answer -> path."""
    from tests.conftest import CollectedMail

    found = re.findall(r"https?://\S+/svar/\S+/(yes|no|maybe)/\S+", CollectedMail.text(message))
    assert sorted(found) == ["maybe", "no", "yes"]
    urls = re.findall(r"(https?://\S+/svar/\S+/\S+/\S+)", CollectedMail.text(message))
    return {urlsplit(u).path.split("/")[-3]: urlsplit(u).path for u in urls}


@pytest.fixture
def invited(meeting, seats, smtp_server):
    invitations_create(meeting=meeting)
    deliver()
    return smtp_server


def invitation_of(meeting, person) -> Invitation:
    return Invitation.objects.get(meeting=meeting, person=person)


def test_the_link_asks_first_and_the_post_answers(client, meeting, seats, invited):
    links = links_in(invited.to("regionen@example.se")[0])
    page = client.get(links["yes"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "SKUR höstmöte" in text
    assert "Regionen Testsson" in text
    # Looking changes nothing (mail programs open links to scan them).
    assert invitation_of(meeting, seats["regionen"]).answer == Answer.NONE
    done = client.post(links["yes"])
    assert done.status_code == 200
    assert "Tack" in done.content.decode()
    invitation = invitation_of(meeting, seats["regionen"])
    assert invitation.answer == Answer.YES
    assert invitation.answered_at is not None


def test_a_used_link_does_not_work_again(client, meeting, seats, invited):
    links = links_in(invited.to("regionen@example.se")[0])
    client.post(links["no"])
    again = client.post(links["yes"])
    assert again.status_code == 410
    assert "Länken fungerar inte" in again.content.decode()
    assert invitation_of(meeting, seats["regionen"]).answer == Answer.NO


def test_a_tampered_link_does_not_work(client, meeting, seats, invited):
    links = links_in(invited.to("regionen@example.se")[0])
    path = links["yes"]
    tampered_token = path[:-2] + ("0" if path[-2] != "0" else "1") + "/"
    other = invitation_of(meeting, seats["kommunerna"])
    from django.utils.http import urlsafe_base64_encode

    someone_else = path.replace(
        path.split("/")[2], urlsafe_base64_encode(str(other.pk).encode()), 1
    )
    for bad in (tampered_token, someone_else, "/svar/x/yes/abc-def/"):
        assert client.post(bad).status_code == 410, bad
        assert client.get(bad).status_code == 410, bad
    assert client.get(path.replace("/yes/", "/kanske/")).status_code == 404
    assert set(Invitation.objects.values_list("answer", flat=True)) == {Answer.NONE}


def test_links_stop_once_the_meeting_is_over(client, meeting, seats, invited):
    links = links_in(invited.to("regionen@example.se")[0])
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - datetime.timedelta(hours=2),
        end=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert client.post(links["yes"]).status_code == 410
    assert invitation_of(meeting, seats["regionen"]).answer == Answer.NONE


def test_links_stop_when_the_invitation_is_withdrawn_or_the_meeting_cancelled(
    client, meeting, seats, invited
):
    withdrawn = links_in(invited.to("regionen@example.se")[0])
    invitation_withdraw(invitation=invitation_of(meeting, seats["regionen"]))
    assert client.post(withdrawn["yes"]).status_code == 410
    cancelled = links_in(invited.to("kommunerna@example.se")[0])
    meeting_cancel(meeting=meeting)
    assert client.get(cancelled["yes"]).status_code == 410
    assert set(Invitation.objects.values_list("answer", flat=True)) == {Answer.NONE}


def test_after_a_change_the_links_of_the_update_work(client, meeting, seats, invited):
    old = links_in(invited.to("regionen@example.se")[0])
    meeting_update(meeting=meeting, place="Annan lokal")
    deliver()
    new = links_in(invited.to("regionen@example.se")[1])
    assert client.post(old["yes"]).status_code == 410
    assert client.post(new["maybe"]).status_code == 200
    assert invitation_of(meeting, seats["regionen"]).answer == Answer.MAYBE


def test_the_english_link_answers_in_english(client, meeting, seats, invited):
    links = links_in(invited.to("representant@example.se")[0])
    assert links["yes"].startswith("/en/")
    page = client.get(links["yes"]).content.decode()
    assert "Confirm the answer" in page
    assert "Thank you" in client.post(links["yes"]).content.decode()


def test_a_substitute_can_be_sent_from_the_link(client, meeting, seats, invited):
    links = links_in(invited.to("kommunerna@example.se")[0])
    refused = client.post(links["no"], {"substitute": "1", "email": "inte-en-adress"})
    assert refused.status_code == 200
    assert "giltig e-postadress" in refused.content.decode()
    assert Invitation.objects.count() == 4
    sent = client.post(
        links["no"],
        {
            "substitute": "1",
            "email": "vikarie@example.se",
            "given_name": "Vera",
            "family_name": "Vikarie",
        },
    )
    assert "Vera Vikarie" in sent.content.decode()
    substitute = Invitation.objects.get(person__email="vikarie@example.se")
    assert substitute.organisation.slug == "skanes-kommuner"
    assert invitation_of(meeting, seats["kommunerna"]).answer == Answer.NO
    deliver()
    assert len(invited.to("vikarie@example.se")) == 1


def test_the_answer_page_names_only_the_person_answering(client, meeting, seats, invited):
    links = links_in(invited.to("regionen@example.se")[0])
    page = client.get(links["yes"]).content.decode()
    for other in ("kommunerna", "ersattaren", "representant"):
        assert other not in page.lower()
    assert "@example.se" not in page


def test_a_link_to_a_meeting_without_an_end_stops_once_it_has_begun(
    client, meeting, seats, invited
):
    links = links_in(invited.to("regionen@example.se")[0])
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - datetime.timedelta(minutes=5), end=None
    )
    assert client.get(links["yes"]).status_code == 410
    assert client.post(links["yes"]).status_code == 410
    assert invitation_of(meeting, seats["regionen"]).answer == Answer.NONE
