"""Chinese identifiers: patent application numbers, unified social credit codes, resident IDs.

Each ``*_normalize`` returns the one canonical form or raises ValueError with a reason
the user can act on. The formats and check characters, with their standards and sources:
docs/sources.md (Identifiers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import numdb
from stdnum.cn import ric

PATENT_TYPES = {
    "1": "invention",
    "2": "utility_model",
    "3": "design",
    "8": "pct_invention",
    "9": "pct_utility_model",
}
_PATENT_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


@dataclass(frozen=True)
class PatentNumber:
    canonical: str  # e.g. "200310100002.X"
    patent_type: str  # a key of PATENT_TYPES' values


def patent_check_character(digits: str) -> str:
    total = sum(int(d) * w for d, w in zip(digits, _PATENT_WEIGHTS, strict=False))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def patent_number_normalize(raw: str) -> PatentNumber:
    """Accept ``ZL``/``CN`` prefixes, spaces and a missing dot; answer the canonical form.

    Since October 2003: 12 digits (year, type, serial) and a check character; before:
    8 digits and a check character. The check is a weighted sum modulo 11, 10 written X.
    """
    text = re.sub(r"[\s.·]", "", raw.strip().upper())
    text = re.sub(r"^(ZL|CN)", "", text)
    if not re.fullmatch(r"\d{12}[\dX]|\d{8}[\dX]", text):
        raise ValueError(
            _("%(raw)s is not a patent application number (12 or 8 digits and a check character)")
            % {"raw": raw}
        )
    digits, check = text[:-1], text[-1]
    type_digit = digits[4] if len(digits) == 12 else digits[2]
    if type_digit not in PATENT_TYPES:
        raise ValueError(
            _("%(raw)s has type digit %(digit)s; it must be 1, 2, 3, 8 or 9")
            % {"raw": raw, "digit": type_digit}
        )
    expected = patent_check_character(digits)
    if check != expected:
        raise ValueError(
            _("%(raw)s has check character %(check)s; %(expected)s was expected")
            % {"raw": raw, "check": check, "expected": expected}
        )
    return PatentNumber(canonical=f"{digits}.{check}", patent_type=PATENT_TYPES[type_digit])


USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
NATIONAL_DIVISION = "100000"  # bodies registered at the national level
_ORGANISATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997


def division_code_known(code: str) -> bool:
    """Whether ``code`` is a GB/T 2260 administrative division, current or withdrawn (the
    table python-stdnum ships; old codes stay valid in identifiers issued then)."""
    if code == NATIONAL_DIVISION:
        return True
    if not re.fullmatch(r"\d{6}", code):
        return False
    found = numdb.get("cn/loc").info(code)
    return len(found) == 2 and "province" in found[0][1] and "county" in found[1][1]


def organisation_check_character(body: str) -> str:
    """The check character of an organisation code (GB 11714): 8 digits or letters."""
    total = sum(int(c, 36) * w for c, w in zip(body, _ORGANISATION_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def uscc_normalize(raw: str) -> str:
    """Unified social credit code (GB 32100-2015): positions 3-8 an administrative division
    code, 9-17 an organisation code (GB 11714) whose own check character holds, and the
    whole code's check character by ISO 7064 MOD 31-3.

    The registering-authority character may be a letter (e.g. Y, A, N), which
    python-stdnum's validator rejects, hence this implementation.
    """
    code = raw.strip().upper().replace(" ", "")
    if len(code) != 18 or any(c not in USCC_ALPHABET for c in code):
        raise ValueError(
            _(
                "%(raw)s is not a unified social credit code (18 characters from 0-9 and A-Y "
                "without I, O, S, V, Z)"
            )
            % {"raw": raw}
        )
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(code[:17]))
    expected = USCC_ALPHABET[(31 - total % 31) % 31]
    if code[17] != expected:
        raise ValueError(
            _("%(raw)s has check character %(check)s; %(expected)s was expected")
            % {"raw": raw, "check": code[17], "expected": expected}
        )
    if not division_code_known(code[2:8]):
        raise ValueError(
            _("%(raw)s: positions 3 to 8 (%(division)s) are not an administrative division code")
            % {"raw": raw, "division": code[2:8]}
        )
    organisation, check = code[8:16], code[16]
    if organisation_check_character(organisation) != check:
        raise ValueError(
            _(
                "%(raw)s: positions 9 to 17 (%(organisation)s) are not an organisation code; "
                "its check character would be %(expected)s"
            )
            % {
                "raw": raw,
                "organisation": code[8:17],
                "expected": organisation_check_character(organisation),
            }
        )
    return code


def resident_id_normalize(raw: str) -> str:
    """Resident identity card number (GB 11643-1999): birth date and ISO 7064 MOD 11-2 check."""
    number = raw.strip().upper().replace(" ", "")
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValueError(
            _("%(raw)s is not a resident ID number (17 digits and a check character)")
            % {"raw": raw}
        )
    try:
        born = ric.get_birth_date(number)
    except Exception:
        raise ValueError(_("%(raw)s holds no valid birth date") % {"raw": raw}) from None
    if born > timezone.localdate():
        raise ValueError(
            _("%(raw)s holds a birth date in the future (%(date)s)")
            % {"raw": raw, "date": born.isoformat()}
        )
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise ValueError(
            _("%(raw)s has check character %(check)s; %(expected)s was expected")
            % {"raw": raw, "check": number[17], "expected": expected}
        )
    return number


_PHONE_CHARACTERS = re.compile(r"\+?[\d\s-]+")
_MAINLAND_PHONE = re.compile(
    r"1[3-9]\d{9}"  # mobile
    r"|0[1-9]\d{1,2}[2-9]\d{6,7}"  # fixed line: area code 0xx or 0xxx, then 7-8 digits
    r"|[48]00\d{7}"  # 400/800 service numbers
    r"|1\d{4}"  # short service numbers such as 12330
)


def phone_check(raw: str) -> str:
    """A telephone number as people write it: digits, +, - and spaces. A mainland number
    (after an optional +86/0086) is a mobile (11 digits, 1[3-9]...), a fixed line with its
    area code, a 400/800 number or a short service number; a number abroad is + and 8 to
    15 digits (ITU-T E.164). Answers the digits (with a leading + for abroad)."""
    text = raw.strip()
    if not _PHONE_CHARACTERS.fullmatch(text):
        raise ValueError(
            _("%(raw)s is not a telephone number: use digits, +, - and spaces.") % {"raw": raw}
        )
    digits = re.sub(r"[\s-]", "", text)
    national = re.sub(r"^(\+86|0086)", "", digits)
    if national.startswith("+"):
        if re.fullmatch(r"\+[1-9]\d{7,14}", national):
            return national
    elif _MAINLAND_PHONE.fullmatch(national):
        return national
    raise ValueError(
        _(
            "%(raw)s is not a telephone number: a mobile has 11 digits (13912345678), "
            "a fixed line its area code (025-83123456)."
        )
        % {"raw": raw}
    )


def mask_identifier(value: str) -> str:
    """Show the first 4 and last 2 characters only, e.g. 3201************1X."""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 6) + value[-2:]


def mask_name(name: str) -> str:
    """张三丰 -> 张**; Jane Smith -> J*** S****."""
    if not name:
        return ""
    if re.search(r"[\u4e00-\u9fff]", name):
        return name[0] + "*" * (len(name) - 1)
    return " ".join(w[0] + "*" * (len(w) - 1) for w in name.split())


def mask_contact(value: str) -> str:
    if "@" in value:
        local, _at, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    return value[:3] + "*" * max(len(value) - 7, 0) + value[-4:] if len(value) > 7 else "****"
