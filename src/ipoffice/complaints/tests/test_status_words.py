"""A closed complaint has one name: staff and public both read 已办结."""

from __future__ import annotations

from django.utils import translation

from ipoffice.complaints.enums import ComplaintStatus
from ipoffice.complaints.workflow import PUBLIC_STATUS


def test_staff_and_public_name_a_closed_complaint_alike():
    with translation.override("zh-hans"):
        assert str(ComplaintStatus.CLOSED.label) == "已办结"
        assert str(PUBLIC_STATUS[ComplaintStatus.CLOSED]) == "已办结"
        # The answered state, too, is one word on both sides.
        assert str(PUBLIC_STATUS[ComplaintStatus.ANSWERED]) == str(ComplaintStatus.ANSWERED.label)
