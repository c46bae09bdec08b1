from django.conf import settings


def installation(request):
    """The installation's name and colour, which every page's frame shows."""
    return {
        "site_name": settings.NATVERK_SITE_NAME,
        "accent_colour": settings.NATVERK_ACCENT_COLOUR,
    }
