"""Hooks the case services call for the apps above them (common/hooks.py)."""

from __future__ import annotations

from ipoffice.common.hooks import Hook

# A case reached a result (concluded, or not accepted): receivers get (case, actor=, on=),
# inside the transaction of the transition. The complaints behind the case hear the
# result (registered in complaints/apps.py).
case_concluded = Hook("case_concluded")
