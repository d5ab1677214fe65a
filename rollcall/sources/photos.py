"""Public copies of photos: the pixels only, without GPS, camera or editing metadata.

A photo's original bytes stay in the content-addressed store unchanged, as evidence. What is
shown or handed out is a copy re-encoded from the pixels alone: EXIF (GPS position, camera
make, model and serial number, time taken), XMP, IPTC, comments and colour profiles are not
carried over. The EXIF orientation is applied to the pixels first, so the copy looks the same.
Copies are kept under <data>/cache/public-photos/, named by the original's SHA-256; they can be
deleted at any time and are not part of backups.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import warnings
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from rollcall.sources import files

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
MAX_PIXELS = 80_000_000  # a decompression bomb is refused, not decoded


class NotAPhoto(ValueError):
    pass


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise NotAPhoto(f"{image.width}×{image.height}: more pixels than a photo may have")
        if image.format not in FORMATS:
            raise NotAPhoto(f"{image.format} images are not accepted (JPEG, PNG, WebP, GIF)")
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise NotAPhoto(f"not a readable image: {error}") from None
    except Image.DecompressionBombWarning:
        raise NotAPhoto("more pixels than a photo may have") from None
    return image


def check(data: bytes) -> str:
    """The media type of a photo that decodes completely; NotAPhoto otherwise."""
    return FORMATS[_open(data).format]


def strip_metadata(data: bytes) -> bytes:
    """The photo re-encoded from its pixels alone, in its own format."""
    image = _open(data)
    fmt = image.format
    frames = getattr(image, "n_frames", 1)
    if fmt == "GIF" and frames > 1:
        durations, pixels = [], []
        for frame in ImageSequence.Iterator(image):
            durations.append(frame.info.get("duration", 100))
            rgba = frame.convert("RGBA")
            pixels.append(Image.frombytes("RGBA", rgba.size, rgba.tobytes()))
        out = io.BytesIO()
        pixels[0].save(out, format="GIF", save_all=True, append_images=pixels[1:], loop=0, duration=durations)
        return out.getvalue()
    upright = ImageOps.exif_transpose(image)
    # A new image from the raw pixels carries none of the original's info or EXIF.
    clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    if upright.mode in ("P", "PA"):
        clean.putpalette(upright.getpalette())
    if "transparency" in upright.info and fmt in ("PNG", "GIF"):
        clean.info["transparency"] = upright.info["transparency"]
    out = io.BytesIO()
    if fmt == "JPEG":
        if clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        clean.save(out, format="JPEG", quality=92, optimize=True)
    elif fmt == "WEBP":
        clean.save(out, format="WEBP", quality=90)
    else:
        clean.save(out, format=fmt)
    return out.getvalue()


def _cache_path(digest: str) -> Path:
    return settings.DATA_DIR / "cache" / "public-photos" / digest[:2] / digest


def public_copy(digest: str) -> bytes:
    """The metadata-free copy of the stored photo `digest`, made once and then kept."""
    path = _cache_path(digest)
    if path.exists():
        return path.read_bytes()
    data = strip_metadata(files.read(digest))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return data
