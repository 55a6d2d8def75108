"""The complaints app's upward notices (``common.hooks``): receivers register in their
``AppConfig.ready()``."""

from __future__ import annotations

from ipoffice.common.hooks import Hook

# A complainant answered "not resolved" and the complaint went back to its center
# (transition "reopen"). Called inside that transaction with
# ``complaint=``, ``answer=`` (a ``Satisfaction`` value) and ``on=`` (the date): the staff
# notifications tell its handler, or the center's agents if nobody handles it.
complaint_reopened = Hook("complaints.complaint_reopened")
