"""Reference offices shipped with ipoffice (data/offices.csv, GB/T 2260 codes).

Loaded by a data migration so every fresh database has the hierarchy; running it
again adds what is missing and leaves offices an administrator created alone.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).with_name("data") / "offices.csv"


def reference_rows() -> Iterator[dict[str, str]]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def reference_offices_load(office_model: Any) -> int:
    """Insert the reference offices missing from the table (parents first). Returns how many."""
    by_code = {office.code: office for office in office_model.objects.all()}
    created = 0
    for row in reference_rows():  # the file lists parents before children
        if row["code"] in by_code:
            continue
        parent = by_code[row["parent_code"]] if row["parent_code"] else None
        path = f"{parent.path if parent else ''}{row['code']}/"
        office = office_model.objects.create(
            code=row["code"],
            parent=parent,
            level=row["level"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            path=path,
        )
        by_code[office.code] = office
        created += 1
    return created
