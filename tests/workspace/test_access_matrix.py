"""Every member-area and coordinator view against every role: allowed or denied, and on
denial nothing changed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from natverk.core.models import AuditEntry
from natverk.files.models import DocumentCategory, Visibility
from natverk.people.models import Person, Representation
from natverk.registry.models import Network, Organisation
from natverk.workspace.models import Document, Post
from tests.roles import LOGGED_IN, MANAGERS, MEMBERS, ROLES, Case

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def skur_url(name, **kwargs):
    return lambda cast: reverse(name, kwargs={"slug": cast.skur.slug, **kwargs})


def seated(cast):
    return Representation.objects.get(person=cast.people["representative"])


def document(cast):
    return Document.objects.get(network=cast.skur, title="Minnesanteckningar")


def document_url(name):
    return lambda cast: reverse(name, kwargs={"pk": document(cast).pk})


def post_url(name):
    return lambda cast: reverse(name, kwargs={"pk": Post.objects.get(title="Kallelse").pk})


DOCUMENT_FORM = {"title": "Omdöpt", "visibility": "members", "category": "minutes"}


CASES = [
    Case("my networks", "get", lambda cast: reverse("workspace:my_networks"), LOGGED_IN),
    Case("account", "get", lambda cast: reverse("access:profile"), LOGGED_IN),
    Case("network", "get", skur_url("workspace:network"), MEMBERS),
    Case("contacts xlsx", "get", skur_url("workspace:contacts_xlsx"), MANAGERS),
    Case("contacts csv", "get", skur_url("workspace:contacts_csv"), MANAGERS),
    Case(
        "post",
        "post",
        skur_url("workspace:post_add"),
        MEMBERS,
        lambda cast: {"title": "Nytt", "body": "<p>Hej</p>"},
    ),
    Case(
        "document upload",
        "post",
        skur_url("workspace:document_upload"),
        MANAGERS,
        lambda cast: {
            "title": "Protokoll",
            "visibility": "members",
            "file": SimpleUploadedFile("protokoll.pdf", PDF),
        },
    ),
    Case(
        "members' document",
        "get",
        lambda cast: reverse("workspace:document", kwargs={"pk": document(cast).pk}),
        MEMBERS,
    ),
    Case("document, change form", "get", document_url("workspace:document_change"), MANAGERS),
    Case(
        "document, change",
        "post",
        document_url("workspace:document_change"),
        MANAGERS,
        lambda cast: DOCUMENT_FORM,
    ),
    Case("document, approve", "post", document_url("workspace:document_approve"), MANAGERS),
    Case("document, remove asking", "get", document_url("workspace:document_remove"), MANAGERS),
    Case("document, remove", "post", document_url("workspace:document_remove"), MANAGERS),
    # The coordinator's post: the representative reads it, and may not change it.
    Case(
        "post, change",
        "post",
        post_url("workspace:post_change"),
        MANAGERS,
        lambda cast: {"title": "Omskrivet", "body": "Ny text"},
    ),
    Case("post, remove", "post", post_url("workspace:post_remove"), MANAGERS),
    # Only someone in the register has a calendar; to the others there is none to renew.
    Case(
        "calendar address renewed",
        "post",
        lambda cast: reverse("workspace:calendar_renew"),
        LOGGED_IN - {"secretariat"},
        visible_to=LOGGED_IN - {"secretariat"},
    ),
    Case("representatives", "get", skur_url("workspace:representatives"), MANAGERS),
    Case("network, mark reviewed", "post", skur_url("workspace:mark_reviewed"), MANAGERS),
    Case(
        "appoint",
        "post",
        skur_url("workspace:representative_appoint"),
        MANAGERS,
        lambda cast: {
            "email": "ny@example.se",
            "given_name": "Ny",
            "family_name": "Person",
            "organisation": Organisation.objects.get(slug="lansstyrelsen-skane").pk,
            "role": "ordinary",
        },
    ),
    Case(
        "end",
        "post",
        skur_url("workspace:representative_end"),
        MANAGERS,
        lambda cast: {"representation": seated(cast).pk, "end": "2030-01-01"},
    ),
    Case(
        "end, confirmed",
        "post",
        skur_url("workspace:representative_end"),
        MANAGERS,
        lambda cast: {"representation": seated(cast).pk, "end": "2030-01-01", "confirm": "on"},
    ),
    Case(
        "remove a mistaken seat",
        "post",
        skur_url("workspace:representative_remove"),
        MANAGERS,
        lambda cast: {"representation": seated(cast).pk},
    ),
    Case(
        "invite to an account",
        "post",
        skur_url("workspace:representative_invite"),
        MANAGERS,
        lambda cast: {"representation": seated(cast).pk},
    ),
    Case(
        "hand over",
        "post",
        skur_url("workspace:representative_hand_over"),
        MANAGERS,
        lambda cast: {
            "representation": seated(cast).pk,
            "email": "efter@example.se",
            "given_name": "Efter",
            "family_name": "Trädare",
            "start": "2030-01-01",
        },
    ),
]


def state():
    return (
        list(Post.objects.order_by("pk").values_list("pk", "title", "body")),
        list(Document.objects.order_by("pk").values_list("pk", "title", "category", "approved_at")),
        list(Person.objects.order_by("pk").values_list("pk", "calendar_token")),
        list(Representation.objects.order_by("pk").values_list("pk", "person_id", "end_date")),
        Person.objects.count(),
        AuditEntry.objects.count(),
        list(Network.objects.order_by("pk").values_list("pk", "last_reviewed")),
    )


@pytest.fixture
def members_document(cast):
    from django.core.files.base import ContentFile

    doc = Document(
        network=cast.skur,
        title="Minnesanteckningar",
        kind="pdf",
        visibility=Visibility.MEMBERS,
        category=DocumentCategory.MINUTES,
    )
    doc.file.save("minnen.pdf", ContentFile(PDF), save=False)
    doc.save()
    Post.objects.create(
        network=cast.skur, author=cast.people["coordinator"], title="Kallelse", body="<p>Hej</p>"
    )
    return doc


@pytest.mark.usefixtures("members_document")
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


def test_the_outcome_of_each_allowed_change(as_role, cast, members_document):
    client = as_role("coordinator")
    client.post(
        reverse("workspace:post_add", kwargs={"slug": cast.skur.slug}),
        {"title": "Nytt", "body": "<p>Hej <script>x()</script></p>"},
    )
    post = Post.objects.get(title="Nytt")
    assert post.author == cast.people["coordinator"]
    assert "script" not in post.body
    client.post(
        reverse("workspace:representative_appoint", kwargs={"slug": cast.skur.slug}),
        {
            "email": "ny@example.se",
            "given_name": "Ny",
            "family_name": "Person",
            "organisation": Organisation.objects.get(slug="lansstyrelsen-skane").pk,
            "role": "deputy",
        },
    )
    appointed = Representation.objects.get(person__email="ny@example.se")
    assert (appointed.network, appointed.organisation.slug, appointed.role) == (
        cast.skur,
        "lansstyrelsen-skane",
        "deputy",
    )
