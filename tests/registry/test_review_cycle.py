"""The review cycle: the secretariat or a coordinator marks a network as reviewed (kept
in its history, shown on its public page as "Senast granskad"); a network not reviewed
within the interval is on the start page, and its coordinators are reminded by email
once in each interval."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks_db.models import DBTaskResult

from natverk.people.models import Coordination
from natverk.people.services import review_reminders_queue
from natverk.people.tasks import review_reminders_send
from natverk.registry.models import Network, PageSettings
from natverk.registry.selectors import months_after, months_before
from tests.outbox import deliver

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_months_count_from_the_same_day_or_the_months_last():
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 12) == datetime.date(2025, 1, 15)
    assert months_after(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)
    assert months_after(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)


def test_the_secretariat_marks_a_network_reviewed_and_the_public_page_says_so(
    secretariat_client, secretariat_user, client, seeded, django_capture_on_commit_callbacks
):
    Network.objects.filter(slug="skur-natverket").update(last_reviewed=None)
    network = Network.objects.get(slug="skur-natverket")
    page = client.get(network.get_absolute_url()).content.decode()
    assert "Senast granskad" not in page
    change = reverse("admin:registry_network_change", args=[network.pk])
    assert "Markera som granskad" in secretariat_client.get(change).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(
            reverse("admin:registry_network_review", args=[network.pk]), follow=True
        )
    assert "SKUR-nätverket är markerat som granskat i dag." in response.content.decode()
    network.refresh_from_db()
    assert network.last_reviewed == TODAY()
    entry = network.history.latest()
    assert entry.history_change_reason == "review"
    assert entry.history_user == secretariat_user

    # The cached page was retired: it says the new date at once.
    page = client.get(network.get_absolute_url()).content.decode()
    assert "Senast granskad:" in page and date_format(TODAY(), "j F Y") in page
    # The next reminder is scheduled for when the review is an interval old.
    scheduled = DBTaskResult.objects.filter(task_path__endswith="review_reminders_send")
    assert [row.run_after.date() for row in scheduled] == [months_after(TODAY(), 12)]


def test_a_get_of_the_review_address_changes_nothing(secretariat_client, seeded):
    network = Network.objects.get(slug="skur-natverket")
    response = secretariat_client.get(reverse("admin:registry_network_review", args=[network.pk]))
    assert response.status_code == 403
    network.refresh_from_db()
    assert network.last_reviewed != TODAY()


def test_the_changelist_action_marks_several(secretariat_client, seeded):
    chosen = Network.objects.filter(slug__in=["skur-natverket", "landsbygdspartnerskapet"])
    response = secretariat_client.post(
        reverse("admin:registry_network_changelist"),
        {"action": "mark_reviewed", "_selected_action": [str(n.pk) for n in chosen]},
        follow=True,
    )
    assert "2 nätverk markerades som granskade i dag." in response.content.decode()
    assert set(chosen.values_list("last_reviewed", flat=True)) == {TODAY()}


def test_the_start_page_lists_networks_not_reviewed_within_the_interval(secretariat_client, seeded):
    Network.objects.update(last_reviewed=TODAY())
    old = Network.objects.get(slug="skur-natverket")
    Network.objects.filter(pk=old.pk).update(last_reviewed=months_before(TODAY(), 7))
    index = secretariat_client.get(reverse("admin:index")).content.decode()
    assert "Nätverk som inte granskats på 12 månader" in index
    assert "SKUR-nätverket" not in index.split("inte granskats")[1].split("</li>")[0]

    settings = PageSettings.load()
    settings.review_interval_months = 6
    settings.save()
    index = secretariat_client.get(reverse("admin:index")).content.decode()
    assert "Nätverk som inte granskats på 6 månader" in index
    listed = secretariat_client.get(
        reverse("admin:registry_network_changelist"), {"granskning": "due"}
    ).content.decode()
    assert "SKUR-nätverket" in listed and "Landsbygdspartnerskapet" not in listed


def test_the_coordinators_are_reminded_once_in_each_interval(cast, smtp_server):
    skur = cast.skur
    Network.objects.update(last_reviewed=TODAY())
    Network.objects.filter(pk=skur.pk).update(last_reviewed=months_before(TODAY(), 13))
    Coordination.objects.create(
        person=cast.people["outsider"], network=skur, end_date=TODAY() - datetime.timedelta(1)
    )

    assert review_reminders_send.call() == 1
    assert review_reminders_send.call() == 0  # twice in a row: one email
    deliver()
    (message,) = smtp_server.messages
    assert message.recipients == ["samordnare@example.se"]
    assert message["Subject"] == "Dags att granska SKUR-nätverket"
    text = smtp_server.text(message)
    assert "granskades senast" in text
    assert reverse("workspace:network", kwargs={"slug": skur.slug}) in text
    skur.refresh_from_db()
    assert skur.review_reminded_on == TODAY()
    assert skur.history.latest().history_change_reason != "db_worker"  # no history entry

    # Still not reviewed an interval later: reminded again; reviewed: not.
    later = months_after(TODAY(), 12)
    assert review_reminders_queue(on=later - datetime.timedelta(1)) == 0
    assert review_reminders_queue(on=later) == 1
    Network.objects.update(last_reviewed=later)
    assert review_reminders_queue(on=months_after(later, 12) - datetime.timedelta(1)) == 0


def test_a_coordinator_marks_their_network_reviewed_in_the_member_area(as_role, cast):
    client = as_role("coordinator")
    page = client.get(reverse("workspace:network", kwargs={"slug": cast.skur.slug}))
    assert "Markera som granskad" in page.content.decode()
    response = client.post(
        reverse("workspace:mark_reviewed", kwargs={"slug": cast.skur.slug}), follow=True
    )
    assert "Nätverket är markerat som granskat i dag." in response.content.decode()
    cast.skur.refresh_from_db()
    assert cast.skur.last_reviewed == TODAY()
    assert cast.skur.history.latest().history_user == cast.users["coordinator"]
    representative = as_role("representative")
    page = representative.get(reverse("workspace:network", kwargs={"slug": cast.skur.slug}))
    assert "Markera som granskad" not in page.content.decode()


def test_a_worker_that_starts_queues_the_reminders_once(cast, smtp_server):
    from natverk.core.workers import start_tasks_queue
    from tests.outbox import run_tasks_here

    Network.objects.filter(pk=cast.skur.pk).update(last_reviewed=None)
    start_tasks_queue()
    queued = DBTaskResult.objects.filter(task_path__endswith="review_reminders_send")
    assert queued.count() == 1
    run_tasks_here("review_reminders_send")
    deliver()
    assert len(smtp_server.to("samordnare@example.se")) == 1
