"""Changes to who sits where, and to people's accounts. Each is one transaction; the
emails they cause are sent once it has committed."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from natverk.core.audit import audit_log
from natverk.core.history import save_recorded
from natverk.core.outbox import email_queue
from natverk.people.enums import RepresentationRole
from natverk.people.models import ContactPerson, Person, Representation
from natverk.registry.models import Membership, Network, Organisation

# The apps above follow changes of seat (the meetings invite a seat's new holder and
# withdraw the old one's invitations). Each listener is called in the transaction of the
# change, with the people whose seats changed and the networks of those seats.
SEAT_LISTENERS: list[Callable[..., object]] = []


def seat_listener(listener):
    SEAT_LISTENERS.append(listener)
    return listener


def seats_changed(*, people: Iterable[int], networks: Iterable[int], by=None) -> None:
    """Tell the listeners that these people's seats in these networks changed."""
    people, networks = set(people), set(networks)
    for listener in SEAT_LISTENERS:
        listener(people=people, networks=networks, by=by)


@dataclass(frozen=True)
class PersonDetails:
    """Who is meant, as a form gives them: found by email, or added with the rest."""

    email: str
    given_name: str = ""
    family_name: str = ""
    title: str = ""
    phone: str = ""


@transaction.atomic
def person_find_or_create(*, details: PersonDetails, employer: Organisation | None) -> Person:
    """The person with the address, or a new one with the details, working for
    `employer`. Refuses a new person without both names."""
    person = Person.objects.filter(email__iexact=details.email, erased_at__isnull=True).first()
    if person is not None:
        return person
    if not details.given_name or not details.family_name:
        raise ValidationError(
            _("Nobody in the register has the email %(email)s: give a given name and a family "
              "name to add them.") % {"email": details.email}
        )  # fmt: skip
    person = Person(
        given_name=details.given_name,
        family_name=details.family_name,
        title=details.title,
        phone=details.phone,
        email=details.email,
        employer=employer,
    )
    person.full_clean()
    person.save()
    return person


def _person(person: "Person | PersonDetails", employer: Organisation) -> Person:
    if isinstance(person, PersonDetails):
        return person_find_or_create(details=person, employer=employer)
    return person


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _login_email_change(user, email: str) -> None:
    """The account logs in with the person's current address. A user name that was an
    address follows it; a plain one (an administrator's) is kept."""
    if "@" in user.username:
        username = email.casefold()
        if get_user_model().objects.filter(username=username).exclude(pk=user.pk).exists():
            raise ValidationError(
                _("The email address %(email)s already belongs to another account.")
                % {"email": email}
            )
        user.username = username
    user.email = email
    user.save(update_fields=["username", "email"])


