"""The PDFs' font: one Chinese TrueType font, embedded as a subset (ADR 0022), for the
annual report and the printable case documents alike."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from ipoffice.common.errors import ApplicationError

# TrueType fonts with the Chinese characters (Debian's fonts-wqy-microhei first), tried in
# turn unless IPOFFICE_PDF_FONT names one. OpenType fonts with PostScript outlines (Noto
# Sans CJK .otf) cannot be embedded by ReportLab.
PDF_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
)
PDF_FONT_NAME = "ipoffice-cjk"


class FontMissing(ApplicationError):
    """No font for the PDF: an installation problem, said as such."""

    status = 503


def pdf_font() -> str:
    """Registers the PDF's font once and gives its name. ReportLab embeds the subset of a
    TrueType font that the document uses, so every viewer draws the same glyphs."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if PDF_FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(PDF_FONT_NAME, str(pdf_font_file()), subfontIndex=0))
    return PDF_FONT_NAME


def pdf_font_file() -> Path:
    configured = getattr(settings, "IPOFFICE_PDF_FONT", None)
    candidates = [Path(configured)] if configured else list(PDF_FONTS)
    found = next((p for p in candidates if p.is_file()), None)
    if found is None:
        raise FontMissing(
            _(
                "The PDF needs a Chinese TrueType font: install the package fonts-wqy-microhei "
                "(make fonts) or set IPOFFICE_PDF_FONT to a .ttf or .ttc file."
            )
        )
    return found
