"""Registration for meetings that need it: the coordinator sets places, a waiting list, a
closing time and the questions; those invited register through the emailed link or the
form on the meeting's page; a place given up goes to the first who waits, who is
emailed; the coordinator sees and exports who registered, with their answers."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from natverk.core.models import AuditEntry, OutgoingMessage
from natverk.meetings.enums import (
    REGISTRATION_NOTICE,
    Answer,
    QuestionKind,
    RegistrationStatus,
)
from natverk.meetings.models import (
    Invitation,
    Meeting,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
)
from natverk.meetings.services import (
    QuestionSpec,
    invitation_answer,
    invitation_withdraw,
    invitations_create,
    meeting_registration_set,
    meeting_update,
)
from natverk.people.privacy import person_erase
from tests.conftest import CollectedMail
from tests.meetings.test_answers import page_text
from tests.outbox import deliver

pytestmark = pytest.mark.django_db

FOOD = QuestionSpec(kind=QuestionKind.FOOD)
OVERNIGHT = QuestionSpec(kind=QuestionKind.OVERNIGHT, required=True)
DAYS = QuestionSpec(kind=QuestionKind.DAYS, required=True)


def registration_on(meeting, **settings) -> Meeting:
    values = {
        "enabled": True,
        "capacity": None,
        "waiting_list": False,
        "closes": None,
        "questions": [FOOD, OVERNIGHT, DAYS],
        **settings,
    }
    return meeting_registration_set(meeting=meeting, **values)


def invitation_of(meeting, person) -> Invitation:
    return Invitation.objects.get(meeting=meeting, person=person)


def question(meeting, kind) -> RegistrationQuestion:
    return meeting.questions.get(kind=kind)


def form_answers(meeting, *, food="", overnight="yes", days=None) -> dict:
    """What the answer form sends for a yes, with the questions answered."""
    days = days if days is not None else [d.isoformat() for d in _days(meeting)]
    data = {"answer": "yes", "comment": ""}
    for q in meeting.questions.all():
        name = f"question_{q.pk}"
        if q.kind == QuestionKind.FOOD:
            data[name] = food
        elif q.kind == QuestionKind.OVERNIGHT:
            data[name] = overnight
        elif q.kind == QuestionKind.DAYS:
            data[name] = days
    return data


def replies(meeting, *, food="", overnight=True, days=None) -> dict:
    days = days if days is not None else [d.isoformat() for d in _days(meeting)]
    given = {QuestionKind.FOOD: food, QuestionKind.OVERNIGHT: overnight, QuestionKind.DAYS: days}
    return {q.pk: given.get(q.kind, "") for q in meeting.questions.all()}


def _days(meeting):
    from natverk.meetings.selectors import meeting_days

    return meeting_days(meeting)


def status_of(meeting, person) -> str | None:
    registration = Registration.objects.filter(
        invitation__meeting=meeting, invitation__person=person
    )
    found = registration.first()
    return found.status if found else None


def state(meeting):
    return (
        list(Invitation.objects.filter(meeting=meeting).values_list("pk", "answer", "comment")),
        list(Registration.objects.values_list("pk", "status", "invitation_id")),
        list(RegistrationAnswer.objects.values_list("pk", "text", "yes", "days")),
        list(
            Meeting.objects.filter(pk=meeting.pk).values_list(
                "registration", "capacity", "waiting_list", "registration_closes"
            )
        ),
        list(RegistrationQuestion.objects.values_list("pk", "kind", "label")),
        OutgoingMessage.objects.count(),
    )


# The coordinator's settings ---------------------------------------------------------------


def test_registration_is_off_unless_turned_on(meeting, seats):
    assert not meeting.registration
    invitations_create(meeting=meeting)
    invitation = invitation_of(meeting, seats["regionen"])
    invitation_answer(invitation=invitation, answer="maybe")  # as before: no questions
    assert not Registration.objects.exists()


def test_the_coordinator_turns_registration_on_in_the_form(as_role, residential):
    client = as_role("coordinator")
    url = reverse("meetings:registration", args=[residential.pk])
    page = page_text(client.get(url))
    assert "Vilka dagar du deltar" not in page  # worded on the meeting's page, not here
    assert "Fråga vilka dagar de deltar" in page
    closes = timezone.localtime(residential.start) - datetime.timedelta(days=7)
    response = client.post(
        url,
        {
            "enabled": "on",
            "capacity": "20",
            "waiting_list": "on",
            "closes": closes.strftime("%Y-%m-%dT%H:%M"),
            "ask_food": "on",
            "ask_overnight": "on",
            "ask_days": "on",
            "own_question": "Vill du hålla en workshop?",
        },
        follow=True,
    )
    assert "Anmälan sparades." in page_text(response)
    residential.refresh_from_db()
    assert (residential.registration, residential.capacity, residential.waiting_list) == (
        True,
        20,
        True,
    )
    assert residential.registration_closes == closes.replace(second=0, microsecond=0)
    assert [(q.kind, q.label, q.required) for q in residential.questions.all()] == [
        ("food", "", False),
        ("overnight", "", True),
        ("days", "", True),
        ("text", "Vill du hålla en workshop?", False),
    ]
    assert AuditEntry.objects.filter(action="meetings.registration.set").count() == 1


def test_the_days_are_offered_only_for_a_meeting_over_several_days(as_role, meeting):
    page = page_text(
        as_role("coordinator").get(reverse("meetings:registration", args=[meeting.pk]))
    )
    assert "Fråga vilka dagar de deltar" not in page
    with pytest.raises(Exception, match="inga dagar att välja mellan"):
        registration_on(meeting, questions=[DAYS])


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"capacity": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"closes": "AFTER"}, "Anmälan måste stänga innan mötet börjar."),
        ({"capacity": "x"}, ""),
    ],
    ids=["no places", "closing after the start", "not a number"],
)
def test_bad_settings_are_refused_with_nothing_changed(as_role, residential, data, said):
    client = as_role("coordinator")
    if data.get("closes") == "AFTER":
        after = timezone.localtime(residential.start) + datetime.timedelta(hours=1)
        data = {**data, "closes": after.strftime("%Y-%m-%dT%H:%M")}
    before = state(residential)
    response = client.post(
        reverse("meetings:registration", args=[residential.pk]), {"enabled": "on", **data}
    )
    assert response.status_code == 400
    if said and not said.startswith("Ensure"):
        assert said in page_text(response)
    assert state(residential) == before


def test_fewer_places_than_are_taken_are_refused(as_role, residential, seats):
    registration_on(residential, capacity=3)
    invitations_create(meeting=residential)
    for key in ("regionen", "kommunerna"):
        invitation_answer(
            invitation=invitation_of(residential, seats[key]),
            answer="yes",
            replies=replies(residential),
        )
    before = state(residential)
    response = as_role("coordinator").post(
        reverse("meetings:registration", args=[residential.pk]),
        {
            "enabled": "on",
            "capacity": "1",
            "ask_overnight": "on",
            "ask_food": "on",
            "ask_days": "on",
        },
    )
    assert response.status_code == 400
    assert "2 personer är redan anmälda: ange minst 2 platser." in page_text(response)
    assert state(residential) == before
    # Nor can it be turned off with people registered.
    response = as_role("coordinator").post(
        reverse("meetings:registration", args=[residential.pk]), {}
    )
    assert "2 personer har anmält sig: anmälan kan inte stängas av." in page_text(response)
    assert state(residential) == before


def test_moving_the_meeting_before_registration_closes_is_refused(residential):
    closes = residential.start - datetime.timedelta(days=3)
    registration_on(residential, closes=closes)
    with pytest.raises(Exception, match="Anmälan måste stänga innan mötet börjar"):
        meeting_update(
            meeting=residential,
            start=closes - datetime.timedelta(hours=1),
            end=residential.end,
        )
    residential.refresh_from_db()
    assert residential.registration_closes == closes
    assert residential.start > closes


def test_the_database_keeps_the_rules_of_registration(residential, seats):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=residential.pk).update(capacity=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=residential.pk).update(
            registration_closes=residential.start + datetime.timedelta(minutes=1)
        )
    registration_on(residential)
    invitations_create(meeting=residential)
    invitation = invitation_of(residential, seats["regionen"])
    invitation_answer(invitation=invitation, answer="yes", replies=replies(residential))
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            invitation=invitation,
            meeting=residential,
            status=RegistrationStatus.WAITING,
            queued_at=timezone.now(),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationQuestion.objects.create(meeting=residential, kind=QuestionKind.FOOD)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationQuestion.objects.create(meeting=residential, kind=QuestionKind.TEXT, label="")


# Registering ----------------------------------------------------------------------------


@pytest.fixture
def invited_residential(residential, seats, smtp_server):
    closes = residential.start - datetime.timedelta(days=7)
    registration_on(residential, capacity=2, waiting_list=True, closes=closes)
    invitations_create(meeting=residential)
    deliver()
    return smtp_server


def test_the_invitation_says_registration_is_required_and_until_when(
    residential, invited_residential
):
    [message] = invited_residential.to("regionen@example.se")
    text = CollectedMail.text(message)
    residential.refresh_from_db()
    closes = timezone.localtime(residential.registration_closes)
    assert f"Anmälan krävs, senast {closes.day} " in text
    assert f"{closes.year}, {closes.strftime('%H.%M')}. Anmäl dig genom att svara ja" in text
    assert "Det finns 2 platser. När de är tagna hamnar ett ja på en väntelista." in text
    assert "/svar/" in text and "/yes/" in text
    assert "Kanske" not in text  # a registration is yes or no


def test_registering_by_the_emailed_link_with_the_questions(
    client, residential, seats, invited_residential
):
    links = links_in_registration(invited_residential.to("regionen@example.se")[0])
    page = client.get(links["yes"])
    text = page_text(page)
    assert "Anmälan krävs: svara ja och fyll i frågorna för att anmäla dig." in text
    assert "Kost och allergier" in text and "Övernattning" in text
    first, _second = _days(residential)
    assert f'value="{first.isoformat()}"' in page.content.decode()
    assert 'value="maybe"' not in page.content.decode()
    done = client.post(
        links["yes"],
        form_answers(residential, food="Vegetarisk, nötallergi", days=[first.isoformat()]),
        follow=True,
    )
    assert "Tack. Du är anmäld; en bekräftelse är på väg med mejl." in page_text(done)
    assert "Du är anmäld." in page_text(done)
    registration = Registration.objects.get(invitation__person=seats["regionen"])
    assert registration.status == RegistrationStatus.REGISTERED
    answers = {a.question.kind: a for a in registration.answers.select_related("question")}
    assert answers[QuestionKind.FOOD].text == "Vegetarisk, nötallergi"
    assert answers[QuestionKind.OVERNIGHT].yes is True
    assert answers[QuestionKind.DAYS].days == [first.isoformat()]
    # The form shows what was answered, to change it.
    again = client.get(links["page"]).content.decode()
    assert "Vegetarisk, nötallergi" in again
    deliver()
    [confirmation] = [
        m for m in invited_residential.to("regionen@example.se") if "Anmäld:" in m["Subject"]
    ]
    assert confirmation["Subject"] == "Anmäld: SKUR internat"
    assert "Du är anmäld till SKUR internat." in CollectedMail.text(confirmation)


def links_in_registration(message) -> dict[str, str]:
    """The yes and no links and the invitation's page, from an invitation with
    registration (which has no maybe)."""
    from urllib.parse import urlsplit

    text = CollectedMail.text(message)
    urls = re.findall(r"(https?://\S+/svar/\S+/(?:yes|no)/\S+)", text)
    links = {urlsplit(u).path.split("/")[-3]: urlsplit(u).path for u in urls}
    yes = links["yes"].split("/")
    links["page"] = "/".join([*yes[:-3], yes[-2], ""])
    return links


def test_missing_required_answers_are_refused_with_nothing_changed(
    client, residential, seats, invited_residential
):
    links = links_in_registration(invited_residential.to("regionen@example.se")[0])
    before = state(residential)
    data = form_answers(residential)
    del data[f"question_{question(residential, QuestionKind.OVERNIGHT).pk}"]
    response = client.post(links["yes"], data)
    assert response.status_code == 400
    assert "Svara på frågan för att anmäla dig." in page_text(response)
    assert state(residential) == before
    # The service refuses it as well, whoever calls it.
    with pytest.raises(Exception, match="Svara på alla frågor som måste besvaras: Övernattning"):
        invitation_answer(
            invitation=invitation_of(residential, seats["regionen"]),
            answer="yes",
            replies={
                question(residential, QuestionKind.DAYS).pk: [_days(residential)[0].isoformat()]
            },
        )
    # And days that are not the meeting's.
    with pytest.raises(Exception, match="Välj bland mötets dagar"):
        invitation_answer(
            invitation=invitation_of(residential, seats["regionen"]),
            answer="yes",
            replies=replies(residential, days=["1999-01-01"]),
        )
    assert state(residential) == before


def test_a_forged_or_old_link_changes_nothing(client, residential, seats, invited_residential):
    links = links_in_registration(invited_residential.to("regionen@example.se")[0])
    forged = links["yes"].replace(links["yes"].split("/")[-2], "abc-forged")
    before = state(residential)
    assert client.post(forged, form_answers(residential)).status_code == 410
    invitation_withdraw(invitation=invitation_of(residential, seats["regionen"]))
    assert client.post(links["yes"], form_answers(residential)).status_code == 410
    assert not Registration.objects.exists()
    assert state(residential)[1:3] == before[1:3]


def test_a_full_meeting_puts_a_yes_on_the_waiting_list_and_a_place_given_up_goes_to_it(
    client, residential, seats, invited_residential
):
    for key in ("regionen", "kommunerna"):
        invitation_answer(
            invitation=invitation_of(residential, seats[key]),
            answer="yes",
            replies=replies(residential),
        )
    links = links_in_registration(invited_residential.to("ersattaren@example.se")[0])
    done = client.post(links["yes"], form_answers(residential, food="Vegan"), follow=True)
    text = page_text(done)
    assert (
        "Mötet är fullt: du står på väntelistan, på plats 1. Blir en plats ledig får du den i "
        "tur och ordning, och du får ett mejl." in text
    )
    assert "Du står på väntelistan, på plats 1." in text
    assert status_of(residential, seats["ersattaren"]) == RegistrationStatus.WAITING
    deliver()
    [waiting] = [
        m for m in invited_residential.to("ersattaren@example.se") if "väntelistan" in m["Subject"]
    ]
    assert "på plats 1" in CollectedMail.text(waiting)
    # Region Skåne gives up its place: Skånes Kommuner's deputy moves up, and is told.
    invitation_answer(invitation=invitation_of(residential, seats["regionen"]), answer="no")
    assert status_of(residential, seats["regionen"]) is None
    assert status_of(residential, seats["ersattaren"]) == RegistrationStatus.REGISTERED
    deliver()
    [moved] = [
        m
        for m in invited_residential.to("ersattaren@example.se")
        if m["Subject"] == "Du har fått en plats: SKUR internat"
    ]
    assert "En plats blev ledig på SKUR internat, och den är din" in CollectedMail.text(moved)
    assert "/svar/" in CollectedMail.text(moved)  # a fresh link to change the answers
    # Their answers came with them.
    registration = Registration.objects.get(invitation__person=seats["ersattaren"])
    assert registration.answers.get(question__kind=QuestionKind.FOOD).text == "Vegan"


def test_a_withdrawn_invitation_gives_its_place_to_the_first_who_waits(residential, seats):
    registration_on(residential, capacity=1, waiting_list=True)
    invitations_create(meeting=residential)
    for key in ("regionen", "kommunerna", "ersattaren"):
        invitation_answer(
            invitation=invitation_of(residential, seats[key]),
            answer="yes",
            replies=replies(residential),
        )
    assert [status_of(residential, seats[k]) for k in ("regionen", "kommunerna", "ersattaren")] == [
        "registered",
        "waiting",
        "waiting",
    ]
    invitation_withdraw(invitation=invitation_of(residential, seats["regionen"]))
    assert [status_of(residential, seats[k]) for k in ("kommunerna", "ersattaren")] == [
        "registered",
        "waiting",
    ]
    # More places: the rest of the waiting list moves up.
    registration_on(residential, capacity=3, waiting_list=True)
    assert status_of(residential, seats["ersattaren"]) == "registered"
    moved = OutgoingMessage.objects.filter(
        kind=REGISTRATION_NOTICE, subject__startswith="Du har fått en plats"
    )
    assert sorted(moved.values_list("to", flat=True)) == [
        "ersattaren@example.se",
        "kommunerna@example.se",
    ]


def test_a_full_meeting_without_a_waiting_list_says_so_and_changes_nothing(
    client, residential, seats, smtp_server
):
    registration_on(residential, capacity=1)
    invitations_create(meeting=residential)
    deliver()
    invitation_answer(
        invitation=invitation_of(residential, seats["regionen"]),
        answer="yes",
        replies=replies(residential),
    )
    links = links_in_registration(smtp_server.to("kommunerna@example.se")[0])
    before = state(residential)
    response = client.post(links["yes"], form_answers(residential))
    assert response.status_code == 400
    assert "Mötet är fullt." in page_text(response)
    assert state(residential) == before
    assert invitation_of(residential, seats["kommunerna"]).answer == Answer.NONE
    # A no is still taken.
    client.post(links["no"], {"answer": "no"})
    assert invitation_of(residential, seats["kommunerna"]).answer == Answer.NO


def test_after_registration_closes_answers_cannot_be_changed(
    client, residential, seats, invited_residential
):
    links = links_in_registration(invited_residential.to("regionen@example.se")[0])
    client.post(links["yes"], form_answers(residential))
    Meeting.objects.filter(pk=residential.pk).update(
        registration_closes=timezone.now() - datetime.timedelta(minutes=1)
    )
    before = state(residential)
    page = page_text(client.get(links["page"]))
    assert "Anmälan stängde " in page and "svaren kan inte längre ändras" in page
    response = client.post(links["no"], {"answer": "no"})
    assert response.status_code == 400
    assert "svaren kan inte längre ändras" in page_text(response)
    assert state(residential) == before
    assert status_of(residential, seats["regionen"]) == RegistrationStatus.REGISTERED


def test_maybe_is_refused_for_a_meeting_with_registration(residential, seats):
    registration_on(residential)
    invitations_create(meeting=residential)
    with pytest.raises(Exception, match="Svara ja eller nej: mötet kräver anmälan"):
        invitation_answer(invitation=invitation_of(residential, seats["regionen"]), answer="maybe")
    assert invitation_of(residential, seats["regionen"]).answer == Answer.NONE


def test_registering_on_the_meeting_page_when_logged_in(as_role, residential, seats):
    registration_on(residential, capacity=5)
    invitations_create(meeting=residential)
    representative = as_role("representative")
    page = page_text(representative.get(residential.get_absolute_url()))
    assert "Anmälan krävs: svara ja och fyll i frågorna" in page
    assert "Övernattning" in page
    url = reverse("meetings:my_answer", args=[residential.pk])
    refused = representative.post(url, {"answer": "yes"}, follow=True)
    assert "Övernattning: Svara på frågan för att anmäla dig." in page_text(refused)
    assert status_of(residential, seats["representant"]) is None
    done = representative.post(url, form_answers(residential, food="Glutenfri"), follow=True)
    assert "Tack. Du är anmäld" in page_text(done)
    assert status_of(residential, seats["representant"]) == RegistrationStatus.REGISTERED
    # The person sees their own standing, not the others' answers.
    assert "Deltagare och deras svar" not in page_text(done)


# The coordinator's view and the export ---------------------------------------------------


def _register_three(residential, seats):
    registration_on(
        residential,
        capacity=1,
        waiting_list=True,
        questions=[FOOD, OVERNIGHT, DAYS, QuestionSpec(kind=QuestionKind.TEXT, label="Workshop?")],
    )
    invitations_create(meeting=residential)
    _first, second = _days(residential)
    for key, food in (("regionen", "Laktosfri"), ("kommunerna", "=1+1"), ("ersattaren", "")):
        invitation_answer(
            invitation=invitation_of(residential, seats[key]),
            answer="yes",
            replies=replies(residential, food=food, days=[second.isoformat()]),
        )
    invitation_answer(invitation=invitation_of(residential, seats["representant"]), answer="no")


def test_the_coordinator_sees_who_registered_waits_and_declined(as_role, residential, seats):
    _register_three(residential, seats)
    page = page_text(as_role("coordinator").get(residential.get_absolute_url()))
    assert "Anmälda: 1 av 1 platser (0 lediga) · Väntelista: 2 · Avböjt: 1" in page
    registered = page.index("<h3>Anmälda</h3>")
    waiting = page.index("<h3>Väntelista, i tur och ordning</h3>")
    declined = page.index("<h3>Avböjt</h3>")
    assert registered < page.index("Regionen Testsson") < waiting
    assert (
        waiting < page.index("Kommunerna Testsson") < page.index("Ersattaren Testsson") < declined
    )
    assert declined < page.index("Representant Testsson", declined)
    assert "Laktosfri" in page
    # Nobody else sees the answers: not the representatives of the network.
    for role in ("representative",):
        other = page_text(as_role(role).get(residential.get_absolute_url()))
        assert "Laktosfri" not in other and "Väntelista, i tur och ordning" not in other


def test_the_export_has_every_answer_and_is_not_kept_by_caches(as_role, residential, seats):
    _register_three(residential, seats)
    response = as_role("coordinator").get(
        reverse("meetings:registrations_export", args=[residential.pk])
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "Namn",
        "Organisation",
        "Status",
        "Kost och allergier",
        "Övernattning",
        "Vilka dagar du deltar",
        "Workshop?",
    ]
    assert [row[:3] for row in rows[1:]] == [
        ["Regionen Testsson", "Region Skåne", "anmäld"],
        ["Kommunerna Testsson", "Skånes Kommuner", "väntelista, plats 1"],
        ["Ersattaren Testsson", "Skånes Kommuner", "väntelista, plats 2"],
        ["Representant Testsson", "Malmö stad", "avböjt"],
    ]
    assert rows[1][3:5] == ["Laktosfri", "ja"]
    assert rows[2][3] == "=1+1"  # text, not a formula
    assert sheet.cell(row=3, column=4).data_type == "s"
    second = _days(residential)[1]
    assert str(second.day) in rows[1][5]
    assert AuditEntry.objects.filter(action="meetings.registrations.exported").count() == 1


@pytest.mark.parametrize("people", [1, 3])
def test_the_coordinators_page_takes_as_many_queries_however_many_registered(
    as_role, residential, seats, django_assert_num_queries, people
):
    registration_on(residential, capacity=1, waiting_list=True)
    invitations_create(meeting=residential)
    for key in ["regionen", "kommunerna", "ersattaren"][:people]:
        invitation_answer(
            invitation=invitation_of(residential, seats[key]),
            answer="yes",
            replies=replies(residential, food="Fisk"),
        )
    client = as_role("coordinator")
    client.get(residential.get_absolute_url())
    with django_assert_num_queries(QUERIES):
        page = client.get(residential.get_absolute_url())
    assert page.content.decode().count("Fisk") == people


QUERIES = 18


# Personal data ----------------------------------------------------------------------------


def test_the_register_extract_has_the_answers_and_erasure_removes_them(
    client, cast, residential, seats
):
    import json

    _register_three(residential, seats)
    client.force_login(cast.users["secretariat"])
    url = reverse("admin:people_person_extract", args=[seats["regionen"].pk])
    extract = json.dumps(json.loads(client.get(url + "?format=json").content), ensure_ascii=False)
    assert "Anmälningar till möten" in extract
    assert '"Kost och allergier": "Laktosfri"' in extract
    assert '"Övernattning": "ja"' in extract
    assert '"status": "anmäld"' in extract
    html = page_text(client.get(url))
    assert "Anmälningar till möten" in html and "Laktosfri" in html
    person_erase(person=seats["regionen"], by=None)
    assert not RegistrationAnswer.objects.filter(
        registration__invitation__person=seats["regionen"]
    ).exists()
    # Erased from the coming meeting: the place went to the first who waited.
    assert status_of(residential, seats["kommunerna"]) == RegistrationStatus.REGISTERED
    # The others' answers stay.
    assert RegistrationAnswer.objects.filter(text="=1+1").exists()


def test_erasure_removes_the_answers_of_a_meeting_that_is_over(residential, seats):
    registration_on(residential)
    invitations_create(meeting=residential)
    invitation_answer(
        invitation=invitation_of(residential, seats["regionen"]),
        answer="yes",
        replies=replies(residential, food="Nötallergi"),
    )
    # The meeting took place.
    Meeting.objects.filter(pk=residential.pk).update(
        start=timezone.now() - datetime.timedelta(days=3),
        end=timezone.now() - datetime.timedelta(days=2),
    )
    person_erase(person=seats["regionen"], by=None)
    assert not RegistrationAnswer.objects.filter(text="Nötallergi").exists()
    # Whether they were registered stays, for the counts.
    assert Registration.objects.filter(invitation__person=seats["regionen"]).exists()


def test_in_english_the_invitation_and_the_page_say_the_same(
    client, residential, seats, smtp_server
):
    """Malmö's representative reads in English: the invitation, the form, the answer."""
    registration_on(residential, capacity=1)
    invitations_create(meeting=residential)
    deliver()
    [message] = smtp_server.to("representant@example.se")
    text = CollectedMail.text(message)
    assert "Registration is required. Register by answering yes and filling in" in text
    assert "There is 1 place." in text
    links = links_in_registration(message)
    assert links["yes"].startswith("/en/")
    page = page_text(client.get(links["yes"]))
    assert "Food preferences and allergies" in page and "Staying overnight" in page
    done = client.post(links["yes"], form_answers(residential), follow=True)
    assert "Thank you. You are registered" in page_text(done)
    deliver()
    assert smtp_server.to("representant@example.se")[-1]["Subject"] == "Registered: SKUR internat"


