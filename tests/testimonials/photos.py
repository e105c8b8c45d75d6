"""Images made on the spot for the tests (never a file on disk)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def photo(fmt="PNG", size=(400, 300), *, exif_gps=False, name="portrait.png"):
    image = Image.new("RGB", size, (180, 90, 40))
    out = io.BytesIO()
    options = {}
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "Appareil de Léa"  # Make
        exif[0x8825] = {2: (44.0, 36.0, 31.0)}  # GPSInfo: latitude
        options["exif"] = exif
    image.save(out, fmt, **options)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")
