from natverk.registry.models.network import (
    FocusTag,
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
    "Membership",
    "Network",
    "Organisation",
    "OrganisationName",
    "PageSettings",
    "Relation",
    "normalise_name",
]
