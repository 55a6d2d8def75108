import pytest

from ipoffice.common.identifiers import (
    mask_identifier,
    patent_number_normalize,
    resident_id_normalize,
    uscc_normalize,
)


@pytest.mark.parametrize("raw,canonical,kind", [
    ("200310100002.X", "200310100002.X", "invention"),
    ("200320100002.5", "200320100002.5", "utility_model"),
    ("ZL200310100002.X", "200310100002.X", "invention"),
    ("CN 200310100002X", "200310100002.X", "invention"),
    ("zl200710308494.x", "200710308494.X", "invention"),
    ("201310123456.2", "201310123456.2", "invention"),
    ("97101765.4", "97101765.4", "invention"),
    ("ZL97101765.4", "97101765.4", "invention"),
])  # fmt: skip
def test_good_patent_numbers_have_one_canonical_form(raw, canonical, kind):
    number = patent_number_normalize(raw)
    assert (number.canonical, number.patent_type) == (canonical, kind)


def test_patent_type_digit_decides_the_type():
    from ipoffice.common.identifiers import patent_check_character

    for digit, kind in [("3", "design"), ("8", "pct_invention"), ("9", "pct_utility_model")]:
        digits = f"2013{digit}0123456"
        assert patent_number_normalize(digits + patent_check_character(digits)).patent_type == kind


@pytest.mark.parametrize("raw,reason", [
    ("200310100002.5", "check character 5; X was expected"),
    ("200320100002.X", "check character X; 5 was expected"),
    ("97101765.3", "check character 3; 4 was expected"),
    ("200340100002.1", "type digit 4"),
    ("2003101000", "not a patent application number"),
    ("US7654321", "not a patent application number"),
])  # fmt: skip
def test_bad_patent_numbers_say_why(raw, reason):
    with pytest.raises(ValueError, match=reason):
        patent_number_normalize(raw)


@pytest.mark.parametrize("code", ["91110108551385082Q", "91 110108551385082q"])
def test_good_uscc(code):
    assert uscc_normalize(code) == "91110108551385082Q"


def test_uscc_may_start_with_a_letter():
    from ipoffice.common.identifiers import USCC_ALPHABET

    body = "Y1110108551385082"  # registering authority "Y" (other)
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    check = USCC_ALPHABET[(31 - total % 31) % 31]
    assert uscc_normalize(body + check) == body + check
    wrong = USCC_ALPHABET[(USCC_ALPHABET.index(check) + 1) % 31]
    with pytest.raises(ValueError, match="check character"):
        uscc_normalize(body + wrong)


@pytest.mark.parametrize("code,reason", [
    ("91110108551385082A", "check character A; Q was expected"),
    ("9111010855138508", "not a unified social credit code"),
    ("9111010855138508IQ", "not a unified social credit code"),
])  # fmt: skip
def test_bad_uscc(code, reason):
    with pytest.raises(ValueError, match=reason):
        uscc_normalize(code)


def test_resident_ids():
    assert resident_id_normalize("11010519491231002x") == "11010519491231002X"
    with pytest.raises(ValueError, match="check character 1; X was expected"):
        resident_id_normalize("110105194912310021")
    with pytest.raises(ValueError, match="birth date"):
        resident_id_normalize("110105194913310021")
    with pytest.raises(ValueError, match="not a resident ID"):
        resident_id_normalize("1101051949123100")


def test_masking_keeps_only_the_ends():
    assert mask_identifier("11010519491231002X") == "1101************2X"
    assert mask_identifier("1234") == "****"
