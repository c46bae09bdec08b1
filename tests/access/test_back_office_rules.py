"""The back office asks the same rules as the member area: the secretariat, a staff
account in its group and not a superuser, does its whole job there; nobody else gets in,
staff account or not; what the rules do not give, even the secretariat does not get."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from natverk.access.roles import SECRETARIAT_GROUP

pytestmark = pytest.mark.django_db

# What the secretariat's work needs in the back office, page by page.
SECRETARIAT_PAGES = [
    "admin:change_log",
    "admin:index",
    "admin:registry_network_changelist",
    "admin:registry_network_add",
    "admin:registry_organisation_changelist",
    "admin:registry_membership_changelist",
    "admin:registry_pagesettings_changelist",
    "admin:registry_quality",
    "admin:registry_quality_xlsx",
    "admin:people_person_changelist",
    "admin:people_representation_changelist",
    "admin:people_coordination_changelist",
    "admin:meetings_meeting_changelist",
    "admin:meetings_meeting_add",
    "admin:meetings_invitation_changelist",
    "admin:meetings_meetingdocument_changelist",
    "admin:workspace_post_changelist",
    "admin:workspace_document_changelist",
    "admin:importing_importrun_changelist",
    "admin:importing_importrun_add",
    "admin:core_auditentry_changelist",
    "admin:core_outgoingmessage_changelist",
    "admin:axes_accessattempt_changelist",
    "admin:django_tasks_database_dbtaskresult_changelist",
]


@pytest.mark.parametrize("page", SECRETARIAT_PAGES)
def test_the_secretariat_works_in_the_back_office_without_superuser_rights(
    secretariat_client, secretariat_user, page
):
    assert not secretariat_user.is_superuser
    assert secretariat_client.get(reverse(page)).status_code == 200


@pytest.mark.parametrize(
    "page",
    [
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
        "admin:core_auditentry_add",
        "admin:core_outgoingmessage_add",
    ],
)
def test_what_the_rules_do_not_give_the_secretariat_does_not_get(secretariat_client, page):
    assert secretariat_client.get(reverse(page)).status_code == 403


def test_the_index_lists_the_secretariats_apps_and_not_the_accounts(secretariat_client):
    page = secretariat_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:registry_network_changelist") in page
    assert reverse("admin:meetings_meeting_changelist") in page
    assert reverse("admin:core_outgoingmessage_changelist") in page
    assert reverse("admin:auth_user_changelist") not in page


@pytest.mark.parametrize("role", ["outsider", "representative", "coordinator"])
def test_no_one_else_opens_the_back_office_even_with_a_staff_account(client, cast, role):
    user = cast.users[role]
    user.is_staff = True
    user.save()
    client.force_login(user)
    for page in ("admin:index", "admin:registry_network_changelist", "admin:people_person_add"):
        response = client.get(reverse(page))
        assert response.status_code == 302, (role, page)
        assert response["Location"].startswith(reverse("admin:login"))
    # The back office's own pages beyond Django's: the change log, a network's members in
    # order, marking it reviewed.
    skur = cast.skur.pk
    before = cast.skur.history.count()
    for method, address in (
        ("get", reverse("admin:change_log")),
        ("get", reverse("admin:registry_network_history", args=[skur])),
        ("get", reverse("admin:registry_network_member_order", args=[skur])),
        ("post", reverse("admin:registry_network_member_order", args=[skur])),
        ("post", reverse("admin:registry_network_review", args=[skur])),
    ):
        response = getattr(client, method)(address)
        assert response.status_code == 302, (role, address)
        assert response["Location"].startswith(reverse("admin:login"))
    assert cast.skur.history.count() == before  # nothing changed


def test_a_django_permission_given_by_hand_grants_nothing(client, cast):
    """The group's and the user's Django permissions are not how the site decides."""
    user = cast.users["coordinator"]
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="registry"))
    client.force_login(user)
    response = client.get(reverse("admin:registry_network_changelist"))
    assert response.status_code == 302
    assert not user.has_perm("registry.change_network")


def test_the_secretariats_group_holds_no_django_permissions(db):
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    assert group.permissions.count() == 0


def test_the_actions_offered_are_those_the_rules_give(secretariat_client, cast):
    """Trying a failed message again is the secretariat's; deleting one is nobody's."""
    outbox = secretariat_client.get(reverse("admin:core_outgoingmessage_changelist"))
    assert 'value="resend"' in outbox.content.decode()
    assert 'value="delete_selected"' not in outbox.content.decode()
    people = secretariat_client.get(reverse("admin:people_person_changelist"))
    assert 'value="invite"' in people.content.decode()
    assert 'value="delete_selected"' in people.content.decode()
