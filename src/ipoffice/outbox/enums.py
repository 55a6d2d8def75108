from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    SMS = "sms", "SMS"
    WEBHOOK = "webhook", "Webhook"
