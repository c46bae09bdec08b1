"""Keeps the search documents true: a change to a network, a membership, an
organisation's names or a focus area rebuilds the documents it appears in, once the
transaction that made it has committed."""

import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from natverk.publishing.search import documents_refresh
from natverk.registry.models import FocusTag, Membership, Network, Organisation, OrganisationName

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


def _networks_of(organisation_id: int) -> list[int]:
    return list(
        Membership.objects.filter(organisation_id=organisation_id).values_list(
            "network_id", flat=True
        )
    )


@receiver(post_save, sender=Network)
def network_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh_later([instance.pk])


@receiver([post_save, post_delete], sender=Membership)
def membership_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh_later([instance.network_id])


@receiver(post_save, sender=Organisation)
def organisation_saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        _refresh_later(_networks_of(instance.pk))


@receiver([post_save, post_delete], sender=OrganisationName)
def name_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh_later(_networks_of(instance.organisation_id))


@receiver(post_save, sender=FocusTag)
def focus_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh_later(instance.networks.values_list("pk", flat=True))


@receiver(m2m_changed, sender=Network.focus_tags.through)
def focus_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, Network):
        _refresh_later([instance.pk])
