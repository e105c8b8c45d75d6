"""The one rule for an uploaded photo (crm/images.py): judged by its content,
bounded, re-encoded without its metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from crm.images import image_clean
from tests.testimonials.photos import photo


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_photo_is_reencoded_as_a_jpeg_without_its_metadata(fmt):
    cleaned = image_clean(photo(fmt, exif_gps=True))

    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert image.format == "JPEG"
        assert image.size == (400, 300)
        assert not image.getexif()
        assert "exif" not in image.info and "comment" not in image.info


def test_a_large_photo_is_reduced():
    with Image.open(io.BytesIO(image_clean(photo(size=(3200, 1000))).read())) as image:
        assert max(image.size) == 1600


NOT_READABLE = "Ce fichier n'est pas une image lisible au format JPEG, PNG ou WebP."
REFUSED = [
    (SimpleUploadedFile("photo.jpg", b"<html>pas une image</html>", content_type="image/jpeg"), NOT_READABLE),
    (photo("GIF", name="anime.gif"), NOT_READABLE),
    (photo("BMP", name="photo.png"), NOT_READABLE),
    (photo(size=(120, 90)), "Cette image est trop petite : au moins 200 pixels de côté."),
    (SimpleUploadedFile("lourde.png", b"0" * (8 * 1024 * 1024 + 1), content_type="image/png"),
     "Cette image pèse plus de 8 Mo : réduisez-la avant de l'envoyer."),
]


@pytest.mark.parametrize(("upload", "message"), REFUSED)
def test_what_is_not_a_photo_we_take_is_refused_in_french(upload, message):
    with pytest.raises(ValidationError) as refused:
        image_clean(upload)
    assert refused.value.messages == [message]


def test_an_image_declaring_too_many_pixels_is_refused_before_it_is_decoded():
    out = io.BytesIO()
    Image.new("1", (9000, 9000)).save(out, "PNG")  # a few kilobytes, 81 million pixels
    with pytest.raises(ValidationError) as refused:
        image_clean(SimpleUploadedFile("bombe.png", out.getvalue()))
    assert refused.value.code == "image_too_many_pixels"
