"""The documentation stands on its own: no reference to material outside the repository,
no relative link to a file or heading that is not there, and a glossary that names every
code value in Chinese and English."""

import importlib
import re
from pathlib import Path

import pytest
from django.db.models import TextChoices

ROOT = Path(__file__).resolve().parents[4]
DOCS = ROOT / "docs"
SCANNED = [ROOT / "src", DOCS, ROOT / "scripts", ROOT / "bench", ROOT / "README.md"]
# Spelled in two pieces so that this file does not match itself.
OUTSIDE = [b".." + b"/shared", b"shared" + b"/reference"]

FENCE = re.compile(r"^```.*?^```", re.M | re.S)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} +(.+?) *#*$", re.M)
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")

ENUM_MODULES = [
    "ipoffice.accounts.roles",
    "ipoffice.offices.models",
    "ipoffice.cases.enums",
    "ipoffice.complaints.enums",
    "ipoffice.reporting.enums",
    "ipoffice.coordination.enums",
    "ipoffice.deadlines.rules",
    "ipoffice.deadlines.models",
    "ipoffice.disclosure.enums",
]


def test_the_repository_is_found():
    assert (ROOT / "pyproject.toml").is_file()
    assert (DOCS / "sources.md").is_file()


def _files(path: Path):
    if path.is_file():
        yield path
        return
    for file in sorted(path.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            yield file


def test_nothing_refers_to_material_outside_the_repository():
    offending = []
    for top in SCANNED:
        for file in _files(top):
            for number, line in enumerate(file.read_bytes().splitlines(), 1):
                if any(pattern in line for pattern in OUTSIDE):
                    offending.append(f"{file.relative_to(ROOT)}:{number}")
    assert offending == []


def _markdown_files():
    return [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]


def _prose(text: str) -> str:
    """The text without code, where brackets and hashes are not Markdown."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def _anchors(file: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens."""
    anchors: set[str] = set()
    for heading in HEADING.findall(FENCE.sub("", file.read_text())):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        n, unique = 0, slug
        while unique in anchors:
            n += 1
            unique = f"{slug}-{n}"
        anchors.add(unique)
    return anchors


def _broken_links(file: Path, root: Path = ROOT) -> list[str]:
    broken = []
    for target in LINK.findall(_prose(file.read_text())):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        linked = (file.parent / path).resolve() if path else file
        if not linked.exists():
            broken.append(f"{file.relative_to(root)}: {target} (no such file)")
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(f"{file.relative_to(root)}: {target} (no such heading)")
    return broken


def test_relative_links_point_to_files_and_headings_that_exist():
    assert [b for file in _markdown_files() for b in _broken_links(file)] == []


def test_the_link_check_sees_a_missing_file_and_a_missing_heading(tmp_path):
    (tmp_path / "a.md").write_text("# Title\n\n## Time limits (期限)\n")
    page = tmp_path / "b.md"
    page.write_text(
        "[ok](a.md#time-limits-期限) [gone](missing.md) [wrong](a.md#nothing)\n"
        "`[code](missing.md)` [web](https://example.org/x.md)\n"
    )
    assert _broken_links(page, tmp_path) == [
        "b.md: missing.md (no such file)",
        "b.md: a.md#nothing (no such heading)",
    ]


def _glossary_sections() -> dict[str, str]:
    text = (DOCS / "glossary.md").read_text()
    parts = re.split(r"^(#{2,3} .+)$", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _rows(section: str) -> list[list[str]]:
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("|")
    ]
    return rows[2:]  # without the header and the |---| line


def _enumerations():
    for name in ENUM_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, TextChoices)
                and value.__module__ == name
            ):
                yield value


@pytest.mark.parametrize("choices", list(_enumerations()), ids=lambda c: c.__name__)
def test_the_glossary_lists_every_code_value_in_both_languages(choices):
    sections = [body for title, body in _glossary_sections().items()
                if title.startswith(f"### `{choices.__name__}`")]  # fmt: skip
    assert len(sections) == 1, f"glossary.md has no section ### `{choices.__name__}`"
    rows = {row[0].strip("`"): row for row in _rows(sections[0])}
    assert sorted(rows) == sorted(choices.values)
    for value, (_, zh, en) in rows.items():
        assert CJK.search(zh), f"{choices.__name__}.{value}: no Chinese label"
        assert LATIN.search(en), f"{choices.__name__}.{value}: no English label"


def test_every_glossary_term_is_given_in_chinese_and_in_english():
    terms = [
        row
        for title, body in _glossary_sections().items()
        if title.startswith("## ") and title != "## Code values"
        for row in _rows(body)
    ]
    assert len(terms) > 50
    missing = [row[0] or row[1] for row in terms
               if not CJK.search(row[0]) or not LATIN.search(row[1])]  # fmt: skip
    assert missing == []
