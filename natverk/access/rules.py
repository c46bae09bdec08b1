"""Every permission in one place. Views, the back office, templates and the API ask
`user.has_perm(name, obj)`; nothing else decides who may do what.

- The secretariat (the home organisation's staff) may do everything, in the member area
  and in the back office.
- A coordinator may manage the networks they coordinate: members, representatives,
  meetings, documents and posts.
- A representative may read their networks, answer their invitations and post in them.
- Everyone else sees the public site only.

Two kinds of name, so that they never mean two things:
- the member area's own verbs (`meetings.open_meeting`, `workspace.share_post`, …);
- the back office's, which are Django's model permissions (`registry.change_network`),
  asked by the admin itself. Django's permission tables grant nothing here (see
  `access.backends`): these rules are the only answer.
"""

import rules
from django.db.models import Q
from django.utils import timezone

from natverk.access.roles import (
    coordinated_network_ids,
    is_secretariat,
    person_of,
    represented_network_ids,
)


def _network_of(obj):
    """The network an object belongs to (a network is its own)."""
    if obj is None:
        return None
    return getattr(obj, "network", obj)


@rules.predicate
def secretariat(user) -> bool:
    return is_secretariat(user)


@rules.predicate
def coordinates(user, obj) -> bool:
    network = _network_of(obj)
    return network is not None and network.pk in coordinated_network_ids(user)


@rules.predicate
def represents(user, obj) -> bool:
    network = _network_of(obj)
    return network is not None and network.pk in represented_network_ids(user)


@rules.predicate
def document_visible(user, document) -> bool:
    """Public documents of public networks to anyone (minutes once approved); members'
    documents (and a public one of a network that is not public, or draft minutes) to the
    network; the secretariat's to the secretariat only."""
    if document is None:
        return False
    if document.published and document.network.is_public:
        return True
    if document.visibility == "public":
        return coordinates(user, document) or represents(user, document)
    if document.visibility == "members":
        return coordinates(user, document) or represents(user, document)
    return False


@rules.predicate
def in_meeting_networks(user, meeting) -> bool:
    """The user coordinates or sits in one of the networks meeting."""
    if meeting is None:
        return False
    mine = coordinated_network_ids(user) | represented_network_ids(user)
    return any(link.network_id in mine for link in meeting.meetingnetwork_set.all())


@rules.predicate
def invited(user, meeting) -> bool:
    """The user is invited to the meeting (and not withdrawn): a substitute from a
    member organisation, say, who sits in none of its networks."""
    person = person_of(user)
    if meeting is None or person is None:
        return False
    return meeting.invitations.filter(person=person, withdrawn_at__isnull=True).exists()


@rules.predicate
def meeting_document_visible(user, document) -> bool:
    if document is None:
        return False
    meeting = document.meeting
    # Public as far as its meeting is: a public meeting of a public network.
    in_public = meeting.is_public and any(
        link.network.is_public for link in meeting.meetingnetwork_set.all()
    )
    if document.published and in_public:
        return True
    if document.visibility in ("public", "members"):
        return in_meeting_networks(user, meeting)
    return False


@rules.predicate
def seated_where_coordinated(user, person) -> bool:
    """The person holds a seat, now or to come, in a network the user coordinates."""
    if person is None or person.erased_at is not None:
        return False
    today = timezone.localdate()
    return (
        person.representations.filter(network__in=coordinated_network_ids(user))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .exists()
    )


@rules.predicate
def wrote(user, post) -> bool:
    """The user wrote the post."""
    person = person_of(user)
    return post is not None and person is not None and post.author_id == person.pk


@rules.predicate
def erased(user, person) -> bool:
    """The person's data has been erased: the record stays for counts, unchangeable."""
    return person is not None and person.erased_at is not None


# The member area
rules.add_perm("workspace.export_contacts", secretariat | coordinates)
rules.add_perm("workspace.share_post", secretariat | coordinates | represents)
rules.add_perm("workspace.share_document", secretariat | coordinates)
rules.add_perm("workspace.open_document", secretariat | document_visible)
# Changing, replacing, removing a document, and approving minutes: whoever may add one.
rules.add_perm("workspace.edit_document", secretariat | coordinates)
# A post: its author, and the network's coordinators.
rules.add_perm("workspace.edit_post", secretariat | coordinates | wrote)

