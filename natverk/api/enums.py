"""Fixed vocabularies of the open data: Sweden's counties, and the datasets offered."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# A municipality code's first two digits are its county's code (länskod), as SCB sets them.
COUNTIES = {
    "01": "Stockholms län",
    "03": "Uppsala län",
    "04": "Södermanlands län",
    "05": "Östergötlands län",
    "06": "Jönköpings län",
    "07": "Kronobergs län",
    "08": "Kalmar län",
    "09": "Gotlands län",
    "10": "Blekinge län",
    "12": "Skåne län",
    "13": "Hallands län",
    "14": "Västra Götalands län",
    "17": "Värmlands län",
    "18": "Örebro län",
    "19": "Västmanlands län",
    "20": "Dalarnas län",
    "21": "Gävleborgs län",
    "22": "Västernorrlands län",
    "23": "Jämtlands län",
    "24": "Västerbottens län",
    "25": "Norrbottens län",
}


def county_code(municipality_code: str) -> str:
    """The county of a municipality code, or "" for an organisation without one."""
    code = municipality_code[:2]
    return code if code in COUNTIES else ""


class Dataset(models.TextChoices):
    """The downloads of the open-data page; the value is the file's name."""

    NETWORKS = "networks", _("Networks")
    ORGANISATIONS = "organisations", _("Organisations")
    MEMBERSHIPS = "memberships", _("Memberships")
    RELATIONS = "relations", _("Relations")
    MEETINGS = "meetings", _("Public meetings")
