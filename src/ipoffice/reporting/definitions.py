"""Read access to the report forms, which the apps that own the records declare and
register (``cases/statistics.py``, ``complaints/statistics.py``; the dataclasses are in
``common/statistics.py``). Reporting computes them and names none of them."""

from ipoffice.common.statistics import Figure, ReportForm, registered_forms

FORMS = registered_forms()  # code -> ReportForm, in registration order (a live view)

__all__ = ["FORMS", "Figure", "ReportForm"]