# Coordinator tools
rules.add_perm("workspace.manage_representatives", secretariat | coordinates)
# The network's page owners (its coordinators) say its details were checked.
rules.add_perm("workspace.mark_reviewed", secretariat | coordinates)
# A coordinator dates a seat's start or end at most a short while back, and seats someone
# of another organisation than the one they sit for only with the secretariat's yes.
rules.add_perm("people.backdate_seat", secretariat)
rules.add_perm("people.seat_anyone", secretariat)

# Meetings: the leading network's coordinators manage a meeting; everyone in its
# networks reads it and answers their own invitation.
rules.add_perm("meetings.manage_meeting", secretariat | coordinates)
rules.add_perm("meetings.open_meeting", secretariat | in_meeting_networks | invited)
rules.add_perm("meetings.open_document", secretariat | meeting_document_visible)
rules.add_perm("meetings.edit_document", secretariat | coordinates)
rules.add_perm("meetings.follow_cadence", secretariat)
# Registration: the leading network's coordinators set it; they and the secretariat, and
# nobody else, see who registered and what they answered (food, allergies, nights:
# personal data), on the meeting's page and in its export.
rules.add_perm("meetings.manage_registration", secretariat | coordinates)
rules.add_perm("meetings.view_registrations", secretariat | coordinates)

# Insight: the public pages are public; the reports read people and meetings.
rules.add_perm("insight.view_reports", secretariat)

# The secretariat's own
rules.add_perm("people.invite_person", secretariat | seated_where_coordinated)
rules.add_perm("people.extract_person", secretariat)
rules.add_perm("people.erase_person", secretariat)

# The back office ------------------------------------------------------------------------
# Who may open it at all: a staff account is not enough, it must be the secretariat's.
rules.add_perm("core.use_back_office", secretariat)

ALL = ("view", "add", "change", "delete")
READ = ("view",)

# What the secretariat may do with each model in the admin. What is not here, nobody
# but a superuser may: accounts and groups (`auth`) among them.
BACK_OFFICE: dict[str, dict[str, tuple[str, ...]]] = {
    "registry": {
        "organisation": ALL,
        "organisationname": ALL,
        "affiliation": ALL,
        "network": ALL,
        # Kept when a network gets a new address; removing one ends its redirect.
        "formernetworkaddress": ("view", "delete"),
        "focustag": ALL,
        "membership": ALL,
        "relation": ALL,
        # One page of settings, made by the migrations: changed, never added or removed.
        "pagesettings": ("view", "change"),
    },
    "people": {
        "person": ALL,
        "representation": ALL,
        "coordination": ALL,
        "contactperson": ALL,
        # Asked for by coordinators; the secretariat confirms or refuses.
        "appointmentrequest": ("view", "change"),
    },
    "meetings": {
        "meeting": ALL,
        "meetingnetwork": ALL,
        "agendaitem": ALL,
        # Made by sending (or one by hand); kept, so that answers and attendance count.
        "invitation": ("view", "add", "change"),
        "meetingdocument": ALL,
    },
    "workspace": {"post": ALL, "document": ALL},
    # One row of the pages every public body's site has: added once, then changed.
    "publishing": {"sitepages": ("view", "add", "change")},
    # An import is made by uploading a page, and kept as the record of what it did.
    "importing": {"importrun": ("view", "add")},
    # Records of what happened: read, never written by hand.
    "core": {
        "auditentry": READ,
        "outgoingmessage": READ,
        # One row of whose site this is: added once, then changed.
        "siteidentity": ("view", "add", "change"),
    },
    "django_tasks_database": {"dbtaskresult": READ},
    # Locked-out logins: the secretariat lifts a lock by deleting the attempt.
    "axes": {"accessattempt": ("view", "delete"), "accesslog": READ, "accessfailurelog": READ},
}

# Changing an erased person would write personal data back.
EXCEPT_WHEN = {"people.change_person": erased, "people.delete_person": erased}

for app_label, models in BACK_OFFICE.items():
    rules.add_perm(app_label, secretariat)
    for model, actions in models.items():
        for action in actions:
            name = f"{app_label}.{action}_{model}"
            refused = EXCEPT_WHEN.get(name)
            rules.add_perm(name, secretariat & ~refused if refused else secretariat)

# Actions of the back office beyond Django's four.
rules.add_perm("core.resend_outgoingmessage", secretariat)
# The data-quality report, its fixes of former names in text, and merging two
# organisations that are one.
rules.add_perm("registry.review_quality", secretariat)
rules.add_perm("registry.merge_organisation", secretariat)
