from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Count

from ipoffice.outbox.delivery import outbox_deliver_due
from ipoffice.outbox.models import OutboxMessage


class Command(BaseCommand):
    help = (
        "The outbox: 'status' counts messages by channel and status; 'deliver' delivers "
        "every due message now, in this process (the workers do it otherwise)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["status", "deliver"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "deliver":
            self.stdout.write(str(outbox_deliver_due(budget_seconds=3600)))
            return
        rows = OutboxMessage.objects.values("channel", "status").annotate(n=Count("id"))
        for row in rows.order_by("channel", "status"):
            self.stdout.write(f"{row['channel']:8} {row['status']:10} {row['n']:>8}")
