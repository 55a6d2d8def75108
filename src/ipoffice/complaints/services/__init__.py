"""The verbs of complaint handling, one module per job: filing (``intake``), handling
(``handling``), merging (``merge``) and conversion into a case (``conversion``). Every
status change goes through the workflow engine (complaints/workflow.py)."""

from ipoffice.complaints.services.conversion import (
    KIND_TO_CASE,
    complaint_convert_to_case,
    conversion_gaps,
)
from ipoffice.complaints.services.handler import complaint_handler_change
from ipoffice.complaints.services.handling import (
    complaint_rate,
    complaint_reassign,
    complaint_transition,
    complaints_escalate_overdue,
    complaints_follow_case,
)
from ipoffice.complaints.services.intake import complaint_submit
from ipoffice.complaints.services.merge import complaint_merge
from ipoffice.complaints.services.satisfaction import (
    complaint_satisfaction_answer,
    satisfaction_link_complaint,
)
from ipoffice.complaints.workflow import can_handle

__all__ = [
    "KIND_TO_CASE",
    "can_handle",
    "complaint_convert_to_case",
    "complaint_handler_change",
    "complaint_merge",
    "complaint_rate",
    "complaint_reassign",
    "complaint_satisfaction_answer",
    "complaint_submit",
    "complaint_transition",
    "complaints_escalate_overdue",
    "complaints_follow_case",
    "conversion_gaps",
    "satisfaction_link_complaint",
]
