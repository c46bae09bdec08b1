"""The sentences the public pages write from data, in correct Swedish (or English):
the member sentence under each network and the meeting cadence.

Member sentences are HTML: Swedish wording shown on an English page (a group as the
page worded it, a target audience without translation) is marked lang="sv"."""

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from natverk.registry.enums import CONVENING_ROLES, MembershipRole, OrganisationKind
from natverk.registry.models import Membership, Network, normalise_name
from natverk.registry.models.network import localised_value

NUMBER_WORDS = {
    "sv": ["noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio",
           "elva", "tolv"],
    "en": ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "eleven", "twelve"],
}  # fmt: skip


def number_word(value: int) -> str:
    words = NUMBER_WORDS.get(get_language(), NUMBER_WORDS["en"])
    return words[value] if 0 <= value < len(words) else str(value)


def join_words(items: Sequence[str]) -> str:
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


def swedish(text: str) -> SafeString:
    """Swedish content, marked as such where the page is in another language."""
    if (get_language() or "sv").startswith("sv"):
        return conditional_escape(text)
    return format_html('<span lang="sv">{}</span>', text)


def repeats_name(membership: Membership) -> bool:
    """Whether the page's wording of a member only repeats the organisation's name."""
    return normalise_name(membership.described_as) == normalise_name(membership.organisation.name)


def convening_first(memberships: list[Membership]) -> list[Membership]:
    """Conveners before the other members, each part in the order the page gives."""
    return sorted(memberships, key=lambda m: m.role not in CONVENING_ROLES)


def membership_phrase(membership: Membership, former_names=None, shown=None) -> SafeString:
    """'Skånes Kommuner (gemensamt sammankallande, tidigare Kommunförbundet Skåne)'."""
    former_names = former_names or {}
    shown = set() if shown is None else shown
    if membership.described_as and not repeats_name(membership):
        name = swedish(group_phrase(membership))
    else:
        name = conditional_escape(membership.organisation.name)
    notes = []
    if membership.role != MembershipRole.MEMBER:
        notes.append(str(MembershipRole(membership.role).label))
    former = former_names.get(membership.organisation_id)
    if former and not membership.described_as and membership.organisation_id not in shown:
        shown.add(membership.organisation_id)
        notes.append(_("formerly %(former)s") % {"former": former})
    if notes:
        return format_html("{} ({})", name, ", ".join(notes))
    return mark_safe(name)  # noqa: S308 - escaped above


def member_list(memberships: list[Membership], former_names=None, shown=None) -> SafeString:
    """'Region Skåne (sammankallande), Malmö stad och Malmö universitet'. A recent former
    name is given once per page: `shown` collects the organisations already named so."""
    shown = set() if shown is None else shown
    phrases = [membership_phrase(m, former_names, shown) for m in convening_first(memberships)]
    return mark_safe(join_words(phrases))  # noqa: S308 - each phrase is escaped


# Whose people a grouping's members send, by the kind its members are.
REPRESENTED_KINDS = {
    OrganisationKind.MUNICIPALITY: lambda: _("The municipalities'"),
    OrganisationKind.REGION: lambda: _("The regions'"),
}


def member_sentence(
    network: Network, former_names=None, shown=None, member_kinds: dict | None = None
) -> SafeString:
    """The sentence under a network that says who takes part, true for one member as for
    many: 'Nätverket samlas av Skånes Kommuner (gemensamt sammankallande).' A network
    whose one member gathers its own members' people (Brysselnätverket: the
    municipalities' EU coordinators, through Skånes Kommuner) says so when the network
    names whom it is for. `member_kinds` gives, for an organisation with members of its
    own, the kinds of those members."""
    memberships = network.current_memberships
    if not memberships:
        return mark_safe("")
    members = member_list(memberships, former_names, shown)
    if len(memberships) > 1:
        return format_html(_("The following organisations take part in the network: {}."), members)
    (only,) = memberships
    if only.role in CONVENING_ROLES:
        sentence = format_html(_("The network is convened by {}."), members)
    else:
        sentence = format_html(_("{} takes part in the network."), members)
    kinds = (member_kinds or {}).get(only.organisation_id)
    audience, fallback = localised_value(network, "audience")
    if kinds and audience:
        kind, _count = Counter(kinds).most_common(1)[0]
        whose = REPRESENTED_KINDS.get(kind, lambda: _("The members'"))()
        if len(set(kinds)) > 1:
            whose = _("The members'")
        through = format_html(
            _("{whose} {audience} take part through {organisation}."),
            whose=whose,
            audience=swedish(audience) if fallback else audience,
            organisation=only.organisation.name,
        )
        sentence = format_html("{} {}", sentence, through)
    return sentence


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
