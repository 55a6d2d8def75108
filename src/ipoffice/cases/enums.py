"""The cases app's enumerations: a leaf module, so that any layer may name their values."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseType(models.TextChoices):
    INFRINGEMENT_DISPUTE = "infringement_dispute", _("Patent infringement dispute")
    OTHER_DISPUTE = "other_dispute", _("Other patent dispute (mediation)")
    PASSING_OFF = "passing_off", _("Passing off patents")


class DisputeSubtype(models.TextChoices):
    OWNERSHIP = "ownership", _("Ownership of the application or patent")
    INVENTORSHIP = "inventorship", _("Inventor or designer status")
    REMUNERATION = "remuneration", _("Service-invention reward or remuneration")
    PROVISIONAL_PROTECTION_FEE = (
        "provisional_protection_fee",
        _("Fee for use between publication and grant"),
    )
    OTHER = "other", _("Other")


class CaseSource(models.TextChoices):
    COMPLAINT = "complaint", _("Request or complaint")
    REPORT = "report", _("Report")
    REFERRAL = "referral", _("Referral from another authority")
    EX_OFFICIO = "ex_officio", _("Ex officio inspection")
    E_COMMERCE = "e_commerce", _("E-commerce platform")
    EXHIBITION = "exhibition", _("Exhibition")


class Industry(models.TextChoices):
    LIVELIHOOD = "livelihood", _("Livelihood")
    MAJOR_PROJECTS = "major_projects", _("Major projects")
    SPECIALIZED_MARKETS = "specialized_markets", _("Specialized markets")
    EXHIBITIONS = "exhibitions", _("Exhibitions")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    INVESTIGATION = "investigation", _("Investigation")
    MEDIATION = "mediation", _("Mediation")
    CONCLUDED = "concluded", _("Concluded")
    DECISION_PUBLISHED = "decision_published", _("Decision published")
    CLOSED = "closed", _("Closed")


# Being handled: accepted and not yet concluded. Steps of investigation and mediation are
# recorded, the decision can be taken, the conclusion time limit runs.
HANDLING_CASE_STATUSES = (CaseStatus.ACCEPTED, CaseStatus.INVESTIGATION, CaseStatus.MEDIATION)
# Open: received and not yet refused, or being handled.
OPEN_CASE_STATUSES = (CaseStatus.RECEIVED, *HANDLING_CASE_STATUSES)


class Outcome(models.TextChoices):
    MEDIATED = "mediated", _("Mediation agreement")
    INFRINGEMENT_FOUND = "infringement_found", _("Infringement found, ordered to stop")
    NO_INFRINGEMENT = "no_infringement", _("No infringement")
    PENALTY_IMPOSED = "penalty_imposed", _("Penalty decision")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DISMISSED = "dismissed", _("Dismissed")
    TRANSFERRED = "transferred", _("Transferred")


class TransferAuthority(models.TextChoices):
    """Authorities outside the patent offices a case may be transferred to."""

    MARKET_REGULATION = "market_regulation", _("Market regulation authority")
    PUBLIC_SECURITY = "public_security", _("Public security authority")
    COURT = "court", _("People's court")
    CUSTOMS = "customs", _("Customs")
    OTHER = "other", _("Other authority")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class PartyRole(models.TextChoices):
    REQUESTER = "requester", _("Requester")
    RESPONDENT = "respondent", _("Respondent")


class PartyKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    INDIVIDUAL = "individual", _("Individual")


class AttachmentKind(models.TextChoices):
    EVIDENCE = "evidence", _("Evidence")
    RECORD = "record", _("Record (笔录)")
    DECISION = "decision", _("Decision")
    OTHER = "other", _("Other")


# Value groups the rules share (one definition each).
DISPUTES = frozenset({CaseType.INFRINGEMENT_DISPUTE, CaseType.OTHER_DISPUTE})
# Decisions that must be made public (2015 Measures): the order to stop, and penalties.
PUBLISHED_OUTCOMES = frozenset({Outcome.INFRINGEMENT_FOUND, Outcome.PENALTY_IMPOSED})
# Which outcomes each concluding transition may record, per case type.
OUTCOMES: dict[str, dict[str, tuple[str, ...]]] = {
    "decide": {
        CaseType.INFRINGEMENT_DISPUTE: (
            Outcome.INFRINGEMENT_FOUND,
            Outcome.NO_INFRINGEMENT,
            Outcome.DISMISSED,
        ),
        CaseType.OTHER_DISPUTE: (Outcome.DISMISSED,),
        CaseType.PASSING_OFF: (Outcome.PENALTY_IMPOSED, Outcome.DISMISSED),
    },
    "settle": dict.fromkeys(DISPUTES, (Outcome.MEDIATED,)),
    "withdraw": dict.fromkeys(DISPUTES, (Outcome.WITHDRAWN,)),
    "transfer": dict.fromkeys(CaseType.values, (Outcome.TRANSFERRED,)),
}


# -- the mechanisms of 2013: fast mediation, consultation and suspension, e-business ----


class Performance(models.TextChoices):
    """Whether the parties did what a mediation agreement says."""

    PERFORMED = "performed", _("Performed")
    PARTLY = "partly", _("Partly performed")
    NOT_PERFORMED = "not_performed", _("Not performed")


class SuspensionStatus(models.TextChoices):
    IN_EFFECT = "in_effect", _("In effect")
    RESUMED = "resumed", _("Resumed")


class SuspensionGround(models.TextChoices):
    """Why the handling of a case is suspended (中止), or its time otherwise not counted."""

    INVALIDATION = "invalidation", _("A request to invalidate the patent is pending")
    EVALUATION_REPORT = "evaluation_report", _("Waiting for a patent right evaluation report")
    OWNERSHIP = "ownership", _("Ownership of the patent is in dispute")
    COURT = "court", _("A related case is before a court")
    PARTY = "party", _("A party's successor is not yet known")
    ANNOUNCEMENT = "announcement", _("Documents served by public announcement")
    OTHER = "other", _("Other ground")


class ConsultationStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the opinion")
    ANSWERED = "answered", _("Opinion received")


class ConsultationKind(models.TextChoices):
    EXPERT_OPINION = "expert_opinion", _("Expert opinion")
    TECHNICAL_APPRAISAL = "technical_appraisal", _("Technical appraisal")


class TakedownStatus(models.TextChoices):
    SENT = "sent", _("Sent, waiting for the platform")
    ANSWERED = "answered", _("Answered by the platform")


class TakedownAnswer(models.TextChoices):
    REMOVED = "removed", _("Listings removed")
    PARTLY_REMOVED = "partly_removed", _("Some listings removed")
    REFUSED = "refused", _("Refused to take them down")
