"""The review cycle: someone checks that a network's details are true, and the date is
kept (`Network.last_reviewed`, shown on its public page as "Senast granskad"). The apps
above follow reviews to remind the coordinators when the next one is due."""

import datetime
from collections.abc import Callable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from natverk.core.history import save_recorded
from natverk.registry.models import Network

# Each listener is called after the review has committed, with the network reviewed.
REVIEW_LISTENERS: list[Callable[..., object]] = []


def review_listener(listener):
    REVIEW_LISTENERS.append(listener)
    return listener


@transaction.atomic
def network_mark_reviewed(*, network: Network, by=None, on: datetime.date | None = None) -> bool:
    """Record that the network's details were checked on `on` (today by default);
    False if it was already marked on that day. The change is in its history, with who
    made it."""
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError(_("A network cannot be reviewed on a day still to come."))
    network = Network.objects.select_for_update().get(pk=network.pk)
    if network.last_reviewed == on:
        return False
    network.last_reviewed = on
    save_recorded(network, reason="review", by=by, validate=False)
    for listener in REVIEW_LISTENERS:
        transaction.on_commit(partial(listener, network=network))
    return True
