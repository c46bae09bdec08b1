"""Answering from the email without logging in, and on the meeting's page when logged in:
an answer can be changed until the meeting begins, and the coordinator sees who answered
what and when."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlsafe_base64_encode

from natverk.core.models import AuditEntry, OutgoingMessage
from natverk.meetings.enums import Answer, MessageKind
from natverk.meetings.models import Invitation, Meeting
from natverk.meetings.services import (
    invitation_withdraw,
    invitations_create,
    meeting_cancel,
    meeting_update,
)
from tests.conftest import CollectedMail
from tests.outbox import deliver

pytestmark = pytest.mark.django_db


def links_in(message) -> dict[str, str]:
    """The links of the plain-text part: answer -> path, and "page" for the invitation's
    own page."""
    text = CollectedMail.text(message)
    found = re.findall(r"https?://\S+/svar/\S+/(yes|no|maybe)/\S+", text)
    assert sorted(found) == ["maybe", "no", "yes"]
    urls = re.findall(r"(https?://\S+/svar/\S+/\S+/\S+)", text)
    links = {urlsplit(u).path.split("/")[-3]: urlsplit(u).path for u in urls}
    [page] = {
        urlsplit(u).path for u in re.findall(r"(https?://\S+/svar/[^/\s]+/[^/\s]+/)(?:\s|$)", text)
    }
    return {**links, "page": page}


@pytest.fixture
def invited(meeting, seats, smtp_server):
    invitations_create(meeting=meeting)
    deliver()
    return smtp_server


def invitation_of(meeting, person) -> Invitation:
    return Invitation.objects.get(meeting=meeting, person=person)


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_link_asks_first_and_the_post_answers(client, meeting, seats, invited):
    links = links_in(invited.to("regionen@example.se")[0])
    page = client.get(links["yes"])
    assert page.status_code == 200
    text = page_text(page)
    assert "SKUR höstmöte" in text
    assert "Regionen Testsson" in text
    assert "Sammanhållningspolitiken efter 2027" in text
    # The answer the link stands for is chosen; looking changes nothing (mail programs
    # open links to scan them).
    assert re.search(r'value="yes"[^>]*checked', page.content.decode())
    assert invitation_of(meeting, seats["regionen"]).answer == Answer.NONE
    done = client.post(links["yes"], {"answer": "yes", "comment": "Kommer med tåg"}, follow=True)
    assert done.status_code == 200
    assert "Tack. Ditt svar: ja." in page_text(done)
    invitation = invitation_of(meeting, seats["regionen"])
    assert (invitation.answer, invitation.comment) == (Answer.YES, "Kommer med tåg")
    assert invitation.answered_at is not None


def test_an_answer_changes_through_the_same_link_and_an_old_one_shows_the_answer_now(
    client, meeting, seats, invited
):
    links = links_in(invited.to("regionen@example.se")[0])
    client.post(links["no"], {"answer": "no"})
    # The yes-link of the same email, after answering no: the page, as it is now.
    again = client.get(links["yes"])
    assert again.status_code == 200
    assert "Ditt svar: nej" in page_text(again)
    client.post(links["yes"], {"answer": "maybe"})
    assert invitation_of(meeting, seats["regionen"]).answer == Answer.MAYBE


def test_a_representative_changes_twice_by_link_and_once_on_the_page_and_the_counts_follow(
    client, as_role, cast, meeting, seats, invited
):
    """The representative of Malmö (who has an account) answers yes and then no through
    the email, then maybe on the meeting's page; the coordinator's overview follows."""
    links = links_in(invited.to("representant@example.se")[0])  # in English
    swedish_page = meeting.get_absolute_url()

    def counts() -> str:
        page = page_text(as_role("coordinator").get(swedish_page))
        return re.search(r"Ja: \d+ · Nej: \d+ · Kanske: \d+ · Inte svarat: \d+", page).group()

    assert counts() == "Ja: 0 · Nej: 0 · Kanske: 0 · Inte svarat: 4"
    client.logout()
    client.post(links["yes"], {"answer": "yes"})
    assert counts() == "Ja: 1 · Nej: 0 · Kanske: 0 · Inte svarat: 3"
    client.logout()
    client.post(links["yes"], {"answer": "no", "comment": "Krockar med fullmäktige"})
    assert counts() == "Ja: 0 · Nej: 1 · Kanske: 0 · Inte svarat: 3"
    representative = as_role("representative")
    page = representative.get(swedish_page).content.decode()
    assert re.search(r'value="no"[^>]*checked', page)
    with translation.override("sv"):
        representative.post(reverse("meetings:my_answer", args=[meeting.pk]), {"answer": "maybe"})
    coordinator_page = page_text(as_role("coordinator").get(swedish_page))
    assert "Ja: 0 · Nej: 0 · Kanske: 1 · Inte svarat: 3" in coordinator_page
    invitation = invitation_of(meeting, seats["representant"])
    assert invitation.answer == Answer.MAYBE
    assert invitation.comment == ""  # the page's form was sent without one
    # Each answer is in the invitation's history, with when it came.
    assert list(invitation.history.order_by("history_date").values_list("answer", flat=True)) == [
        "none",
        "yes",
        "no",
        "maybe",
    ]
    assert timezone.localtime(invitation.answered_at).strftime("%H.%M") in coordinator_page


def test_the_coordinator_sees_who_has_not_answered_and_reminds_them(
    as_role, meeting, seats, invited
):
    Invitation.objects.filter(person=seats["regionen"]).update(
        answer=Answer.YES, answered_at=timezone.now()
    )
    coordinator = as_role("coordinator")
    page = page_text(coordinator.get(meeting.get_absolute_url()))
    assert "Inte svarat" in page
    assert "Kommunerna Testsson (Skånes Kommuner)" in page
    response = coordinator.post(reverse("meetings:remind", args=[meeting.pk]), follow=True)
    assert "Påminnelser är på väg till de 3 som inte har svarat." in page_text(response)
    deliver()
    assert len(invited.to("regionen@example.se")) == 1  # answered: not reminded
    [_invitation, reminder] = invited.to("kommunerna@example.se")
    assert reminder["Subject"].strip() == "Påminnelse: SKUR höstmöte"
    assert "Du har inte svarat än" in invited.text(reminder)
    assert AuditEntry.objects.filter(action="meetings.meeting.reminded").exists()


def test_a_tampered_link_does_not_work(client, meeting, seats, invited):
    links = links_in(invited.to("regionen@example.se")[0])
    path = links["yes"]
    tampered_token = path[:-2] + ("0" if path[-2] != "0" else "1") + "/"
    other = invitation_of(meeting, seats["kommunerna"])
    someone_else = path.replace(
        path.split("/")[2], urlsafe_base64_encode(str(other.pk).encode()), 1
    )
    for bad in (tampered_token, someone_else, "/svar/x/yes/abc-def/", "/svar/x/abc-def/"):
        assert client.post(bad, {"answer": "yes"}).status_code == 410, bad
        response = client.get(bad)
        assert response.status_code == 410, bad
        # Nothing about the invitation or the meeting is told.
        assert "SKUR" not in response.content.decode()
    assert client.get(path.replace("/yes/", "/kanske/")).status_code == 404
    assert set(Invitation.objects.values_list("answer", flat=True)) == {Answer.NONE}


def test_an_answer_after_the_meeting_began_is_refused_and_changes_nothing(
    client, meeting, seats, invited
):
    links = links_in(invited.to("regionen@example.se")[0])
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - datetime.timedelta(minutes=5),
        end=timezone.now() + datetime.timedelta(hours=2),
    )
    page = client.get(links["page"])
    assert page.status_code == 200
    assert "Mötet har börjat: svaren kan inte längre ändras." in page_text(page)
    refused = client.post(links["yes"], {"answer": "yes"})
    assert refused.status_code == 400
    assert "Mötet har börjat: svaren kan inte längre ändras." in page_text(refused)
    assert invitation_of(meeting, seats["regionen"]).answer == Answer.NONE


def test_links_stop_once_the_meeting_is_over(client, meeting, seats, invited):
    links = links_in(invited.to("regionen@example.se")[0])
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - datetime.timedelta(hours=2),
        end=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert client.post(links["yes"], {"answer": "yes"}).status_code == 410
    assert client.get(links["page"]).status_code == 410
    assert invitation_of(meeting, seats["regionen"]).answer == Answer.NONE


def test_links_stop_when_the_invitation_is_withdrawn_or_the_meeting_cancelled(
    client, meeting, seats, invited
):
    withdrawn = links_in(invited.to("regionen@example.se")[0])
    invitation_withdraw(invitation=invitation_of(meeting, seats["regionen"]))
    assert client.post(withdrawn["yes"], {"answer": "yes"}).status_code == 410
    cancelled = links_in(invited.to("kommunerna@example.se")[0])
    meeting_cancel(meeting=meeting)
    assert client.get(cancelled["yes"]).status_code == 410
    assert set(Invitation.objects.values_list("answer", flat=True)) == {Answer.NONE}


def test_after_a_change_the_links_of_both_emails_lead_to_the_meeting_as_it_is(
    client, meeting, seats, invited
):
    old = links_in(invited.to("regionen@example.se")[0])
    meeting_update(meeting=meeting, place="Annan lokal")
    deliver()
    new = links_in(invited.to("regionen@example.se")[1])
    assert "Annan lokal" in page_text(client.get(old["yes"]))
    assert client.post(new["maybe"], {"answer": "maybe"}).status_code == 302
    assert invitation_of(meeting, seats["regionen"]).answer == Answer.MAYBE


def test_the_english_link_answers_in_english(client, meeting, seats, invited):
    links = links_in(invited.to("representant@example.se")[0])
    assert links["yes"].startswith("/en/")
    page = page_text(client.get(links["yes"]))
    assert "Save the answer" in page
    done = client.post(links["yes"], {"answer": "yes"}, follow=True)
    assert "Thank you. Your answer: yes." in page_text(done)


def test_the_answer_page_names_only_the_person_answering(client, meeting, seats, invited):
    links = links_in(invited.to("regionen@example.se")[0])
    page = client.get(links["yes"]).content.decode()
    for other in ("kommunerna", "ersattaren", "representant"):
        assert other not in page.lower()
    # The organiser's address is the only one on it.
    assert set(re.findall(r"[\w.]+@example\.se", page)) == {"samordnare@example.se"}


def test_the_logged_in_form_shows_each_choice_once_with_a_button(as_role, meeting, invited):
    page = as_role("representative").get(meeting.get_absolute_url()).content.decode()
    form = page[page.index('action="' + reverse("meetings:my_answer", args=[meeting.pk])) :]
    form = form[: form.index("</form>")]
    assert [form.count(f'value="{answer}"') for answer in ("yes", "no", "maybe")] == [1, 1, 1]
    assert form.count('type="radio"') == 3
    assert 'type="submit"' in form
    assert "<option" not in form


def test_a_link_to_a_meeting_without_an_end_stops_once_it_has_begun(
    client, meeting, seats, invited
):
    links = links_in(invited.to("regionen@example.se")[0])
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - datetime.timedelta(minutes=5), end=None
    )
    assert client.get(links["yes"]).status_code == 410
    assert client.post(links["yes"], {"answer": "yes"}).status_code == 410
    assert invitation_of(meeting, seats["regionen"]).answer == Answer.NONE


def test_pressing_remind_twice_sends_one_reminder_each(as_role, meeting, seats, invited):
    """The second reminder takes the place of the first while that one has not gone."""
    coordinator = as_role("coordinator")
    coordinator.post(reverse("meetings:remind", args=[meeting.pk]))
    coordinator.post(reverse("meetings:remind", args=[meeting.pk]))
    waiting = OutgoingMessage.objects.filter(kind=MessageKind.REMINDER, status="queued")
    assert waiting.count() == 4
