from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ipoffice.complaints.intake import new_secret, platform_token_hash
from ipoffice.complaints.models import Platform


class Command(BaseCommand):
    help = "Create (or renew) an e-commerce platform's API token; it is printed once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the platform's name")

    def handle(self, *args: Any, **options: Any) -> None:
        token = new_secret(40)
        platform, created = Platform.objects.update_or_create(
            name=options["name"],
            defaults={"token_hash": platform_token_hash(token), "is_active": True},
        )
        self.stdout.write(
            f"{'Created' if created else 'Renewed'} {platform.name}; token "
            f"(send as 'Authorization: Platform <token>'):\n{token}"
        )
