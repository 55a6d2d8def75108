"""The disclosure app's enumerations: a leaf module."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DisclosureInstrument(models.TextChoices):
    STATE_COUNCIL_2014 = (
        "state_council_2014",
        _(
            "State Council opinions (trial) on disclosing penalty cases of counterfeiting "
            "and IPR infringement (2014)"
        ),
    )
    MEASURES_2015 = "measures_2015", _("Patent Administrative Enforcement Measures (2015)")
