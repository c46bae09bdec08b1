"""Whose site this is, read for every page and every email.

The identity is one row, read once and kept in the cache until it is saved again (the
key is dropped by `core.signals`), so that a page costs no query for it."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from natverk.core.models import SiteIdentity

CACHE_KEY = "site-identity:2"


@dataclass(frozen=True)
class Identity:
    """The identity with the installation's settings filled in where it is empty."""

    name_sv: str
    name_en: str
    description_sv: str
    description_en: str
    logo_alt_sv: str
    logo_alt_en: str
    logo_version: str  # empty when there is no logo
    logo_type: str
    accent_colour: str
    address: str
    organisation_number: str
    contact_email: str
    site_url: str
    # Whether the site address was written in the back office, not taken from settings.
    site_url_written: bool = False

    def _in_language(self, sv: str, en: str) -> str:
        return en if get_language() == "en" and en else sv

    @property
    def name(self) -> str:
        return self._in_language(self.name_sv, self.name_en)

    @property
    def description(self) -> str:
        return self._in_language(self.description_sv, self.description_en)

    @property
    def logo_alt(self) -> str:
        return self._in_language(self.logo_alt_sv, self.logo_alt_en) or self.name

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]


def _identity_of(row: SiteIdentity) -> Identity:
    # The logo is read for its version only; its bytes are served by `site_logo`.
    logo = bytes(row.logo or b"")
    return Identity(
        name_sv=row.name or settings.NATVERK_SITE_NAME,
        name_en=row.name_en,
        description_sv=row.description,
        description_en=row.description_en,
        logo_alt_sv=row.logo_alt,
        logo_alt_en=row.logo_alt_en,
        logo_version=hashlib.sha256(logo).hexdigest()[:12] if logo else "",
        logo_type=row.logo_type if logo else "",
        accent_colour=row.accent_colour or settings.NATVERK_ACCENT_COLOUR,
        address=row.address,
        organisation_number=row.organisation_number,
        contact_email=row.contact_email,
        site_url=(row.site_url or settings.NATVERK_BASE_URL).rstrip("/"),
        site_url_written=bool(row.site_url),
    )


def site_identity() -> Identity:
    """The identity as it is now (from the cache when it is there)."""
    identity = cache.get(CACHE_KEY)
    if identity is None:
        identity = _identity_of(SiteIdentity.objects.filter(pk=1).first() or SiteIdentity())
        cache.set(CACHE_KEY, identity, None)
    return identity


def link_base_url(request=None) -> str:
    """The address links in emails begin with, without a trailing slash: the site
    address written in the back office when there is one, whatever Host the request
    came with (a forged one must not send a reset link elsewhere); otherwise the
    request's own address, or NATVERK_BASE_URL without a request."""
    identity = site_identity()
    if identity.site_url_written or request is None:
        return identity.site_url
    return request.build_absolute_uri("/").rstrip("/")


def site_logo() -> tuple[bytes, str]:
    """The logo's bytes and kind (empty when there is none)."""
    row = SiteIdentity.objects.filter(pk=1).values_list("logo", "logo_type").first()
    if not row or not row[0]:
        return b"", ""
    return bytes(row[0]), row[1]


def identity_changed(sender, **kwargs) -> None:
    """Read the identity again: now, and once the change is committed (a page rendered
    meanwhile may have kept the old one)."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
