"""Filing a complaint from any channel: checks, routing, the tracking number and code."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipoffice.common.counting import counted_save
from ipoffice.common.errors import ApplicationError, InvalidInput, PermissionDeniedError
from ipoffice.common.history import history_append
from ipoffice.common.scoping import user_office
from ipoffice.common.uploads import check_upload, check_upload_count, upload_name
from ipoffice.complaints.deadlines import complaint_due_on
from ipoffice.complaints.enums import Channel, Message, Routing
from ipoffice.complaints.intake import (
    CHANNELS_FOR_AGENTS,
    ComplaintInput,
    clean_complaint,
    code_hash,
    new_secret,
    route,
)
from ipoffice.complaints.models import (
    Complainant,
    Complaint,
    ComplaintAttachment,
    ComplaintPatent,
    Platform,
)
from ipoffice.complaints.notifications import complaint_tell
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.offices.models import ASSISTANCE_LEVELS, Office


@transaction.atomic
def complaint_submit(
    *,
    channel: str,
    data: dict[str, Any],
    actor: Any = None,
    platform: Platform | None = None,
    files: Iterable[UploadedFile] = (),
    received_on: date | None = None,
) -> tuple[Complaint, str]:
    """File a complaint from any channel. Returns it with its verification code, which is
    shown once and kept only as a hash."""
    files = list(files)
    cleaned = _checked(channel=channel, data=data, actor=actor, files=files)
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), field="received_on")
    center, why = _routed(actor, cleaned)
    code = new_secret(8)
    complaint = _complaint(cleaned, channel, center, why, platform, received_on)
    complaint.code_hash = code_hash(code)
    if actor is not None and user_office(actor) == center:
        complaint.handler = actor  # the agent who records it handles it
    _save_with_tracking_number(complaint)
    _details(complaint, cleaned, files)
    history_append(
        complaint,
        actor=actor,
        action="submit",
        on=received_on,
        public=True,
        from_status="",
        changes={"channel": [None, channel], "center": [None, center.code]},
    )
    complaint_tell(complaint, Message.RECEIPT)
    return complaint, code


def _checked(
    *, channel: str, data: dict[str, Any], actor: Any, files: list[UploadedFile]
) -> ComplaintInput:
    if channel not in Channel.values:
        raise ApplicationError(_("Unknown channel."), field="channel")
    if actor is not None and not actor.has_perm("complaints.add_complaint"):
        raise PermissionDeniedError(_("You may not take complaints."))
    cleaned = clean_complaint(data)
    if isinstance(cleaned, dict):
        raise InvalidInput(cleaned)
    check_upload_count(files, field="files")
    for upload in files:
        check_upload(upload, field="files")
    if actor is not None and channel not in CHANNELS_FOR_AGENTS:
        raise ApplicationError(
            _("Agents record telephone, walk-in, letter, e-mail and work station complaints."),
            field="channel",
        )
    return cleaned


def _routed(actor: Any, cleaned: ComplaintInput) -> tuple[Office, Routing]:
    own = user_office(actor) if actor is not None else None
    if own is not None and own.level in ASSISTANCE_LEVELS:
        return own, Routing.RECORDED_HERE  # a walk-in stays where it walked in
    return route(cleaned.province_code, cleaned.city_code)


def _complaint(
    cleaned: ComplaintInput,
    channel: str,
    center: Office,
    why: str,
    platform: Platform | None,
    received_on: date,
) -> Complaint:
    complaint = Complaint(
        kind=cleaned.kind,
        channel=channel,
        center=center,
        routing_note=why,
        subject=cleaned.subject,
        description=cleaned.description,
        province_code=cleaned.province_code,
        city_code=cleaned.city_code,
        respondent_name=cleaned.respondent_name,
        respondent_code=cleaned.respondent_code,
        listing_urls=cleaned.listing_urls,
        anonymous=cleaned.anonymous,
        platform=platform,
        received_on=received_on,
    )
    complaint.due_on = complaint.review_due_on = complaint_due_on(
        complaint, WorkingCalendar.from_db()
    )
    return complaint


def _save_with_tracking_number(complaint: Complaint) -> None:
    for _attempt in range(5):  # a clash of random tracking numbers is rare; try another
        complaint.tracking_number = f"{complaint.received_on:%Y%m%d}-{new_secret(6)}"
        try:
            with transaction.atomic():
                counted_save(complaint)
            return
        except IntegrityError:
            complaint.pk = None
    raise ApplicationError(_("Please submit again."))


def _details(complaint: Complaint, cleaned: ComplaintInput, files: list[UploadedFile]) -> None:
    """The complainant (kept apart, for masking), the patents and the files."""
    Complainant.objects.create(
        complaint=complaint,
        name=cleaned.name,
        phone=cleaned.phone,
        email=cleaned.email,
        address=cleaned.address,
        language=cleaned.language,
        notify_sms=cleaned.notify_sms,
        notify_email=cleaned.notify_email,
    )
    ComplaintPatent.objects.bulk_create(
        [
            ComplaintPatent(
                complaint=complaint, application_number=p.canonical, patent_type=p.patent_type
            )
            for p in cleaned.patents
        ]
    )
    for upload in files:
        _attach(complaint, upload)


def _attach(complaint: Complaint, upload: UploadedFile) -> ComplaintAttachment:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    name = upload_name(upload.name)
    attachment = ComplaintAttachment(
        complaint=complaint,
        original_name=name,
        content_type=check_upload(upload, field="files"),
        size=upload.size or 0,
        sha256=digest.hexdigest(),
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment
