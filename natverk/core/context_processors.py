from django.urls import translate_url
from django.utils import translation

from natverk.core.selectors import site_identity


def installation(request):
    """Whose site this is, and the same page in the other language, for every page's
    frame."""
    other = "en" if translation.get_language() == "sv" else "sv"
    identity = site_identity()
    return {
        "identity": identity,
        "site_name": identity.name,
        "other_language": other,
        "other_language_url": translate_url(request.get_full_path(), other),
    }
