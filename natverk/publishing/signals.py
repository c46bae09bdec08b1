"""Keeps what the public site serves true after a change to public data.

- The search documents: a change to a network, a membership, an organisation's names or a
  focus area rebuilds the documents it appears in, once the transaction that made it has
  committed.
- The cached pages (`publishing.caching`): each change retires the pages that show it,
  and only those. A network's page shows its members, relations and meetings; the
  calendar of meetings shows the meetings and the names of their networks; an
  organisation's page shows its networks and the groups above and below it; the networks
  page and the index of organisations show nearly everything.

Rows written around the models' signals (bulk inserts, `QuerySet.update`, a restore)
call `caching.pages_changed_everywhere()` themselves.
"""

import datetime
import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from natverk.core.models import SiteIdentity
from natverk.core.signals import installation_restored
from natverk.meetings.models import Meeting, MeetingDocument, MeetingNetwork
from natverk.publishing.caching import (
    MEETINGS,
    NETWORKS,
    ORGANISATIONS,
    SITE,
    network_scope,
    organisation_scope,
    pages_changed,
    pages_changed_everywhere,
)
from natverk.publishing.models import SitePages
from natverk.publishing.search import documents_refresh, index_rebuild
from natverk.publishing.tasks import search_refresh_on
from natverk.registry.enums import OrganisationKind
from natverk.registry.models import (
    Affiliation,
    FocusTag,
    Membership,
    Network,
    Organisation,
    OrganisationName,
    PageSettings,
    Relation,
)

_local = threading.local()


def _pending() -> set[int]:
    if not hasattr(_local, "ids"):
        _local.ids = set()
    return _local.ids


def _refresh_later(network_ids) -> None:
    # Every change asks for a refresh after commit; the first refresh to run does all
    # that is pending and the rest find nothing left. Ids left by a rolled-back
    # transaction are refreshed with the next commit, which does no harm.
    _pending().update(network_ids)
    transaction.on_commit(_refresh_pending)


def _refresh_pending() -> None:
    ids = set(_pending())
    _pending().clear()
    if ids:
        documents_refresh(ids)
        # The search found the old text until now.
        pages_changed([NETWORKS])


def _networks_of(organisation_id: int) -> list[int]:
    return list(
        Membership.objects.filter(organisation_id=organisation_id).values_list(
            "network_id", flat=True
        )
    )


def _networks_above(organisation_id: int) -> list[int]:
    """The networks of an organisation and of every group it is in, all the way up."""
    up: dict[int, list[int]] = {}
    for member_id, group_id in Affiliation.objects.values_list("member_id", "group_id"):
        up.setdefault(member_id, []).append(group_id)
    seen = {organisation_id}
    frontier = [organisation_id]
    while frontier:
        for group_id in up.get(frontier.pop(), []):
            if group_id not in seen:
                seen.add(group_id)
                frontier.append(group_id)
    return list(
        Membership.objects.filter(organisation_id__in=seen).values_list("network_id", flat=True)
    )


# Which pages a change retires ------------------------------------------------------------


def _network_pages(network_ids) -> set[str]:
    """The pages of these networks, and of the networks and organisations that name them
    (members, relations both ways, joint meetings)."""
    network_ids = set(network_ids)
    if not network_ids:
        return set()
    related = set(
        Relation.objects.filter(source_id__in=network_ids).values_list(
            "target_network_id", flat=True
        )
    ) | set(
        Relation.objects.filter(target_network_id__in=network_ids).values_list(
            "source_id", flat=True
        )
    )
    joint = MeetingNetwork.objects.filter(
        meeting__in=MeetingNetwork.objects.filter(network_id__in=network_ids).values("meeting")
    ).values_list("network_id", flat=True)
    all_ids = network_ids | {pk for pk in related if pk} | set(joint)
    slugs = Network.objects.filter(pk__in=all_ids).values_list("slug", flat=True)
    members = Membership.objects.filter(network_id__in=network_ids).values_list(
        "organisation_id", flat=True
    )
    return {network_scope(slug) for slug in slugs} | _organisation_pages(members)


def _organisation_pages(organisation_ids, *, renamed: bool = False) -> set[str]:
    """The pages of these organisations and of those that show them through groups: every
    group above them (a group's page lists its members all the way down) and, below a
    grouping, every member it stands for (which list the networks they sit in through
    it). When their names change, also the members right below them and the
    organisations they are the parent of (which name them)."""
    start = set(organisation_ids)
    if not start:
        return set()
    up: dict[int, set[int]] = {}
    down: dict[int, set[int]] = {}
    for member_id, group_id in Affiliation.objects.values_list("member_id", "group_id"):
        up.setdefault(member_id, set()).add(group_id)
        down.setdefault(group_id, set()).add(member_id)
    groupings = set(
        Organisation.objects.filter(kind=OrganisationKind.GROUPING).values_list("pk", flat=True)
    )
    family = set(start)
    frontier = list(start)
    while frontier:
        for group_id in up.get(frontier.pop(), ()):
            if group_id not in family:
                family.add(group_id)
                frontier.append(group_id)
    frontier = list(start)
    while frontier:
        here = frontier.pop()
        for member_id in down.get(here, ()):
            if member_id not in family and (here in groupings or (renamed and here in start)):
                family.add(member_id)
                frontier.append(member_id)
    if renamed:
        family |= set(Organisation.objects.filter(parent_id__in=start).values_list("pk", flat=True))
    slugs = Organisation.objects.filter(pk__in=family).values_list("slug", flat=True)
    return {organisation_scope(slug) for slug in slugs}


