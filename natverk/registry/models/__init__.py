from natverk.registry.models.network import (
    FocusTag,
    FormerNetworkAddress,
    Membership,
    Network,
    PageSettings,
    Relation,
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
    "normalise_name",
]
