"""The one rule for a photo someone uploads (a testimonial's today, a housing
offer's tomorrow): judged by its content, never by its name or its declared
type; bounded in bytes and in pixels; re-encoded, which drops every
metadata block (EXIF with its GPS position, XMP, comments); stored through
Django's storage API under a name the server chooses.

A failure raises django.core.exceptions.ValidationError with a French
message a form shows as it is.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# What a phone's camera gives, and no more: the bytes read before Pillow is
# even asked, and the pixels it may decode (a small file can declare a huge
# image: a decompression bomb).
MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
MIN_SIDE = 200
# What is kept: enough for a page on a large screen.
STORED_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
FORMATS_SAID = "JPEG, PNG ou WebP"


def image_clean(uploaded, *, max_bytes=MAX_BYTES, max_side=STORED_SIDE):
    """The uploaded image, checked and re-encoded as a JPEG without metadata:
    a ContentFile. Raises ValidationError when it is not an image we take."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("Cette image pèse plus de %(limit)s Mo : réduisez-la avant de l'envoyer."),
            params={"limit": max_bytes // (1024 * 1024)}, code="image_too_large",
        )
    uploaded.seek(0)
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("Cette image pèse plus de %(limit)s Mo : réduisez-la avant de l'envoyer."),
            params={"limit": max_bytes // (1024 * 1024)}, code="image_too_large",
        )
    not_an_image = ValidationError(
        _("Ce fichier n'est pas une image lisible au format %(formats)s."), params={"formats": FORMATS_SAID},
        code="image_invalid",
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()  # the whole structure, before any pixel is decoded
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    if kind not in ACCEPTED_FORMATS:
        raise not_an_image
    if width * height > MAX_PIXELS:
        raise ValidationError(_("Cette image est trop grande (plus de 40 millions de pixels)."),
                              code="image_too_many_pixels")
    if min(width, height) < MIN_SIDE:
        raise ValidationError(
            _("Cette image est trop petite : au moins %(side)s pixels de côté."), params={"side": MIN_SIDE},
            code="image_too_small",
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)  # upright as taken, before its EXIF goes
            if image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, "white")
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            image = image.convert("RGB")
            image.thumbnail((max_side, max_side))
            out = io.BytesIO()
            # Saved without exif=, icc_profile= or comment=: nothing of the original's metadata.
            image.save(out, "JPEG", quality=85, optimize=True)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    return ContentFile(out.getvalue())


def image_store(content, *, folder):
    """Save a cleaned image (image_clean's result) under a name of our own; its storage name."""
    return default_storage.save(f"{folder}/{uuid.uuid4().hex}.jpg", content)


def image_delete(name):
    if name:
        default_storage.delete(name)


def image_response(name):
    """A stored image (image_store's name) as a response; Http404 when there is
    none or its file is gone. The caller decides who may see it and for how long
    a cache may keep it."""
    if not name:
        raise Http404("no such image")
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404("no such image") from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return response
