"""Names and addresses that keep their history: a renamed organisation keeps its old
name as a former name (the public pages say "tidigare …", search and the importer still
find it), and a network given a new address keeps the old one as a redirect."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from natverk.registry.enums import NameKind
from natverk.registry.models import (
    FormerNetworkAddress,
    Network,
    Organisation,
    OrganisationName,
    normalise_name,
)
from natverk.registry.selectors import network_address_holder, organisation_name_holder


@transaction.atomic
def organisation_rename(
    *, organisation: Organisation, name: str, on: datetime.date | None = None
) -> bool:
    """Give the organisation the name `name` from the day `on` (today by default). The
    name it had becomes a former name, replaced on that day; a name that was already
    one of its own other names stops being one. Returns whether the name changed.

    A name another organisation has (or had) is refused, and nothing changes. A change
    of case or spacing alone corrects the name without keeping the old spelling.
    """
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("The new name is empty.")})
    stored = Organisation.objects.select_for_update().get(pk=organisation.pk)
    old = stored.name
    if name == old:
        return False
    holder = organisation_name_holder(name, besides=stored)
    if holder is not None:
        raise ValidationError(
            {
                "name": _("“%(name)s” is already a name of %(organisation)s.")
                % {"name": name, "organisation": holder.name}
            }
        )
    if normalise_name(name) != normalise_name(old):
        on = on or timezone.localdate()
        OrganisationName.objects.filter(
            organisation=stored, normalised=normalise_name(name)
        ).delete()
        former = OrganisationName.objects.filter(
            organisation=stored, normalised=normalise_name(old)
        ).first() or OrganisationName(organisation=stored)
        former.name, former.kind, former.replaced_on = old, NameKind.FORMER, on
        former.full_clean()
        former.save()
    organisation.name = name
    organisation.save()
    return True


@transaction.atomic
def network_readdress(*, network: Network, slug: str) -> bool:
    """Give the network the address key `slug`. The key it had is kept, and its page
    and calendar feed there redirect to the new ones; going back to an address it had
    before takes that one up again. Returns whether the address changed.

    An address another network has, or had, is refused, and nothing changes."""
    validate_slug(slug)
    stored = Network.objects.select_for_update().get(pk=network.pk)
    old = stored.slug
    if slug == old:
        return False
    holder = network_address_holder(slug, besides=stored)
    if holder is not None:
        raise ValidationError(
            {
                "slug": _("The address “%(slug)s” is, or was, that of %(network)s.")
                % {"slug": slug, "network": holder.name}
            }
        )
    FormerNetworkAddress.objects.filter(network=stored, slug=slug).delete()
    FormerNetworkAddress.objects.create(network=stored, slug=old)
    network.slug = slug
    network.save()
    return True
