from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ipoffice.complaints.services import complaints_escalate_overdue


class Command(BaseCommand):
    help = "Flag open complaints past their due date for the unit above (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = complaints_escalate_overdue()
        self.stdout.write(f"{count} overdue complaints escalated")
