"""Who sees what (the scopes), and accounts: logging in by email, throttling, a new
password by email, invitations from the secretariat."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from natverk.access.scopes import (
    managed_networks_for,
    visible_contacts_for,
    visible_networks_for,
    visible_people_for,
)
from natverk.core.models import AuditEntry, SiteIdentity
from natverk.files.models import Visibility
from natverk.people.models import Person
from natverk.registry.models import Network
from natverk.workspace.models import Document, Post
from natverk.workspace.scopes import visible_documents_for, visible_posts_for
from tests.outbox import deliver, run_tasks_here
from tests.roles import PASSWORD

pytestmark = pytest.mark.django_db


def slugs(queryset) -> set[str]:
    return set(queryset.values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("role", "networks", "managed"),
    [
        ("anonymous", set(), set()),
        ("outsider", set(), set()),
        ("representative", {"skur-natverket"}, set()),
        ("coordinator", {"skur-natverket"}, {"skur-natverket"}),
        ("other_coordinator", {"landsbygdspartnerskapet"}, {"landsbygdspartnerskapet"}),
        ("secretariat", "all", "all"),
    ],
)
def test_network_scopes(cast, role, networks, managed):
    from django.contrib.auth.models import AnonymousUser

    user = cast.users[role] or AnonymousUser()
    everything = slugs(Network.objects.all())
    assert slugs(visible_networks_for(user)) == (everything if networks == "all" else networks)
    assert slugs(managed_networks_for(user)) == (everything if managed == "all" else managed)


def test_contacts_are_those_of_my_networks_and_no_others(cast):
    from natverk.people.models import Representation

    elsewhere = Person.objects.create(given_name="Bo", family_name="Annan", email="bo@example.se")
    Representation.objects.create(
        person=elsewhere,
        network=cast.other,
        organisation=cast.other.memberships.first().organisation,
    )
    representative = cast.users["representative"]
    assert set(visible_contacts_for(representative).values_list("person__email", flat=True)) == {
        "representant@example.se"
    }
    assert "bo@example.se" not in set(
        visible_people_for(representative).values_list("email", flat=True)
    )
    assert "bo@example.se" in set(
        visible_people_for(cast.users["secretariat"]).values_list("email", flat=True)
    )
    assert visible_people_for(cast.users["outsider"]).count() == 0


def test_post_and_document_scopes(cast):
    Post.objects.create(network=cast.skur, title="SKUR", body="x")
    Post.objects.create(network=cast.other, title="Annat", body="y")
    for visibility in Visibility.values:
        Document.objects.create(
            network=cast.skur, title=visibility, kind="pdf", file="x.pdf", visibility=visibility
        )
    representative = cast.users["representative"]
    assert set(visible_posts_for(representative).values_list("title", flat=True)) == {"SKUR"}
    assert set(visible_documents_for(representative).values_list("title", flat=True)) == {
        "public",
        "members",
    }
    assert set(visible_documents_for(cast.users["outsider"]).values_list("title", flat=True)) == {
        "public"
    }
    assert visible_documents_for(cast.users["secretariat"]).count() == 3


def test_login_by_email_in_any_case_opens_the_member_area_in_my_language(client, cast):
    response = client.post(
        reverse("access:login"), {"username": "REPRESENTANT@Example.se", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/mina-natverk/"  # the representative prefers English
    page = client.get(response["Location"]).content.decode()
    assert "My networks" in page
    assert "SKUR-nätverket" in page


def test_a_wrong_password_says_so_without_telling_which_part_was_wrong(client, cast):
    response = client.post(
        reverse("access:login"), {"username": "representant@example.se", "password": "fel"}
    )
    assert "E-postadressen eller lösenordet är fel." in response.content.decode()


def test_logins_are_throttled_after_five_failures(client, cast):
    for _ in range(5):
        client.post(
            reverse("access:login"), {"username": "samordnare@example.se", "password": "fel"}
        )
    locked = client.post(
        reverse("access:login"), {"username": "samordnare@example.se", "password": PASSWORD}
    )
    assert locked.status_code == 429
    assert "För många försök" in locked.content.decode()


def test_the_throttle_counts_an_address_in_any_case_as_one(client, cast):
    for typed in ["samordnare@example.se", "Samordnare@example.se", " SAMORDNARE@example.se"]:
        client.post(reverse("access:login"), {"username": typed, "password": "fel"})
    client.post(reverse("access:login"), {"username": "samordnare@EXAMPLE.se", "password": "x"})
    client.post(reverse("access:login"), {"username": "SamOrdnare@example.se", "password": "x"})
    locked = client.post(
        reverse("access:login"), {"username": "sAmordnare@example.se", "password": PASSWORD}
    )
    assert locked.status_code == 429


def test_behind_a_proxy_each_client_is_throttled_by_its_own_address(client, cast, settings):
    settings.NATVERK_TRUSTED_PROXIES = 1
    login = reverse("access:login")
    for _ in range(5):
        client.post(
            login,
            {"username": "samordnare@example.se", "password": "fel"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7",
        )
    locked = client.post(
        login,
        {"username": "samordnare@example.se", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert locked.status_code == 429
    # Someone else behind the same proxy, with a forged first address, is not locked out.
    elsewhere = client.post(
        login,
        {"username": "samordnare@example.se", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7, 198.51.100.9",
    )
    assert elsewhere.status_code == 302


def test_a_new_password_by_email_in_the_persons_language(
    client, cast, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("access:password_reset"), {"email": "representant@example.se"})
    assert run_tasks_here("password_reset_send") == 1
    deliver()
    (message,) = smtp_server.to("representant@example.se")
    assert message["Subject"].strip() == "A new password at Nätverk"
    link = re.search(r"http://testserver(/\S+)", smtp_server.text(message)).group(1)
    form = client.get(link, follow=True)
    assert (
        "Välj ett nytt lösenord" in form.content.decode()
        or "Choose a new password" in form.content.decode()
    )
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "nytt-lösenord-99", "new_password2": "nytt-lösenord-99"},
    )
    assert done.status_code == 302
    assert (
        client.post(
            reverse("access:login"),
            {"username": "representant@example.se", "password": "nytt-lösenord-99"},
        ).status_code
        == 302
    )
    # The link works once.
    client.logout()
    again = client.get(link, follow=True).content.decode()
    assert "Länken fungerar inte" in again


def test_the_secretariat_invites_a_person_who_then_chooses_a_password(
    client, cast, smtp_server, django_capture_on_commit_callbacks
):
    person = Person.objects.create(
        given_name="Ida", family_name="Ny", email="ida@example.se", preferred_language="sv"
    )
    client.force_login(cast.users["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:people_person_changelist"),
            {"action": "invite", "_selected_action": [person.pk]},
            follow=True,
        )
    assert "1 inbjudan är på väg." in response.content.decode()
    deliver()
    (message,) = smtp_server.to("ida@example.se")
    assert message["Subject"].strip() == "Ditt konto på Nätverk"
    assert "Hej Ida," in smtp_server.text(message)
    assert AuditEntry.objects.filter(
        action="people.person.invited", subject_id=str(person.pk)
    ).exists()

    client.logout()
    link = re.search(r"http://testserver(/\S+)", smtp_server.text(message)).group(1)
    form = client.get(link, follow=True)
    assert "Välj ett lösenord för ditt konto" in form.content.decode()
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "idas-lösenord-2026", "new_password2": "idas-lösenord-2026"},
    )
    assert (
        client.post(
            reverse("access:login"),
            {"username": "ida@example.se", "password": "idas-lösenord-2026"},
        ).status_code
        == 302
    )
    person.refresh_from_db()
    assert person.user.email == "ida@example.se"


def test_an_invitation_to_an_email_another_account_has_is_refused(client, cast, smtp_server):
    get_user_model().objects.create_user(username="upptagen", email="upptagen@example.se")
    person = Person.objects.create(
        given_name="Dubbel", family_name="Konto", email="Upptagen@example.se"
    )
    client.force_login(cast.users["secretariat"])
    response = client.post(
        reverse("admin:people_person_changelist"),
        {"action": "invite", "_selected_action": [person.pk]},
        follow=True,
    )
    assert (
        "E-postadressen Upptagen@example.se hör redan till ett annat konto."
        in response.content.decode()
    )
    person.refresh_from_db()
    assert person.user is None
    deliver()
    assert smtp_server.messages == []


def test_inviting_again_after_a_new_address_moves_the_login_to_it(
    client, cast, smtp_server, django_capture_on_commit_callbacks
):
    person = cast.people["representative"]
    person.email = "Ny.Adress@example.se"
    person.save()
    client.force_login(cast.users["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:people_person_changelist"),
            {"action": "invite", "_selected_action": [person.pk]},
        )
    deliver()
    assert len(smtp_server.to("Ny.Adress@example.se")) == 1
    client.logout()
    login = reverse("access:login")
    assert (
        client.post(
            login, {"username": "representant@example.se", "password": PASSWORD}
        ).status_code
        == 200  # the form again: the old address logs in no more
    )
    assert (
        client.post(login, {"username": "ny.adress@example.se", "password": PASSWORD}).status_code
        == 302
    )
    user = get_user_model().objects.get(pk=person.user_id)
    assert (user.username, user.email) == ("ny.adress@example.se", "Ny.Adress@example.se")


def test_a_new_address_that_is_another_accounts_user_name_is_refused(client, cast, smtp_server):
    get_user_model().objects.create_user(username="upptagen@example.se", email="annan@example.se")
    person = cast.people["representative"]
    person.email = "upptagen@example.se"
    person.save()
    client.force_login(cast.users["secretariat"])
    response = client.post(
        reverse("admin:people_person_changelist"),
        {"action": "invite", "_selected_action": [person.pk]},
        follow=True,
    )
    assert (
        "E-postadressen upptagen@example.se hör redan till ett annat konto."
        in response.content.decode()
    )
    user = get_user_model().objects.get(pk=person.user_id)
    assert user.email == "representant@example.se"
    deliver()
    assert smtp_server.messages == []


def test_choosing_english_changes_the_language_of_the_member_area(client, cast):
    client.force_login(cast.users["coordinator"])
    response = client.post(reverse("access:profile"), {"preferred_language": "en"})
    assert response["Location"] == "/en/konto/"
    assert (
        cast.people["coordinator"]
        .__class__.objects.get(pk=cast.people["coordinator"].pk)
        .preferred_language
        == "en"
    )


SITE = "https://natverk.skanekommuner.example"


def test_the_new_password_link_begins_with_the_site_address_whatever_host_was_asked(
    client, cast, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "annan-vard.example"]
    SiteIdentity.objects.create(site_url=SITE + "/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("access:password_reset"),
            {"email": "representant@example.se"},
            HTTP_HOST="annan-vard.example",
        )
    assert run_tasks_here("password_reset_send") == 1
    deliver()
    (message,) = smtp_server.to("representant@example.se")
    text = smtp_server.text(message)
    assert "annan-vard.example" not in text
    path = re.search(re.escape(SITE) + r"(/konto/\S+)", text).group(1)
    form = client.get(path, follow=True).content.decode()
    assert "Välj ett nytt lösenord" in form or "Choose a new password" in form


def test_the_invitation_link_begins_with_the_site_address_whatever_host_was_asked(
    client, cast, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "annan-vard.example"]
    SiteIdentity.objects.create(site_url=SITE)
    person = Person.objects.create(
        given_name="Ida", family_name="Ny", email="ida@example.se", preferred_language="sv"
    )
    client.force_login(cast.users["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:people_person_changelist"),
            {"action": "invite", "_selected_action": [person.pk]},
            HTTP_HOST="annan-vard.example",
        )
    deliver()
    (message,) = smtp_server.to("ida@example.se")
    text = smtp_server.text(message)
    assert "annan-vard.example" not in text
    assert re.search(re.escape(SITE) + r"/konto/\S+", text)


def test_without_a_site_address_the_link_is_the_requests_own(
    client, cast, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("access:password_reset"), {"email": "representant@example.se"})
    run_tasks_here("password_reset_send")
    deliver()
    (message,) = smtp_server.to("representant@example.se")
    assert re.search(r"http://testserver/konto/\S+", smtp_server.text(message))
