from natverk.registry.models.network import (
    FocusTag,
    FormerNetworkAddress,
    Membership,
    Network,
    PageSettings,
    Relation,
    membership_order,
)
from natverk.registry.models.organisation import (
    Affiliation,
    Boundary,
    Organisation,
    OrganisationName,
    normalise_name,
)

__all__ = [
    "Affiliation",
    "Boundary",
    "FocusTag",
    "FormerNetworkAddress",
    "Membership",
    "Network",
    "Organisation",
    "OrganisationName",
    "PageSettings",
    "Relation",
    "membership_order",
    "normalise_name",
]
