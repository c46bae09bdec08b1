"""Every permission in one place. Views, templates and the API ask `user.has_perm(name,
obj)`; nothing else decides who may do what.

- The secretariat (the home organisation's staff) may do everything.
- A coordinator may manage the networks they coordinate: members, representatives,
  meetings, documents and posts.
- A representative may read their networks, answer their invitations and post in them.
- Everyone else sees the public site only.
"""

import rules

from natverk.access.roles import coordinated_network_ids, is_secretariat, represented_network_ids


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
    """Public documents to anyone; members' documents to the network; the secretariat's
    to the secretariat only."""
    if document is None:
        return False
    if document.visibility == "public":
        return True
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
def meeting_document_visible(user, document) -> bool:
    if document is None:
        return False
    meeting = document.meeting
    # Public as far as its meeting is: a public meeting of a public network.
    in_public = meeting.is_public and any(
        link.network.is_public for link in meeting.meetingnetwork_set.all()
    )
    if document.visibility == "public" and in_public:
        return True
    if document.visibility in ("public", "members"):
        return in_meeting_networks(user, meeting)
    return False


# The member area
rules.add_perm("workspace.export_contacts", secretariat | coordinates)
rules.add_perm("workspace.add_post", secretariat | coordinates | represents)
rules.add_perm("workspace.add_document", secretariat | coordinates)
rules.add_perm("workspace.view_document", secretariat | document_visible)

# Coordinator tools
rules.add_perm("workspace.manage_representatives", secretariat | coordinates)

# Meetings: the leading network's coordinators manage a meeting; everyone in its
# networks reads it and answers their own invitation.
rules.add_perm("meetings.manage_meeting", secretariat | coordinates)
rules.add_perm("meetings.view_meeting", secretariat | in_meeting_networks)
rules.add_perm("meetings.view_document", secretariat | meeting_document_visible)
rules.add_perm("meetings.view_cadence", secretariat)

# The secretariat's own
rules.add_perm("people.invite_person", secretariat)
rules.add_perm("people.extract_person", secretariat)
rules.add_perm("people.erase_person", secretariat)
