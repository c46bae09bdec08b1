from dataclasses import dataclass

from django import template

from natverk.publishing.sentences import repeats_name
from natverk.registry.models.network import localised_value

register = template.Library()


@dataclass
class Localised:
    text: str
    fallback: bool  # the English page shows the Swedish text, to be marked lang="sv"


@register.simple_tag
def localised(obj, field: str) -> Localised:
    """A content field in the active language, and whether it fell back to Swedish."""
    return Localised(*localised_value(obj, field))


@register.filter
def own_wording(membership) -> str:
    """How the page words a member, when that says more than the organisation's name."""
    if membership.described_as and not repeats_name(membership):
        return membership.described_as
    return ""
