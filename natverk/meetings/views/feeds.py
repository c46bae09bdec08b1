"""Calendar feeds: a network's and an organisation's public meetings, naming nobody, and
a person's own meetings at a secret address."""

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from natverk.meetings import ical, selectors
from natverk.people.models import Person
from natverk.registry.models import Network, Organisation
from natverk.registry.selectors import public_network_moved_to


def _calendar_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


def network_feed(request, slug):
    network = Network.objects.public().filter(slug=slug).first()
    if network is None:
        # A subscription to an address the network had before keeps working.
        moved_to = public_network_moved_to(slug)
        if moved_to is None:
            raise Http404
        return HttpResponsePermanentRedirect(
            reverse("feeds:network_feed", kwargs={"slug": moved_to})
        )
    return _calendar_response(
        ical.feed(selectors.public_meetings_of_network(network), name=network.name, public=True),
        slugify(network.slug),
    )


def organisation_feed(request, slug):
    """The public meetings of the public networks the organisation sits in now."""
    organisation = get_object_or_404(Organisation, slug=slug)
    return _calendar_response(
        ical.feed(
            selectors.public_meetings_of_organisation(organisation),
            name=organisation.name,
            public=True,
        ),
        slugify(organisation.slug),
    )


def person_feed(request, token):
    """A person's own meetings, at a secret address: whoever has it sees them, as long as
    the person has an active account (the address is shown only to them, when logged
    in) and is not erased. The owner can renew the address, which ends the old one."""
    person = get_object_or_404(
        Person, calendar_token=token, erased_at__isnull=True, user__is_active=True
    )
    return _calendar_response(
        ical.feed(selectors.meetings_of_person(person), name=_("My meetings"), public=False),
        "mina-moten",
    )
