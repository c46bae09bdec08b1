"""Registration for meetings that need it: the coordinator's settings (places, a waiting
list, a closing time, the questions) and what a yes or a no does to the places.

A yes to such a meeting is a registration with its answers: a place while there are
places, else one on the waiting list if the meeting keeps one, else refused ("the meeting
is full") with nothing changed. A place given up goes to the first who waits. The places
are counted under a lock of the meeting's row (`select_for_update`; on SQLite every write
transaction takes the database's write lock when it begins), so that two people saying
yes to the last place at the same moment cannot both get it. The emails (registered, on
the waiting list, moved up) are queued in the transaction and sent after it commits."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from natverk.core.audit import audit_log
from natverk.core.outbox import email_queue
from natverk.meetings.enums import (
    REGISTRATION_NOTICE,
    Answer,
    MeetingStatus,
    QuestionKind,
    RegistrationStatus,
)
from natverk.meetings.messages import answer_links, meeting_page
from natverk.meetings.models import (
    Invitation,
    Meeting,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
)
from natverk.meetings.selectors import meeting_contact, meeting_days, waiting_place
from natverk.people.models import Person

ANSWER_LENGTH = 1000


@dataclass(frozen=True)
class QuestionSpec:
    """A question the coordinator wants asked: a kind, and for their own its wording."""

    kind: str
    label: str = ""
    required: bool = False


def check_registration_open(meeting: Meeting) -> None:
    """Refuses, saying when, a change after registration closed."""
    closes = meeting.registration_closes
    if meeting.registration and closes is not None and closes <= timezone.now():
        raise ValidationError(
            _("Registration closed on %(closes)s: answers can no longer be changed.")
            % {"closes": date_format(timezone.localtime(closes), "j F Y, H.i")}
        )


def _registered(meeting: Meeting) -> int:
    return meeting.registrations.filter(status=RegistrationStatus.REGISTERED).count()


def _question_specs_check(meeting: Meeting, questions: list[QuestionSpec]) -> None:
    kinds = [q.kind for q in questions if q.kind != QuestionKind.TEXT]
    if len(kinds) != len(set(kinds)):
        raise ValidationError(_("Each question is asked once."))
    for question in questions:
        if question.kind not in QuestionKind.values:
            raise ValidationError(_("Unknown question."))
        if question.kind == QuestionKind.TEXT and not question.label.strip():
            raise ValidationError(_("A question of one's own needs its wording."))
        if question.kind == QuestionKind.DAYS and len(meeting_days(meeting)) < 2:
            raise ValidationError(
                _("The meeting is not over several days: there are no days to choose between.")
            )


def _questions_set(meeting: Meeting, questions: list[QuestionSpec]) -> None:
    """The questions as given: those kept keep their answers, those left out go with
    theirs."""
    existing = list(meeting.questions.all())
    kept: list[int] = []
    for position, spec in enumerate(questions):
        found = next(
            (
                q
                for q in existing
                if q.kind == spec.kind
                and (spec.kind != QuestionKind.TEXT or q.label == spec.label.strip())
                and q.pk not in kept
            ),
            None,
        )
        question = found or RegistrationQuestion(meeting=meeting, kind=spec.kind)
        question.label = spec.label.strip() if spec.kind == QuestionKind.TEXT else ""
        question.required = spec.required
        question.position = position
        question.full_clean()
        question.save()
        kept.append(question.pk)
    meeting.questions.exclude(pk__in=kept).delete()


@transaction.atomic
def meeting_registration_set(
    *,
    meeting: Meeting,
    enabled: bool,
    capacity: int | None = None,
    waiting_list: bool = False,
    closes: datetime.datetime | None = None,
    questions: Iterable[QuestionSpec] = (),
    by=None,
) -> Meeting:
    """The meeting's registration as the coordinator sets it. Refused, with nothing
    changed: fewer places than are taken, a closing time not before the start, no
    waiting list while people wait on it, registration turned off once people have
    registered. Places added go to those waiting, in order."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    questions = list(questions)
    if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.HELD) or meeting.finished:
        raise ValidationError(_("Registration is set for a coming meeting only."))
    taken = _registered(meeting)
    waiting = meeting.registrations.filter(status=RegistrationStatus.WAITING).count()
    if not enabled and (taken or waiting):
        raise ValidationError(
            _("%(count)d people have registered: registration cannot be turned off.")
            % {"count": taken + waiting}
        )
    if capacity is not None and capacity < 1:
        raise ValidationError({"capacity": _("A meeting has at least one place.")})
    if capacity is not None and capacity < taken:
        raise ValidationError(
            {
                "capacity": _(
                    "%(taken)d people are registered already: give at least %(taken)d places."
                )
                % {"taken": taken}
            }
        )
    if waiting and not waiting_list:
        raise ValidationError(
            {
                "waiting_list": _("%(count)d people are on the waiting list: it cannot be removed.")
                % {"count": waiting}
            }
        )
    if closes is not None and (meeting.start is None or closes >= meeting.start):
        raise ValidationError({"closes": _("Registration must close before the meeting starts.")})
    if enabled:
        _question_specs_check(meeting, questions)
    meeting.registration = enabled
    meeting.capacity = capacity if enabled else None
    meeting.waiting_list = waiting_list if enabled else False
    meeting.registration_closes = closes if enabled else None
    meeting.full_clean()
    meeting.save(
        update_fields=[
            "registration",
            "capacity",
            "waiting_list",
            "registration_closes",
            "updated_at",
        ]
    )
    _questions_set(meeting, questions if enabled else [])
    registrations_promote(meeting)
    audit_log(
        actor=by,
        action="meetings.registration.set",
        subject=meeting,
        enabled=enabled,
        capacity=meeting.capacity,
        waiting_list=meeting.waiting_list,
        questions=[q.kind for q in questions] if enabled else [],
    )
    return meeting


