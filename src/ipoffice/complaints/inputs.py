"""The complaint input, declared once: the public and agents' pages (``forms``), the API
(``serializers``) and ``intake.clean_complaint`` all read it. Limits and choices are the
model's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ipoffice.common.inputs import Declaration, InputField, Kind
from ipoffice.complaints.models import Complainant, Complaint

CONTACT_HELP = _("Unless anonymous, a telephone number or an e-mail address is required.")

COMPLAINT_INPUT = Declaration(
    InputField("kind", Kind.CHOICE, Complaint, required=True, label=_("What are you filing?")),
    InputField("subject", Kind.TEXT, Complaint, required=True, label=_("Subject")),
    InputField(
        "description",
        Kind.TEXT,
        Complaint,
        required=True,
        label=_("What happened"),
        max_length=5000,  # the column is a TextField: a limit of what we take in
        widget=forms.Textarea(attrs={"rows": 5}),
    ),
    InputField(
        "province_code",
        Kind.CODE,
        Complaint,
        required=True,
        label=_("Province where it happened"),
        widget=forms.Select,  # its offices filled in by forms.SubmitForm; intake checks the code
    ),
    InputField("city_code", Kind.CODE, Complaint, label=_("City"), widget=forms.Select),
    InputField(
        "patent_numbers",
        Kind.LIST,
        label=_("Patent numbers"),
        help_text=_("e.g. ZL201310123456.2; separate several with ;"),
    ),
    InputField("respondent_name", Kind.TEXT, Complaint, label=_("Who infringes (name)")),
    # A credit code, checked and normalised by intake.
    InputField(
        "respondent_code",
        Kind.CODE,
        Complaint,
        label=_("Their unified social credit code, if known"),
    ),
    InputField(
        "listing_urls",
        Kind.LIST,
        Complaint,
        label=_("Online listing addresses"),
        help_text=_(
            "One per line. Required for a takedown request: the web addresses of the listings."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    ),
    InputField(
        "anonymous",
        Kind.FLAG,
        Complaint,
        label=_("File anonymously (reports of passing off only)"),
        help_text=_(
            "Only a report of passing off may be anonymous; then name, phone and e-mail "
            "are not required and not kept."
        ),
    ),
    # Required unless anonymous (intake): the rule spans fields, so it is stated here and
    # checked by clean_complaint.
    InputField(
        "name",
        Kind.TEXT,
        Complainant,
        label=_("Your name"),
        help_text=_("Required unless anonymous."),
    ),
    InputField(
        "phone",
        Kind.TEXT,
        Complainant,
        label=_("Telephone"),
        help_text=CONTACT_HELP,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    ),
    InputField(
        "email",
        Kind.TEXT,
        Complainant,
        label=_("E-mail"),
        help_text=CONTACT_HELP,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    ),
    InputField("address", Kind.TEXT, Complainant, label=_("Address")),
    # How we tell the complainant of each step (complaints.notifications): the channels
    # they tick (each needs its address) and the language; left empty, the language of
    # the page or request they filed in.
    InputField(
        "notify_sms",
        Kind.FLAG,
        Complainant,
        label=_("Tell me by SMS"),
        help_text=_("To the mobile number above: receipt, transfer, result."),
    ),
    InputField(
        "notify_email",
        Kind.FLAG,
        Complainant,
        label=_("Tell me by e-mail"),
        help_text=_("To the e-mail address above: receipt, transfer, result."),
    ),
    InputField(
        "language",
        Kind.CHOICE,
        Complainant,
        label=_("Language of our messages"),
        widget=forms.Select,
    ),
)