@pytest.mark.django_db(transaction=True)
def test_the_one_who_moves_up_is_emailed_by_the_worker(residential, seats, smtp_server):
    """As it runs for real: each change commits, and the worker sends what it queued."""
    from tests.outbox import work_off

    registration_on(residential, capacity=1, waiting_list=True)
    invitations_create(meeting=residential)
    for key in ("regionen", "kommunerna"):
        invitation_answer(
            invitation=invitation_of(residential, seats[key]),
            answer="yes",
            replies=replies(residential),
        )
    work_off()
    assert [m["Subject"] for m in smtp_server.to("kommunerna@example.se")][-1] == (
        "På väntelistan: SKUR internat"
    )
    invitation_answer(invitation=invitation_of(residential, seats["regionen"]), answer="no")
    work_off()
    assert [m["Subject"] for m in smtp_server.to("kommunerna@example.se")][-1] == (
        "Du har fått en plats: SKUR internat"
    )
    assert status_of(residential, seats["kommunerna"]) == RegistrationStatus.REGISTERED


def test_the_back_office_shows_the_registration_but_leaves_it_to_the_meetings_page(
    secretariat_client, residential, seats
):
    registration_on(residential, capacity=1)
    invitations_create(meeting=residential)
    invitation = invitation_of(residential, seats["regionen"])
    page = secretariat_client.get(
        reverse("admin:meetings_meeting_change", args=[residential.pk])
    ).content.decode()
    assert 'name="capacity"' not in page and 'name="registration"' not in page
    page = secretariat_client.get(
        reverse("admin:meetings_invitation_change", args=[invitation.pk])
    ).content.decode()
    assert 'name="answer"' not in page  # a yes is a registration, with its answers
    # The secretariat sets it where the coordinators do.
    response = secretariat_client.post(
        reverse("meetings:registration", args=[residential.pk]),
        {"enabled": "on", "capacity": "4", "ask_overnight": "on"},
    )
    assert response.status_code == 302
    residential.refresh_from_db()
    assert residential.capacity == 4
