"""What files people may send us: known document and image types, judged by their bytes,
limited in number and size, and in total bytes per address per day.

The type is sniffed from the content (``filetype``) and must be the one the extension
names; a file whose first bytes a browser could take for a page (HTML, SVG, script) is
refused whatever it claims to be, as are executables and Office files with macros. The
name is normalised (NFKC, no folders, no control characters) and shortened to
``NAME_MAX`` characters keeping its extension. See docs/security.md#uploads.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from datetime import date

import filetype  # type: ignore[import-untyped]  # ships no type information
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
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
# What the sniffer must find for each type: its MIME type, or for OFD (a zip holding
# OFD.xml) a zip; a text file has no signature at all.
_SNIFFED = {
    ".pdf": {"application/pdf"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".png": {"image/png"},
    ".ofd": {"application/zip"},
    ".docx": {UPLOAD_TYPES[".docx"]},
    ".xlsx": {UPLOAD_TYPES[".xlsx"]},
}
# The part a zip-based document must contain (the sniffer reads only the first entries).
_ZIP_PART = {".ofd": "OFD.xml", ".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
# Browsers sniff the first bytes for markup; any of these there is active content.
_ACTIVE = re.compile(
    rb"<\s*(html|head|body|script|svg|iframe|object|embed|meta|link|style|img|a\s|\?php|!doctype)"
    rb"|javascript:",
    re.IGNORECASE,
)
SNIFF_BYTES = 4096
NAME_MAX = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _refuse(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, field=field)


def upload_name(name: str | None) -> str:
    """The name to keep: NFKC, the last part of any path, no control characters, at most
    NAME_MAX characters with the extension kept."""
    text = unicodedata.normalize("NFKC", name or "")
    text = re.split(r"[/\\]", text)[-1]
    text = _CONTROL.sub("", text).strip().lstrip(".").strip() or "file"
    stem, dot, extension = text.rpartition(".")
    if not dot:
        stem, extension = text, ""
    extension = f".{extension}" if dot else ""
    if len(extension) > 10:  # not an extension we accept anyway; keep the start of it
        stem, extension = text, ""
    return (stem[: NAME_MAX - len(extension)].rstrip() or "file") + extension


def _extension(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _head(upload: UploadedFile) -> bytes:
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return head


def _zip_names(upload: UploadedFile) -> set[str]:
    try:
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return set()
    finally:
        upload.seek(0)


def _is_text(upload: UploadedFile) -> bool:
    """Plain text in UTF-8 (UTF-16 with its mark) or GB 18030, without control characters
    other than tab and line breaks. The head may end inside a character: decoded as a
    stream, not final."""
    data = _head(upload)
    encodings = ["utf-16"] if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else []
    for encoding in [*encodings, "utf-8-sig", "gb18030"]:
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(data, final=False)
        except UnicodeDecodeError:
            continue
        return _TEXT_CONTROL.search(text) is None
    return False


def check_upload(upload: UploadedFile, *, field: str = "file", max_bytes: int | None = None) -> str:
    """The content type to store (as sniffed), or an ApplicationError naming the field and
    the reason."""
    limit = max_bytes or settings.IPOFFICE_UPLOAD_MAX_BYTES
    extension = _extension(upload_name(upload.name))
    if extension not in UPLOAD_TYPES:
        raise _refuse(
            _("Files of type %(ext)s are not accepted; use %(allowed)s.")
            % {"ext": extension or "?", "allowed": ", ".join(UPLOAD_TYPES)},
            field,
        )
    if (upload.size or 0) > limit:
        raise _refuse(_("A file may be at most %(mb)s MB.") % {"mb": limit // 1024 // 1024}, field)
    head = _head(upload)
    not_what_it_says = _("The content of %(name)s is not a %(ext)s file.") % {
        "name": upload_name(upload.name),
        "ext": extension,
    }
    if _ACTIVE.search(head):
        raise _refuse(not_what_it_says, field)
    kind = filetype.guess(head)
    if extension == ".txt":
        if kind is not None or not _is_text(upload):
            raise _refuse(not_what_it_says, field)
        return UPLOAD_TYPES[extension]
    if kind is None or kind.mime not in _SNIFFED[extension]:
        raise _refuse(not_what_it_says, field)
    if extension in _ZIP_PART:
        names = _zip_names(upload)
        if _ZIP_PART[extension] not in names:
            raise _refuse(not_what_it_says, field)
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            raise _refuse(_("Office files with macros are not accepted."), field)
    return UPLOAD_TYPES[extension]


def check_upload_count(files: list[UploadedFile], *, field: str = "files") -> None:
    limit = settings.IPOFFICE_UPLOAD_MAX_FILES
    if len(files) > limit:
        raise _refuse(_("Attach at most %(n)s files.") % {"n": limit}, field)


# -- bytes per address per day, in the shared cache -------------------------------------------


def _quota_key(ident: str, day: date) -> str:
    return f"upload_bytes_{day.isoformat()}_{ident}"


def upload_quota_check(ident: str, files: Iterable[UploadedFile], *, field: str = "files") -> int:
    """The bytes these files add for ``ident`` today; refused when that passes the daily
    limit (IPOFFICE_UPLOAD_DAILY_BYTES)."""
    adding = sum(upload.size or 0 for upload in files)
    if not adding:
        return 0
    used = cache.get(_quota_key(ident, timezone.localdate()), 0)
    limit = settings.IPOFFICE_UPLOAD_DAILY_BYTES
    if used + adding > limit:
        raise _refuse(
            _("Today's limit for files from your address (%(size)s) is reached.")
            % {"size": filesizeformat(limit)},
            field,
        )
    return adding


def upload_quota_take(ident: str, size: int) -> None:
    """Count ``size`` bytes for ``ident`` today (after the files were stored)."""
    if not size:
        return
    key = _quota_key(ident, timezone.localdate())
    cache.add(key, 0, timeout=24 * 3600)
    try:
        cache.incr(key, size)
    except ValueError:  # expired between add and incr
        cache.set(key, size, timeout=24 * 3600)
