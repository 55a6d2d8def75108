"""History entries as a reader sees them: field labels and value labels in the reader's
language, local dates, 是/否, offices by name; the same for cases and complaints."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import translation

from ipoffice.cases.models import Case
from ipoffice.common.history import changes_display, value_display


def test_values_and_labels_in_chinese(db):
    changes = {
        "case_type": [None, "infringement_dispute"],
        "e_commerce": [False, True],
        "accepted_on": [None, "2013-05-06"],
        "fine_amount": [None, "123456.50"],
        "transferred_to": [
            None,
            Case._meta.get_field("office").related_model.objects.get(code="320500").pk,
        ],
        "status": ["received", "accepted"],
        "sha256": [None, "ab" * 32],
    }
    with translation.override("zh-hans"):
        lines = {
            c.label: (c.before, c.after) for c in changes_display(changes, Case, hidden=("sha256",))
        }
        assert lines == {
            "案件类型": ("—", "专利侵权纠纷"),
            "电子商务": ("否", "是"),
            "立案日期": ("—", "2013年5月6日"),
            "罚款（元）": ("—", "123,456.50"),
            "移交单位": ("—", "苏州市知识产权局"),
        }
        assert value_display(date(2024, 3, 5)) == "2024年3月5日"
        assert value_display(Decimal("1000")) == "1,000"