@transaction.atomic
def person_invite(*, person: Person, invited_by, base_url: str) -> None:
    """Give the person an account (if they have none) and email them a link to choose a
    password. The link stops working once used."""
    if person.erased_at:
        raise ValidationError(_("This person's data has been erased."))
    if not person.email:
        raise ValidationError(_("%(person)s has no email address to invite.") % {"person": person})
    users = get_user_model()
    others = users.objects.filter(email__iexact=person.email)
    if person.user_id is not None:
        others = others.exclude(pk=person.user_id)
    if others.exists():
        raise ValidationError(
            _("The email address %(email)s already belongs to another account.")
            % {"email": person.email}
        )
    user = person.user
    if user is None:
        user = users(username=person.email.casefold(), email=person.email,
                     first_name=person.given_name, last_name=person.family_name)  # fmt: skip
        user.set_unusable_password()
        user.save()
        person.user = user
        person.save(update_fields=["user"])
    elif user.email.casefold() != person.email.casefold():
        _login_email_change(user, person.email)
    with translation.override(person.preferred_language):
        path = reverse(
            "access:invitation",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    email_queue(
        to=person.email,
        kind="people.account_invitation",
        template="access/email/invitation",
        context={"person": person, "link": _absolute(base_url, path)},
        language=person.preferred_language,
    )
    audit_log(actor=invited_by, action="people.person.invited", subject=person)


def _current_membership(network: Network, organisation: Organisation, on: datetime.date):
    return Membership.objects.current(on).filter(network=network, organisation=organisation).first()


@transaction.atomic
def representation_appoint(
    *,
    network: Network,
    organisation: Organisation,
    person: Person | PersonDetails,
    role: str = RepresentationRole.ORDINARY,
    start: datetime.date | None = None,
    by=None,
    notify: bool = True,
) -> Representation:
    """Seat the person (or the person the details name, added if new) for the
    organisation in the network from `start`. Unless `notify` is off (the caller tells
    the listeners itself), the seat's listeners follow."""
    start = start or timezone.localdate()
    person = _person(person, employer=organisation)
    if person.erased_at:
        raise ValidationError(_("This person's data has been erased."))
    if _current_membership(network, organisation, start) is None:
        raise ValidationError(
            _("%(organisation)s is not a member of %(network)s, so nobody can represent it there.")
            % {"organisation": organisation, "network": network}
        )
    if (
        Representation.objects.current(start)
        .filter(person=person, network=network, organisation=organisation)
        .exists()
    ):
        raise ValidationError(
            _("%(person)s already represents %(organisation)s in %(network)s.")
            % {"person": person, "organisation": organisation, "network": network}
        )
    representation = Representation(
        person=person, network=network, organisation=organisation, role=role, start_date=start
    )
    representation.full_clean()
    representation.save()
    audit_log(actor=by, action="people.representation.appointed", subject=representation)
    if notify:
        seats_changed(people=[person.pk], networks=[network.pk], by=by)
    return representation


def _ask_for_replacement(network: Network, organisation: Organisation, base_url: str) -> bool:
    """Email the organisation's contact person that its seat in the network is empty."""
    contact = (
        ContactPerson.objects.filter(organisation=organisation).select_related("person").first()
    )
    if contact is None or not contact.person.email or contact.person.erased_at:
        return False
    with translation.override(contact.person.preferred_language):
        path = reverse("workspace:network", kwargs={"slug": network.slug})
    email_queue(
        to=contact.person.email,
        kind="people.replacement_request",
        template="workspace/email/replacement_request",
        context={
            "contact": contact.person,
            "organisation": organisation,
            "network": network,
            "link": _absolute(base_url, path),
        },
        language=contact.person.preferred_language,
    )
    return True


@transaction.atomic
def representation_end(
    *, representation: Representation, on: datetime.date | None = None, by=None, base_url: str = ""
) -> bool:
    """End a representation with `on` as its last day. If that leaves the organisation
    without anyone in the network, its contact person is asked to name a replacement;
    returns whether they were."""
    on = on or timezone.localdate()
    if representation.start_date and representation.start_date > on:
        raise ValidationError(
            _("The representation starts on %(start)s and cannot end before that.")
            % {"start": representation.start_date.isoformat()}
        )
    if representation.end_date is not None and representation.end_date <= on:
        return False
    representation.end_date = on
    save_recorded(representation, reason="representation ended")
    audit_log(actor=by, action="people.representation.ended", subject=representation)
    seats_changed(people=[representation.person_id], networks=[representation.network_id], by=by)
    still_seated = Representation.objects.current(on + datetime.timedelta(days=1)).filter(
        network=representation.network, organisation=representation.organisation
    )
    if still_seated.exists():
        return False
    return _ask_for_replacement(representation.network, representation.organisation, base_url)


@transaction.atomic
def representation_hand_over(
    *,
    representation: Representation,
    successor: Person | PersonDetails,
    on: datetime.date | None = None,
    by=None,
) -> Representation:
    """The successor takes over the seat from `on`; the predecessor's last day is the day
    before. Nobody is asked for a replacement: there is one."""
    on = on or timezone.localdate()
    successor = _person(successor, employer=representation.organisation)
    if successor.pk == representation.person_id:
        raise ValidationError(_("A seat cannot be handed over to the person who holds it."))
    last_day = on - datetime.timedelta(days=1)
    if representation.start_date and representation.start_date > last_day:
        raise ValidationError(_("The seat was taken on %(start)s; hand it over later than that.")
                              % {"start": representation.start_date.isoformat()})  # fmt: skip
    if representation.end_date is not None and representation.end_date < last_day:
        # Handing over later would sit the predecessor beyond the end of their seat.
        raise ValidationError(
            _("The seat ends on %(end)s: the successor can start the day after at the latest.")
            % {"end": representation.end_date.isoformat()}
        )
    representation.end_date = last_day
    save_recorded(representation, reason="handed over")
    successor_seat = representation_appoint(
        network=representation.network,
        organisation=representation.organisation,
        person=successor,
        role=representation.role,
        start=on,
        by=by,
        notify=False,
    )
    audit_log(actor=by, action="people.representation.handed_over", subject=representation,
              successor=successor_seat.pk)  # fmt: skip
    seats_changed(
        people=[representation.person_id, successor.pk],
        networks=[representation.network_id],
        by=by,
    )
    return successor_seat


@transaction.atomic
def person_change_employer(
    *, person: Person, employer: Organisation | None, on: datetime.date | None = None, by=None,
    base_url: str = "",
) -> int:  # fmt: skip
    """Record a new employer. The person no longer speaks for the old one, so their seats
    for it end the day before, and its contact person is asked for replacements."""
    on = on or timezone.localdate()
    old = person.employer
    person.employer = employer
    person.full_clean()
    save_recorded(person, reason="employer changed")
    if old is None or old == employer:
        return 0
    last_day = on - datetime.timedelta(days=1)
    seats = Representation.objects.current(on).filter(person=person, organisation=old)
    ended = 0
    for representation in seats.select_related("network", "organisation"):
        started = representation.start_date
        representation_end(
            representation=representation,
            on=last_day if started is None or started <= last_day else started,
            by=by,
            base_url=base_url,
        )
        ended += 1
    return ended