def _cleaned_replies(meeting: Meeting, replies: dict) -> dict[int, dict]:
    """The answers to the meeting's questions, checked: every required one answered,
    each as its kind wants. Keyed by question."""
    cleaned: dict[int, dict] = {}
    days = {day.isoformat() for day in meeting_days(meeting)}
    missing = []
    for question in meeting.questions.all():
        value = replies.get(question.pk)
        answer: dict = {"text": "", "yes": None, "days": []}
        if question.kind in (QuestionKind.FOOD, QuestionKind.TEXT):
            text = (value or "").strip() if isinstance(value, str) or value is None else ""
            if len(text) > ANSWER_LENGTH:
                raise ValidationError(
                    _("Keep each answer to %(limit)d characters.") % {"limit": ANSWER_LENGTH}
                )
            answer["text"] = text
            given = bool(text)
        elif question.kind == QuestionKind.OVERNIGHT:
            answer["yes"] = value if isinstance(value, bool) else None
            given = answer["yes"] is not None
        else:
            chosen = sorted({str(day) for day in (value or [])})
            if any(day not in days for day in chosen):
                raise ValidationError(_("Choose among the days of the meeting."))
            answer["days"] = chosen
            given = bool(chosen)
        if question.required and not given:
            missing.append(question.text)
        cleaned[question.pk] = answer
    if missing:
        raise ValidationError(
            _("Answer every question that must be answered: %(questions)s.")
            % {"questions": ", ".join(missing)}
        )
    return cleaned


def _answers_save(registration: Registration, cleaned: dict[int, dict]) -> None:
    registration.answers.all().delete()
    RegistrationAnswer.objects.bulk_create(
        [
            RegistrationAnswer(registration=registration, question_id=pk, **answer)
            for pk, answer in cleaned.items()
        ]
    )


