"""How django-axes tells one login attempt from another: by the address typed, in any
case (as logging in accepts it), and by the client's IP address, read past the
installation's own reverse proxies."""

import ipaddress

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from natverk.access.backends import normalised_login


def attempted_username(request, credentials) -> str:
    """The address or user name tried, as the login matches it."""
    if credentials:
        typed = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        typed = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return normalised_login(typed or "")


def client_ip(request) -> str:
    """The client's address. Behind N trusted proxies it is the Nth address from the
    right of X-Forwarded-For (the ones further left are whatever the client wrote)."""
    proxies = settings.NATVERK_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(addresses) >= proxies and _is_address(addresses[-proxies]):
            return addresses[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _is_address(text: str) -> bool:
    """A header that is not an address is not taken for one (nor stored as one)."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def spraying_from(request) -> bool:
    """Whether the client has failed to log in to NATVERK_SPRAY_ACCOUNTS different
    accounts within the cool-off time: one password tried on many accounts. Such a
    client is refused whichever account it tries, the right password included."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    accounts = (
        AccessAttempt.objects.filter(ip_address=client_ip(request), attempt_time__gte=since)
        .values("username")
        .distinct()
        .count()
    )
    return accounts >= settings.NATVERK_SPRAY_ACCOUNTS
