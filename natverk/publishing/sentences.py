"""The member sentence the Nätverk page writes under each network, in correct Swedish
(or English): "Region Skåne (sammankallande), Malmö stad och Malmö universitet"."""

from django.utils.translation import gettext as _

from natverk.registry.enums import MembershipRole
from natverk.registry.models import Membership


def join_words(items: list[str]) -> str:
    """'a', 'a och b', 'a, b och c' — with the active language's word for 'and'."""
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def membership_phrase(membership: Membership) -> str:
    name = membership.described_as or membership.organisation.name
    if membership.role == MembershipRole.CONVENER:
        return _("%(name)s (convener)") % {"name": name}
    if membership.role == MembershipRole.CO_CONVENER:
        return _("%(name)s (joint convener)") % {"name": name}
    if membership.role == MembershipRole.OBSERVER:
        return _("%(name)s (observer)") % {"name": name}
    if membership.role == MembershipRole.SECRETARIAT:
        return _("%(name)s (secretariat)") % {"name": name}
    return name


def member_list(memberships: list[Membership]) -> str:
    return join_words([membership_phrase(m) for m in memberships])
