from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "ipoffice.outbox"
    label = "outbox"
