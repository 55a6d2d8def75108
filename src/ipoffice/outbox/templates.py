"""Stand-in (see the package): message templates' default texts, by key."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from ipoffice.outbox.enums import Channel

_SPECS: dict[str, TemplateSpec] = {}


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    channel: Channel
    subject: Promise
    body: Promise
    placeholders: tuple[str, ...]
    description: Promise


def register(*specs: TemplateSpec) -> None:
    for spec in specs:
        _SPECS[spec.key] = spec


def spec(key: str) -> TemplateSpec:
    return _SPECS[key]
