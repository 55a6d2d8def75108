"""The case input, declared once: the registration page (``forms.CaseForm``), the API
(``api.CaseCreateSerializer``, ``api.CaseUpdateSerializer``), the import and
``validation.clean_case`` all read it. Limits and choices are the model's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from ipoffice.cases.models import Case, Party
from ipoffice.common.inputs import Declaration, InputField, Kind


def _party(
    role: str,
    kind_label: StrOrPromise,
    label: StrOrPromise,
    id_label: StrOrPromise,
    *,
    required: bool = False,
) -> tuple[InputField, ...]:
    return (
        InputField(f"{role}_kind", Kind.CHOICE, Party, "kind", label=kind_label),
        InputField(f"{role}_name", Kind.TEXT, Party, "name", required=required, label=label),
        # Checked and normalised by validation.party_id_clean; the column holds the result.
        InputField(f"{role}_id", Kind.CODE, Party, "id_number", label=id_label),
    )


# What an officer registers a case with, on the page and through the API, in page order.
REGISTRATION = (
    InputField("case_type", Kind.CHOICE, Case, required=True),
    InputField("dispute_subtype", Kind.CHOICE, Case),
    InputField("source", Kind.CHOICE, Case, required=True),
    InputField("filed_on", Kind.DATE, Case, required=True),
    InputField("title", Kind.TEXT, Case),
    # Named by its name (Chinese or English): a campaign the case's office takes part in.
    InputField("campaign", Kind.TEXT, Case, max_length=100),
    InputField("industry", Kind.CHOICE, Case),
    InputField("e_commerce", Kind.FLAG, Case),
    InputField("foreign_related", Kind.FLAG, Case),
    # Each is checked and normalised by clean_case.
    InputField(
        "patent_numbers",
        Kind.LIST,
        label=_("patent numbers"),
        help_text=_("Separate several with ;"),
    ),
    *_party(
        "requester",
        _("requester is"),
        _("requester"),
        _("requester's credit code or ID number"),
    ),
    *_party(
        "respondent",
        _("respondent is"),
        _("respondent"),
        _("respondent's credit code or ID number"),
        required=True,
    ),
    InputField("illegal_gains", Kind.AMOUNT, Case),
    InputField("description", Kind.TEXT, Case, max_length=5000),  # a TextField column
)

# Legacy files only (the import): a registered case starts as received, without them.
LEGACY_ONLY = (
    InputField("accepted_on", Kind.DATE, Case),
    InputField("closed_on", Kind.DATE, Case),
    InputField("outcome", Kind.CHOICE, Case),
    InputField("fine_amount", Kind.AMOUNT, Case),
    InputField("requester_address", Kind.TEXT, Party, "address"),
    InputField("requester_contact", Kind.TEXT, Party, "contact"),
    InputField("respondent_address", Kind.TEXT, Party, "address"),
    InputField("respondent_contact", Kind.TEXT, Party, "contact"),
)

CASE_INPUT = Declaration(*REGISTRATION, *LEGACY_ONLY)
