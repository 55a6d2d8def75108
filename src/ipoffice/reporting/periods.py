"""Periods live in ``common.periods``, below the apps that declare report forms; this name
stays for the modules of reporting that read them."""

from ipoffice.common.periods import Period, period_between, period_parse

__all__ = ["Period", "period_between", "period_parse"]
