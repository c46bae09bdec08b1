from dataclasses import dataclass

from django import template
from django.utils import translation

register = template.Library()


@dataclass
class Localised:
    text: str
    fallback: bool  # the English page shows the Swedish text, to be marked lang="sv"


@register.simple_tag
def localised(obj, field: str) -> Localised:
    """A content field in the active language: the English variant when English is
    active and it is filled in, otherwise the Swedish text (marked as a fallback)."""
    swedish = getattr(obj, field) or ""
    if translation.get_language() != "en":
        return Localised(swedish, fallback=False)
    english = getattr(obj, f"{field}_en", "") or ""
    if english:
        return Localised(english, fallback=False)
    return Localised(swedish, fallback=bool(swedish))
