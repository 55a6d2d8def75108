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


def _with_check(body: str) -> str:
    from ipoffice.common.identifiers import USCC_ALPHABET

    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def test_uscc_from_the_standard_passes():
    # The example of GB 32100-2015: Fuzhou (350100), organisation code M000100Y-4.
    assert uscc_normalize("91350100M000100Y43") == "91350100M000100Y43"


@pytest.mark.parametrize("body", [
    "AAAAAAAAAAAAAAAAK",  # letters where the division code goes
    "91999900M000100Y4",  # no such division
])  # fmt: skip
def test_uscc_needs_a_division_code(body):
    with pytest.raises(ValueError, match="positions 3 to 8"):
        uscc_normalize(_with_check(body))


def test_uscc_needs_an_organisation_code_whose_check_character_holds():
    with pytest.raises(ValueError, match=r"positions 9 to 17.*4"):
        uscc_normalize(_with_check("91350100M000100Y5"))  # GB 11714 wants 4


def test_uscc_with_only_letters_and_a_right_check_character_is_refused():
    with pytest.raises(ValueError):
        uscc_normalize("AAAAAAAAAAAAAAAAAK")


def test_uscc_registered_nationally_passes():
    from ipoffice.common.identifiers import organisation_check_character

    body = "11100000" + "71783379"
    code = _with_check(body + organisation_check_character("71783379"))
    assert uscc_normalize(code) == code


def test_resident_id_born_in_the_future_is_refused():
    from stdnum.cn import ric

    body = "11010520300101002"  # born 2030-01-01
    with pytest.raises(ValueError, match="future"):
        resident_id_normalize(body + ric.calc_check_digit(body))


@pytest.mark.parametrize("raw", [
    "13912345678", "+86 139 1234 5678", "025-83123456", "0871-6512345", "400-810-8888",
    "12330", "+852 2123 4567",
])  # fmt: skip
def test_telephone_numbers_people_write_pass(raw):
    from ipoffice.common.identifiers import phone_check

    assert phone_check(raw)


@pytest.mark.parametrize("raw", ["abc", "139123", "23912345678", "1391234567x", "+1 23"])
def test_telephone_numbers_that_are_none_are_refused(raw):
    from ipoffice.common.identifiers import phone_check

    with pytest.raises(ValueError, match="telephone"):
        phone_check(raw)
