"""The municipality's logo: checked by content (not by name or declared type), stored, served publicly."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

MAX_BYTES = 1024 * 1024
MAX_SIDE = 4000
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}  # no SVG: it can carry scripts


class LogoError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_logo(upload: Any) -> str:
    """The upload's content type when it is a real PNG, JPEG or WebP image within the limits; LogoError otherwise."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > MAX_BYTES:
        raise LogoError(_("The logo is larger than 1 MB."))
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format or ""
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise LogoError(_("The logo must be a PNG, JPEG or WebP image.")) from None
    finally:
        upload.seek(0)
    if kind not in FORMATS:
        raise LogoError(_("The logo must be a PNG, JPEG or WebP image."))
    if width > MAX_SIDE or height > MAX_SIDE:
        raise LogoError(_("The logo is too large: at most 4000 × 4000 pixels."))
    return FORMATS[kind]


def save_logo(municipality: Any, upload: Any) -> Any:
    from sportello.firstrun.models import MunicipalityLogo

    extension = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}[upload.checked_content_type]
    logo = MunicipalityLogo(municipality=municipality, content_type=upload.checked_content_type)
    logo.image.save(f"{municipality.slug}.{extension}", upload, save=False)
    logo.save()
    return logo
