"""Message templates: the text of each kind of message, declared by the app that sends it
and kept as data (``MessageTemplate``) that administrators edit, one row per language.

Placeholders are ``{name}``; a template may use only the placeholders its spec declares
(checked when an administrator saves it), and rendering fills them with plain text — no
template language runs on what an administrator typed.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise

from ipoffice.outbox.enums import Channel, Language


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    channel: Channel
    subject: Promise | str
    body: Promise | str
    placeholders: tuple[str, ...]
    description: Promise | str


_SPECS: dict[str, TemplateSpec] = {}


def register(*specs: TemplateSpec) -> None:
    for spec in specs:
        if spec.key in _SPECS and _SPECS[spec.key] != spec:
            raise ValueError(f"a message template called {spec.key} is already registered")
        unknown = placeholders_unknown(f"{spec.subject} {spec.body}", spec.placeholders)
        if unknown:
            raise ValueError(f"template {spec.key} uses undeclared placeholders {unknown}")
        _SPECS[spec.key] = spec


def registered() -> tuple[TemplateSpec, ...]:
    return tuple(sorted(_SPECS.values(), key=lambda spec: spec.key))


def spec_get(key: str) -> TemplateSpec:
    try:
        return _SPECS[key]
    except KeyError:
        raise LookupError(f"no message template called {key!r}") from None


def placeholders_used(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def placeholders_unknown(text: str, allowed: Iterable[str]) -> list[str]:
    try:
        used = placeholders_used(text)
    except ValueError:  # an unmatched brace
        return ["{"]
    return sorted(used - set(allowed))


class _Plain(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def render(text: str, context: Mapping[str, object]) -> str:
    """Fill the ``{name}`` placeholders; attribute and index lookups are not allowed."""
    values = _Plain({k: "" if v is None else str(v) for k, v in context.items()})
    out = []
    for literal, name, _spec, _conv in string.Formatter().parse(text):
        out.append(literal)
        if name is not None:
            out.append(values[name])
    return "".join(out)


def spec_text(spec: TemplateSpec, language: str) -> tuple[str, str]:
    """The spec's default subject and text in ``language`` (from the catalogue)."""
    with translation.override(language):
        return str(spec.subject), str(spec.body)


LANGUAGES = tuple(Language.values)