def _tell(registration: Registration, invitation: Invitation, *, moved_up: bool = False) -> None:
    """The email that says where the person stands: registered, waiting (in which
    place), or given a place from the waiting list."""
    person = invitation.person
    if not person.email:
        return
    meeting = invitation.meeting
    language = person.preferred_language
    email_queue(
        to=person.email,
        kind=REGISTRATION_NOTICE,
        template="meetings/email/registration",
        context={
            "meeting": meeting,
            "invitation": invitation,
            "person": person,
            "registered": registration.status == RegistrationStatus.REGISTERED,
            "moved_up": moved_up,
            "place": waiting_place(registration),
            "contact": meeting_contact(meeting),
            "links": answer_links(invitation, language),
            "meeting_url": meeting_page(meeting, language),
            "site_url": settings.NATVERK_BASE_URL,
        },
        language=language,
        # Its own thread: the calendar messages of the invitation do not replace it.
        thread=f"meetings.registration:{invitation.pk}",
    )


def registration_answer(
    *, invitation: Invitation, answer: str, replies: dict
) -> Registration | None:
    """What an answer to a meeting with registration does, under the meeting's lock
    (taken by the caller): a yes registers (or keeps the place, with the answers
    changed), a no gives the place up. Refuses a yes when the meeting is full and keeps
    no waiting list; returns the registration of a yes."""
    meeting = invitation.meeting
    current = Registration.objects.filter(invitation=invitation).first()
    if answer != Answer.YES:
        if current is not None:
            _release([current])
        return None
    cleaned = _cleaned_replies(meeting, replies)
    if current is None:
        now = timezone.now()
        free = meeting.capacity is None or _registered(meeting) < meeting.capacity
        if not free and not meeting.waiting_list:
            raise ValidationError(_("The meeting is full."))
        current = Registration(
            invitation=invitation,
            meeting=meeting,
            status=RegistrationStatus.REGISTERED if free else RegistrationStatus.WAITING,
            queued_at=now,
            seated_at=now if free else None,
        )
        current.full_clean(exclude=["invitation", "meeting"])
        current.save()
        _answers_save(current, cleaned)
        _tell(current, invitation)
        audit_log(
            actor=None,
            action=f"meetings.registration.{current.status}",
            subject=invitation,
        )
    else:
        _answers_save(current, cleaned)
    return current


def _release(registrations: list[Registration]) -> None:
    """The registrations are given up (a no, a withdrawn invitation): their places go to
    those waiting."""
    meetings = {r.meeting_id for r in registrations}
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).delete()
    for meeting in Meeting.objects.filter(pk__in=meetings).order_by("pk"):
        registrations_promote(meeting)


def registrations_release(invitations: Iterable[Invitation]) -> None:
    """Withdrawn invitations give up their registrations; the meetings' rows are locked
    first, so that counting the places waits for any registration under way."""
    pks = [i.pk for i in invitations]
    found = list(Registration.objects.filter(invitation__in=pks))
    if not found:
        return
    list(
        Meeting.objects.select_for_update()
        .filter(pk__in={r.meeting_id for r in found})
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    _release(found)


def registrations_promote(meeting: Meeting) -> int:
    """Give the free places to those first on the waiting list, and tell them; returns
    how many moved up. The caller holds the meeting's lock."""
    if meeting.capacity is None:
        free = None
    else:
        free = max(0, meeting.capacity - _registered(meeting))
        if not free:
            return 0
    waiting = meeting.registrations.filter(status=RegistrationStatus.WAITING).select_related(
        "invitation__person", "invitation__meeting"
    )
    moved = list(waiting if free is None else waiting[:free])
    now = timezone.now()
    for registration in moved:
        registration.status = RegistrationStatus.REGISTERED
        registration.seated_at = now
        registration.save(update_fields=["status", "seated_at"])
        _tell(registration, registration.invitation, moved_up=True)
        audit_log(
            actor=None, action="meetings.registration.moved_up", subject=registration.invitation
        )
    return len(moved)


def registrations_forget(*, person: Person) -> int:
    """Erasure: what the person answered when registering is removed, for every meeting;
    whether they were registered stays, without a name, for the counts."""
    removed, _kinds = RegistrationAnswer.objects.filter(
        registration__invitation__person=person
    ).delete()
    return removed
