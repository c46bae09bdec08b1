from django.conf import settings
from django.urls import translate_url
from django.utils import translation


def installation(request):
    """The installation's name, and the same page in the other language, for every page's
    frame."""
    other = "en" if translation.get_language() == "sv" else "sv"
    return {
        "site_name": settings.NATVERK_SITE_NAME,
        "other_language": other,
        "other_language_url": translate_url(request.get_full_path(), other),
    }
