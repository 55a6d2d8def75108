"""Checking what the public, agents and platforms submit, and routing it to a center."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ipoffice.common.identifiers import (
    PatentNumber,
    patent_number_normalize,
    phone_check,
    uscc_normalize,
)
from ipoffice.common.inputs import required_message
from ipoffice.complaints.enums import Channel, ComplaintKind, MessageLanguage, Routing
from ipoffice.complaints.inputs import COMPLAINT_INPUT
from ipoffice.offices import directory
from ipoffice.offices.models import Office, OfficeLevel

# No 0/O, 1/I/L: read out over the telephone without mistakes.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


@dataclass
class ComplaintInput:
    kind: str
    subject: str
    description: str
    province_code: str
    city_code: str = ""
    respondent_name: str = ""
    respondent_code: str = ""
    listing_urls: list[str] = field(default_factory=list)
    patents: list[PatentNumber] = field(default_factory=list)
    anonymous: bool = False
    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    notify_sms: bool = False
    notify_email: bool = False
    language: str = MessageLanguage.ZH_HANS


MOBILE = re.compile(r"1[3-9]\d{9}")


def filing_language() -> str:
    """The language of the page or request being answered, as a message language."""
    active = (get_language() or "").lower()
    return MessageLanguage.EN if active.startswith("en") else MessageLanguage.ZH_HANS


def clean_complaint(data: dict[str, Any]) -> ComplaintInput | dict[str, list[str]]:
    values, errors = COMPLAINT_INPUT.check(data)

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    kind, province, city = values["kind"], values["province_code"], values["city_code"]
    province_office = directory.office(province, OfficeLevel.PROVINCIAL)
    if province_office is None and "province_code" not in errors:
        add("province_code", _("Choose the province where it happened."))
    elif (
        province_office
        and city
        and (
            (found := directory.office(city, OfficeLevel.MUNICIPAL)) is None
            or found.parent_id != province_office.pk
        )
    ):
        add("city_code", _city_mismatch(found, province_office, city))
    patents: dict[str, PatentNumber] = {}
    for raw in values["patent_numbers"]:
        try:
            number = patent_number_normalize(raw)
            patents.setdefault(number.canonical, number)
        except ValueError as exc:
            add("patent_numbers", str(exc))
    respondent_code = values["respondent_code"]
    if respondent_code:
        try:
            respondent_code = uscc_normalize(respondent_code)
        except ValueError as exc:
            add("respondent_code", str(exc))
    urls = values["listing_urls"]
    for url in urls:
        try:
            parsed = urlparse(url)
            valid = parsed.scheme in ("http", "https") and bool(parsed.netloc) and len(url) <= 500
        except ValueError:
            valid = False
        if not valid:
            add("listing_urls", _("%(url)s is not a web address.") % {"url": url[:100]})
    if kind == ComplaintKind.TAKEDOWN_REQUEST and not urls:
        add("listing_urls", _("A takedown request names the listings to take down."))
    anonymous = values["anonymous"]
    if anonymous and kind and kind != ComplaintKind.PASSING_OFF_REPORT:
        add("anonymous", _("Only reports of passing off may be anonymous."))
    name, phone, email = values["name"], values["phone"], values["email"]
    if not anonymous:
        if not name and "name" not in errors:
            add("name", required_message())
        if not phone and not email and "phone" not in errors and "email" not in errors:
            add("phone", _("Give a telephone number or an e-mail address to hear back."))
    if phone:
        try:
            phone_check(phone)
        except ValueError as exc:
            add("phone", str(exc))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            add("email", _("%(email)s is not an e-mail address.") % {"email": email})
    notify_sms, notify_email = values["notify_sms"], values["notify_email"]
    if notify_sms and not anonymous and "phone" not in errors:
        if not phone:
            add("notify_sms", _("Give a mobile number to be told by SMS."))
        elif not MOBILE.fullmatch(re.sub(r"^(\+86|0086)", "", re.sub(r"[\s-]", "", phone))):
            add("notify_sms", _("SMS goes to a mobile number (11 digits, 1…): give one."))
    if notify_email and not anonymous and not email and "email" not in errors:
        add("notify_email", _("Give an e-mail address to be told by e-mail."))
    if errors:
        return errors
    return ComplaintInput(
        kind=kind,
        subject=values["subject"],
        description=values["description"],
        province_code=province,
        city_code=city,
        respondent_name=values["respondent_name"],
        respondent_code=respondent_code,
        listing_urls=urls,
        patents=list(patents.values()),
        anonymous=anonymous,
        name="" if anonymous else name,
        phone="" if anonymous else phone,
        email="" if anonymous else email,
        address="" if anonymous else values["address"],
        # An anonymous report leaves no address to tell.
        notify_sms=notify_sms and not anonymous,
        notify_email=notify_email and not anonymous,
        language=values["language"] or filing_language(),
    )


def _city_mismatch(city: Office | None, province: Office, code: str) -> str:
    if city is None:
        return _("%(code)s is not a city code.") % {"code": code}
    return _("%(city)s is not in %(province)s.") % {
        "city": city.place_name,
        "province": province.place_name,
    }


def route(province_code: str, city_code: str) -> tuple[Office, Routing]:
    """The center for the place: the city's, else the province's, else the provincial office."""
    if city_code and (city_center := directory.first_center(f"{city_code}-C")):
        return city_center, Routing.CITY_CENTER
    if province_center := directory.first_center(f"{province_code}-C"):
        return province_center, Routing.PROVINCIAL_CENTER
    return directory.offices_by_code()[province_code], Routing.PROVINCIAL_OFFICE


def place_name(code: str) -> str:
    """The place of a GB/T 2260 code by name in the user's language (江苏省, 南京市)."""
    found = directory.offices_by_code().get(code) if code else None
    return found.place_name if found is not None else code


def place_text(province_code: str, city_code: str) -> str:
    """Where it happened, by name: 江苏省 南京市."""
    return " ".join(place_name(code) for code in (province_code, city_code) if code)


_ROUTING_TEXT = {
    Routing.CITY_CENTER: _lazy("the assistance center of %(city)s"),
    Routing.PROVINCIAL_CENTER: _lazy("no center in %(city)s: the center of %(province)s"),
    Routing.PROVINCIAL_OFFICE: _lazy("no center in %(province)s: its IP office"),
}


def routing_text(routing_note: str, province_code: str, city_code: str) -> str:
    """Why the complaint went to its unit, with place names; "" for notes of records written
    past the intake (demo and generated data)."""
    if routing_note not in Routing.values:
        return ""
    template = _ROUTING_TEXT.get(Routing(routing_note))
    if template is None:
        return str(Routing(routing_note).label)
    city = place_name(city_code) if city_code else _("the city")
    return str(template) % {"city": city, "province": place_name(province_code)}


def new_secret(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


CODE_HASH_ROUNDS = 5000  # slows guessing from a copied database; ~2 ms per check


def code_hash(code: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac(
        "sha256", code.strip().upper().encode(), salt.encode(), CODE_HASH_ROUNDS
    ).hex()
    return f"{salt}${digest}"


def code_matches(code: str, stored: str) -> bool:
    salt, _sep, _digest = stored.partition("$")
    return hmac.compare_digest(code_hash(code, salt), stored)


def platform_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


CHANNELS_FOR_AGENTS = (
    Channel.PHONE,
    Channel.WALK_IN,
    Channel.LETTER,
    Channel.EMAIL,
    Channel.WORK_STATION,
)
