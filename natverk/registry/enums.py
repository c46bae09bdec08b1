from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    REGION = "region", _("region")
    COUNTY_BOARD = "county_board", _("county administrative board")
    STATE_AGENCY = "state_agency", _("state agency")
    UNIVERSITY = "university", _("university")
    ASSOCIATION = "association", _("association")
    EU_PROGRAMME = "eu_programme", _("EU programme")
    BRUSSELS_OFFICE = "brussels_office", _("Brussels office")
    INTEREST_ORG = "interest_org", _("interest organisation")
    LOCAL_ACTION_GROUP = "local_action_group", _("local action group")
    GROUPING = "grouping", _("grouping")
    OTHER = "other", _("other")


class NameKind(models.TextChoices):
    ALIAS = "alias", _("alias")
    FORMER = "former", _("former name")


class NetworkFunction(models.TextChoices):
    MEETING_PLACE = "meeting_place", _("meeting place")
    WORKING_GROUP = "working_group", _("working group")
    ADVISORY_BODY = "advisory_body", _("advisory body")
    INFORMATION_EXCHANGE = "information_exchange", _("information exchange")
    STEERING = "steering", _("steering")


class AmbitionLevel(models.TextChoices):
    STRATEGIC = "strategic", _("strategic")
    OPERATIONAL = "operational", _("operational")
    INFORMAL = "informal", _("informal")


class Formality(models.TextChoices):
    FORMAL = "formal", _("formal")
    INFORMAL = "informal", _("informal")


class NetworkStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")
    CLOSED = "closed", _("closed")


class MembershipRole(models.TextChoices):
    CONVENER = "convener", _("convener")
    CO_CONVENER = "co_convener", _("joint convener")
    MEMBER = "member", _("member")
    OBSERVER = "observer", _("observer")
    SECRETARIAT = "secretariat", _("secretariat")


CONVENING_ROLES = (MembershipRole.CONVENER, MembershipRole.CO_CONVENER)


class RelationKind(models.TextChoices):
    REPORTS_TO = "reports_to", _("reports to")
    ADVISES = "advises", _("advises")
    PART_OF = "part_of", _("is part of")


class HomeRole(models.TextChoices):
    """What the installation's own organisation does in a network (derived, never stored)."""

    DRIVES = "drives", _("drives it")
    TAKES_PART = "takes_part", _("takes part")
    NONE = "none", _("no part")


# Skåne's four sub-regions ("hörn"); other installations may use other codes,
# which are then shown as they are stored.
SUB_REGION_LABELS = {
    "nordost": _("North-east Skåne"),
    "nordvast": _("North-west Skåne"),
    "sydost": _("South-east Skåne"),
    "sydvast": _("South-west Skåne"),
}
