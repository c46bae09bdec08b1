"""The sentences the public pages write from data, in correct Swedish (or English):
the member sentence under each network and the meeting cadence."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from natverk.registry.enums import MembershipRole
from natverk.registry.models import Membership, Network, normalise_name

NUMBER_WORDS = {
    "sv": ["noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio",
           "elva", "tolv"],
    "en": ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "eleven", "twelve"],
}  # fmt: skip


def number_word(value: int) -> str:
    words = NUMBER_WORDS.get(get_language(), NUMBER_WORDS["en"])
    return words[value] if 0 <= value < len(words) else str(value)


def join_words(items: list[str]) -> str:
    """'a', 'a och b', 'a, b och c', with the active language's word for 'and'."""
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def group_phrase(membership: Membership) -> str:
    """A group as the page worded it, with the grouping's current spelling where the
    wording contains it: 'representanter från INTERREG-programmen' → '… Interreg-programmen'."""
    phrase = membership.described_as
    name = membership.organisation.name
    start = normalise_name(phrase).find(normalise_name(name))
    if start >= 0 and len(phrase) == len(normalise_name(phrase)):
        return phrase[:start] + name + phrase[start + len(name) :]
    return phrase


def membership_phrase(membership: Membership, former_names=None, shown=None) -> str:
    """'Skånes Kommuner (gemensamt sammankallande, tidigare Kommunförbundet Skåne)'."""
    former_names = former_names or {}
    shown = set() if shown is None else shown
    name = group_phrase(membership) if membership.described_as else membership.organisation.name
    notes = []
    if membership.role != MembershipRole.MEMBER:
        notes.append(str(MembershipRole(membership.role).label))
    former = former_names.get(membership.organisation_id)
    if former and not membership.described_as and membership.organisation_id not in shown:
        shown.add(membership.organisation_id)
        notes.append(_("formerly %(former)s") % {"former": former})
    return f"{name} ({', '.join(notes)})" if notes else name


def member_list(memberships: list[Membership], former_names=None, shown=None) -> str:
    """'Region Skåne (sammankallande), Malmö stad och Malmö universitet'. A recent former
    name is given once per page: `shown` collects the organisations already named so."""
    shown = set() if shown is None else shown
    return join_words([membership_phrase(m, former_names, shown) for m in memberships])


def cadence_text(network: Network) -> str:
    """'fyra möten per år, varav ett internat (Bryssel eller Skåne)'."""
    meetings = network.meetings_per_year
    residential = network.residential_meetings_per_year or 0
    if meetings is None and not residential:
        return ""
    if meetings is not None and meetings == Decimal("0.5"):
        text = _("one meeting every other year")
    elif meetings is not None and meetings == meetings.to_integral_value():
        whole = int(meetings)
        text = ngettext("%(count)s meeting a year", "%(count)s meetings a year", whole) % {
            "count": number_word(whole)
        }
    elif meetings is not None:
        # In the page's language: "1,5" in Swedish, "1.5" in English.
        count = number_format(meetings.normalize(), use_l10n=True)
        text = _("%(count)s meetings a year") % {"count": count}
    else:
        text = ""
    if residential:
        part = ngettext(
            "of which %(count)s residential", "of which %(count)s residential", residential
        ) % {"count": number_word(residential)}
        if not text:
            part = ngettext(
                "%(count)s residential meeting a year", "%(count)s residential meetings a year",
                residential,
            ) % {"count": number_word(residential)}  # fmt: skip
        text = f"{text}, {part}" if text else part
        places = network.residential_places or []
        if places:
            text += f" ({join_words_or(places)})"
    return text


def join_words_or(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s or %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}
