"""Chinese identifiers: patent application numbers, unified social credit codes, resident IDs.

Each ``*_normalize`` returns the one canonical form or raises ValueError with a reason
the user can act on. The formats and check characters, with their standards and sources:
docs/sources.md (Identifiers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
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


def uscc_normalize(raw: str) -> str:
    """Unified social credit code (GB 32100-2015), check character by ISO 7064 MOD 31-3.

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
        ric.get_birth_date(number)
    except Exception:
        raise ValueError(_("%(raw)s holds no valid birth date") % {"raw": raw}) from None
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise ValueError(
            _("%(raw)s has check character %(check)s; %(expected)s was expected")
            % {"raw": raw, "check": number[17], "expected": expected}
        )
    return number


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
