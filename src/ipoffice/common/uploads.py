"""What files people may send us: known document and image types, limited in size."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from ipoffice.common.errors import ApplicationError

UPLOAD_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".ofd": "application/ofd",
    ".txt": "text/plain",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
UPLOAD_MAX_BYTES = 20 * 1024 * 1024


def check_upload(upload: UploadedFile, *, field: str = "file", max_bytes: int | None = None) -> str:
    """The content type to store, or an ApplicationError naming the field and the reason."""
    limit = max_bytes or UPLOAD_MAX_BYTES
    name = upload.name or ""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in UPLOAD_TYPES:
        raise ApplicationError(
            _("Files of type %(ext)s are not accepted; use %(allowed)s.")
            % {"ext": extension or "?", "allowed": ", ".join(UPLOAD_TYPES)},
            field=field,
        )
    if (upload.size or 0) > limit:
        raise ApplicationError(
            _("A file may be at most %(mb)s MB.") % {"mb": limit // 1024 // 1024}, field=field
        )
    return UPLOAD_TYPES[extension]