def _meeting_pages(meeting_id: int | None) -> set[str]:
    if meeting_id is None:
        return set()
    return _network_pages(
        MeetingNetwork.objects.filter(meeting_id=meeting_id).values_list("network_id", flat=True)
    )


@receiver(pre_save, sender=Network)
@receiver(pre_save, sender=Organisation)
def slug_before(sender, instance, raw=False, **kwargs):
    """A page under the old address must go too when a slug changes."""
    if not raw and instance.pk:
        instance._slug_before = (
            sender.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        )


def _old_address(instance, scope) -> set[str]:
    before = getattr(instance, "_slug_before", None)
    return {scope(before)} if before and before != instance.slug else set()


# Receivers ---------------------------------------------------------------------------


@receiver(post_save, sender=Network)
def network_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh_later([instance.pk])
        pages_changed(
            {NETWORKS, ORGANISATIONS, MEETINGS}
            | _network_pages([instance.pk])
            | _old_address(instance, network_scope)
        )


@receiver(post_delete, sender=Network)
def network_deleted(sender, instance, **kwargs):
    pages_changed({NETWORKS, ORGANISATIONS, MEETINGS, network_scope(instance.slug)})


@receiver([post_save, post_delete], sender=Membership)
def membership_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh_later([instance.network_id])
        # A membership that starts or ends later changes the search on that day.
        after_end = instance.end_date + datetime.timedelta(days=1) if instance.end_date else None
        if instance.start_date or after_end:
            network_id = instance.network_id
            transaction.on_commit(
                lambda: search_refresh_on(network_id, [instance.start_date, after_end])
            )
        pages_changed(
            {NETWORKS, ORGANISATIONS}
            | _network_pages([instance.network_id])
            | _organisation_pages([instance.organisation_id])
        )


@receiver(post_save, sender=Organisation)
def organisation_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    if not created:
        _refresh_later(_networks_of(instance.pk))
    pages_changed(
        {NETWORKS, ORGANISATIONS}
        | _organisation_pages([instance.pk], renamed=True)
        | _network_pages(_networks_of(instance.pk))
        | _network_pages(
            Relation.objects.filter(target_organisation_id=instance.pk).values_list(
                "source_id", flat=True
            )
        )
        | _old_address(instance, organisation_scope)
    )


@receiver(post_delete, sender=Organisation)
def organisation_deleted(sender, instance, **kwargs):
    pages_changed({NETWORKS, ORGANISATIONS, organisation_scope(instance.slug)})


@receiver([post_save, post_delete], sender=OrganisationName)
def name_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh_later(_networks_of(instance.organisation_id))
        pages_changed(
            {NETWORKS}
            | _organisation_pages([instance.organisation_id], renamed=True)
            | _network_pages(_networks_of(instance.organisation_id))
        )


@receiver([post_save, post_delete], sender=Affiliation)
def affiliation_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        # A grouping's networks are found by the names of all it stands for.
        _refresh_later(_networks_above(instance.group_id))
        pages_changed(_organisation_pages([instance.member_id, instance.group_id]))


@receiver([post_save, post_delete], sender=Relation)
def relation_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        pages_changed(
            _network_pages({instance.source_id, instance.target_network_id} - {None})
            | _organisation_pages({instance.target_organisation_id} - {None})
        )


@receiver(post_save, sender=FocusTag)
def focus_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh_later(instance.networks.values_list("pk", flat=True))
        pages_changed([SITE])


@receiver(post_delete, sender=FocusTag)
@receiver([post_save, post_delete], sender=PageSettings)
@receiver([post_save, post_delete], sender=SiteIdentity)
@receiver([post_save, post_delete], sender=SitePages)
def site_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        pages_changed([SITE])


@receiver(m2m_changed, sender=Network.focus_tags.through)
def focus_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, Network):
        _refresh_later([instance.pk])
        pages_changed({NETWORKS, MEETINGS} | _network_pages([instance.pk]))
    elif action.startswith("post_"):
        pages_changed([SITE])


@receiver([post_save, post_delete], sender=Meeting)
def meeting_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        pages_changed({MEETINGS} | _meeting_pages(instance.pk))
        # A new meeting's networks are added after it is saved, without signals: they
        # are read again once it is committed.
        meeting_id = instance.pk
        transaction.on_commit(lambda: pages_changed(_meeting_pages(meeting_id)))


@receiver([post_save, post_delete], sender=MeetingNetwork)
def meeting_network_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        pages_changed(
            {MEETINGS} | _network_pages([instance.network_id]) | _meeting_pages(instance.meeting_id)
        )


@receiver([post_save, post_delete], sender=MeetingDocument)
def meeting_document_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        pages_changed(_meeting_pages(instance.meeting_id))


@receiver(installation_restored)
def restored(sender, **kwargs):
    index_rebuild()
    pages_changed_everywhere()
