"""Changes to who sits where, and to people's accounts. Each is one transaction; the
emails they cause are sent once it has committed."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
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
from natverk.core.history import delete_recorded, save_recorded
from natverk.core.outbox import email_queue
from natverk.people.enums import AppointmentOutcome, RepresentationRole
from natverk.people.models import (
    AppointmentRequest,
    ContactPerson,
    Coordination,
    Person,
    Representation,
    new_calendar_token,
)
from natverk.registry.models import Membership, Network, Organisation
from natverk.registry.selectors import networks_review_reminder_due

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


# How far back a coordinator may date a seat's start or end: a seat taken last week is
# recorded as it happened, one back in 1900 is the secretariat's to record.
BACKDATE_DAYS = 14


def _check_not_long_ago(day: datetime.date, what) -> None:
    earliest = timezone.localdate() - datetime.timedelta(days=BACKDATE_DAYS)
    if day < earliest:
        raise ValidationError(
            _(
                "%(what)s can be at most %(days)d days back (%(earliest)s); ask the "
                "secretariat to record an earlier date."
            )
            % {"what": what, "days": BACKDATE_DAYS, "earliest": earliest.isoformat()}
        )


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
    *,
    representation: Representation,
    on: datetime.date | None = None,
    by=None,
    base_url: str = "",
    may_backdate: bool = True,
) -> bool:
    """End a representation with `on` as its last day. If that leaves the organisation
    without anyone in the network, its contact person is asked to name a replacement;
    returns whether they were. Without `may_backdate` (a coordinator's, not the
    secretariat's), the last day is at most a short while back."""
    on = on or timezone.localdate()
    if not may_backdate:
        _check_not_long_ago(on, _("The last day"))
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


# Seats by address, safely ------------------------------------------------------------


@dataclass
class Appointment:
    """What appointing someone by address came to: a seat; a request the secretariat
    must confirm; or, before anything is done, a question: reuse the colleague the address
    belongs to (`colleague`), or ask the secretariat, since it belongs to someone who
    works elsewhere (`elsewhere`, whose name is not shown)."""

    seat: Representation | None = None
    request: AppointmentRequest | None = None
    colleague: Person | None = None
    elsewhere: bool = False

    @property
    def done(self) -> bool:
        return self.seat is not None or self.request is not None


def _address_lookup(*, details: PersonDetails, network: Network, by) -> Person | None:
    """The person with the address, if any. Every lookup is in the audit trail, with
    who looked and whether someone was found (never the address itself)."""
    person = Person.objects.filter(email__iexact=details.email, erased_at__isnull=True).first()
    audit_log(
        actor=by,
        action="people.person.address_looked_up",
        subject=person,
        network=network.pk,
        found=person is not None,
    )
    return person


def _ask_the_secretariat(request: AppointmentRequest) -> None:
    email_queue(
        to=settings.NATVERK_CONTACT_EMAIL,
        kind="people.appointment_request",
        template="workspace/email/appointment_request",
        context={"request": request},
        language=settings.LANGUAGE_CODE,
    )


@transaction.atomic
def representation_appoint_by_address(
    *,
    network: Network,
    organisation: Organisation,
    details: PersonDetails,
    role: str = RepresentationRole.ORDINARY,
    start: datetime.date | None = None,
    by=None,
    confirmed: bool = False,
    may_seat_anyone: bool = False,
    may_backdate: bool = False,
) -> Appointment:
    """Seat whoever the address belongs to, or someone new with the details. An address
    already in the register is never reused unasked: first the caller is told whom it
    belongs to, if they work for the organisation (or the caller may seat anyone); if
    they work elsewhere, the caller is told only that, and, `confirmed`, a request goes
    to the secretariat. A coordinator's seat starts at most a short while back."""
    start = start or timezone.localdate()
    if not may_backdate:
        _check_not_long_ago(start, _("The first day"))
    if _current_membership(network, organisation, start) is None:
        raise ValidationError(
            _("%(organisation)s is not a member of %(network)s, so nobody can represent it there.")
            % {"organisation": organisation, "network": network}
        )
    person = _address_lookup(details=details, network=network, by=by)
    if person is None:
        seat = representation_appoint(
            network=network, organisation=organisation, person=details, role=role,
            start=start, by=by,
        )  # fmt: skip
        return Appointment(seat=seat)
    if person.employer_id == organisation.pk or may_seat_anyone:
        if not confirmed:
            return Appointment(colleague=person)
        seat = representation_appoint(
            network=network, organisation=organisation, person=person, role=role,
            start=start, by=by,
        )  # fmt: skip
        return Appointment(seat=seat)
    if not confirmed:
        return Appointment(elsewhere=True)
    request = AppointmentRequest(
        network=network, organisation=organisation, person=person, role=role,
        start_date=start, requested_by=by if getattr(by, "is_authenticated", False) else None,
    )  # fmt: skip
    request.full_clean()
    request.save()
    _ask_the_secretariat(request)
    audit_log(actor=by, action="people.appointment.requested", subject=request)
    return Appointment(request=request)


@transaction.atomic
def representation_hand_over_by_address(
    *,
    representation: Representation,
    details: PersonDetails,
    on: datetime.date | None = None,
    by=None,
    confirmed: bool = False,
    may_seat_anyone: bool = False,
    may_backdate: bool = False,
) -> Appointment:
    """Hand the seat over to whoever the address belongs to, or someone new; a known
    address is reused only once confirmed, and only for someone who works for the
    seat's organisation (the secretariat confirms anyone else, by appointing them)."""
    on = on or timezone.localdate()
    if not may_backdate:
        _check_not_long_ago(on, _("The successor's first day"))
    person = _address_lookup(details=details, network=representation.network, by=by)
    if person is None:
        return Appointment(
            seat=representation_hand_over(
                representation=representation, successor=details, on=on, by=by
            )
        )
    if person.employer_id != representation.organisation_id and not may_seat_anyone:
        raise ValidationError(
            _(
                "The address belongs to someone in the register who does not work for "
                "%(organisation)s: a seat for them needs the secretariat's confirmation. "
                "Appoint them instead (the secretariat is asked), or give another address."
            )
            % {"organisation": representation.organisation}
        )
    if not confirmed:
        return Appointment(colleague=person)
    return Appointment(
        seat=representation_hand_over(representation=representation, successor=person, on=on, by=by)
    )


@transaction.atomic
def appointment_request_decide(*, request: AppointmentRequest, confirm: bool, by=None) -> bool:
    """The secretariat confirms (the seat is made) or refuses a waiting request; the
    coordinator who asked is told. Returns whether it was decided now."""
    request = AppointmentRequest.objects.select_for_update().get(pk=request.pk)
    if request.outcome != AppointmentOutcome.WAITING:
        return False
    if confirm:
        representation_appoint(
            network=request.network, organisation=request.organisation, person=request.person,
            role=request.role, start=request.start_date, by=by,
        )  # fmt: skip
    request.outcome = AppointmentOutcome.CONFIRMED if confirm else AppointmentOutcome.REFUSED
    request.decided_at = timezone.now()
    request.full_clean()
    request.save(update_fields=["outcome", "decided_at"])
    asker = request.requested_by
    if asker is not None and asker.email:
        email_queue(
            to=asker.email,
            kind="people.appointment_decided",
            template="workspace/email/appointment_decided",
            context={"request": request, "confirmed": confirm},
        )
    audit_log(actor=by, action=f"people.appointment.{request.outcome}", subject=request)
    return True


@transaction.atomic
def representation_remove(*, representation: Representation, by=None) -> None:
    """Take back a mistaken appointment as if it never was: the seat is deleted, not
    ended. Only one recorded today, or one that has not begun."""
    today = timezone.localdate()
    first = representation.history.order_by("history_date").first()
    recorded_today = first is not None and timezone.localdate(first.history_date) == today
    not_begun = representation.start_date is not None and representation.start_date > today
    if not (recorded_today or not_begun):
        raise ValidationError(
            _(
                "Only a seat recorded today, or one that has not begun, can be removed as a "
                "mistake; end this one instead."
            )
        )
    person_id, network_id, pk = (
        representation.person_id, representation.network_id, representation.pk
    )  # fmt: skip
    delete_recorded(representation, reason="removed as a mistake")
    audit_log(actor=by, action="people.representation.removed", subject=None, seat=pk,
              network=network_id)  # fmt: skip
    seats_changed(people=[person_id], networks=[network_id], by=by)


@transaction.atomic
def person_calendar_renew(*, person: Person, by=None) -> Person:
    """A new secret address for the person's own calendar; the old one stops working."""
    person.calendar_token = new_calendar_token()
    save_recorded(person, reason="calendar address renewed", validate=False)
    audit_log(actor=by, action="people.person.calendar_renewed", subject=person)
    return person


@transaction.atomic
def review_reminders_queue(*, on: datetime.date | None = None) -> int:
    """Remind the coordinators of each network due for review (not reviewed within the
    interval of the page settings) to check its details: once in each interval, for as
    long as nobody reviews it. Returns how many emails were queued; run again the same
    day, it queues none."""
    on = on or timezone.localdate()
    due = networks_review_reminder_due(on)
    reminded = []
    queued = 0
    for network in Network.objects.select_for_update().filter(pk__in=due.values("pk")):
        coordinators = [
            coordination.person
            for coordination in Coordination.objects.current(on)
            .filter(network=network, person__erased_at__isnull=True)
            .exclude(person__email="")
            .select_related("person")
            .order_by("person__family_name", "person__given_name")
        ]
        for person in coordinators:
            email_queue(
                to=person.email,
                kind="people.review_reminder",
                template="people/email/review_reminder",
                context={
                    "person": person,
                    "network": network,
                    "last_reviewed": network.last_reviewed,
                    "link": _absolute(
                        settings.NATVERK_BASE_URL,
                        reverse("workspace:network", kwargs={"slug": network.slug}),
                    ),
                },
                language=person.preferred_language,
            )
            queued += 1
        if coordinators:
            reminded.append(network.pk)
    # Bookkeeping, not a change to the network: no history entry, no page retired.
    Network.objects.filter(pk__in=reminded).update(review_reminded_on=on)
    return queued
