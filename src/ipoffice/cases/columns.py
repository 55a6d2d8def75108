"""The legacy import and export columns (kept free of Django imports: the benchmark uses it)."""

COLUMNS = [
    "case_number",
    "office_code",
    "case_type",
    "dispute_subtype",
    "source",
    "campaign",
    "industry",
    "e_commerce",
    "filed_on",
    "accepted_on",
    "closed_on",
    "outcome",
    "fine_amount",
    "patent_numbers",
    "requester_name",
    "requester_id",
    "respondent_name",
    "respondent_id",
]
