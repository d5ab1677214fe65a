import io

import pytest
from PIL import Image

from rollcall.sources import files, photos
from tests import factories as make


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_the_public_copy_has_no_gps_or_camera(fmt):
    original = make.photo(fmt)
    assert b"Canon" in original and Image.open(io.BytesIO(original)).getexif().get(0x8825)
    copy = photos.strip_metadata(original)
    image = Image.open(io.BytesIO(copy))
    assert image.format == fmt and image.size == (40, 30)
    assert dict(image.getexif()) == {}
    assert b"Canon" not in copy and b"EOS 5D" not in copy and b"SERIAL-0423" not in copy
    assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)


def test_the_pixels_survive_and_the_orientation_is_applied():
    copy = Image.open(io.BytesIO(photos.strip_metadata(make.photo("PNG", size=(40, 30), orientation=6))))
    assert copy.size == (30, 40)  # turned upright, as a viewer would have shown it
    plain = Image.open(io.BytesIO(photos.strip_metadata(make.photo("PNG", size=(40, 30)))))
    assert plain.getpixel((1, 1)) == (20, 20, 220) and plain.getpixel((39, 29)) == (200, 30, 30)


def test_an_animated_gif_keeps_its_frames():
    frames = [Image.new("RGB", (8, 8), colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], comment=b"taken at home")
    copy = photos.strip_metadata(out.getvalue())
    assert Image.open(io.BytesIO(copy)).n_frames == 3 and b"taken at home" not in copy


@pytest.mark.parametrize("data, why", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not a readable image"),
    (make.photo("JPEG")[:200], "not a readable image"),
    (b"MZ\x90\x00 a program", "not a readable image"),
])
def test_what_does_not_decode_is_not_a_photo(data, why):
    with pytest.raises(photos.NotAPhoto, match=why):
        photos.check(data)


def test_a_decompression_bomb_is_refused_before_decoding():
    out = io.BytesIO()
    Image.new("1", (10_000, 9_000)).save(out, format="PNG")
    with pytest.raises(photos.NotAPhoto, match="more pixels than a photo may have"):
        photos.check(out.getvalue())


def test_check_names_the_real_format():
    assert photos.check(make.photo("WEBP")) == "image/webp"


def test_the_public_copy_is_made_once_and_the_original_is_untouched(settings):
    original = make.photo("JPEG")
    digest = files.store(original)
    first = photos.public_copy(digest)
    cached = list((settings.DATA_DIR / "cache" / "public-photos").rglob(digest))
    assert len(cached) == 1 and cached[0].read_bytes() == first
    assert photos.public_copy(digest) == first
    assert files.read(digest) == original
