"""Small builders of real records for tests (no mocks: these write to the test database)."""

from __future__ import annotations

from rollcall.access import sensitivity as sens
from rollcall.registry.models import Act, Person, PersonName
from rollcall.sources.models import Claim, Source


def person(name: str = "Baibolat Kunbolat", level: int = sens.PUBLIC, **fields) -> Person:
    p = Person.objects.create(sensitivity=level, **fields)
    PersonName.objects.create(person=p, text=name, sensitivity=level)
    return p


def act(p: Person, type_: str = "detention", date: str = "2018-03", level: int | None = None, **fields) -> Act:
    return Act.objects.create(person=p, type=type_, date=date,
                              sensitivity=p.sensitivity if level is None else level, **fields)


def source(title: str = "An article", level: int = sens.PUBLIC, text: str = "text", **fields) -> Source:
    return Source.objects.create(kind="news_article", title=title, text=text, captured_by="test",
                                 sensitivity=level, **fields)


def claim(src: Source, sentence: str = "More than a thousand.", level: int | None = None, **fields) -> Claim:
    fields.setdefault("subject", "requests_received")
    fields.setdefault("value", 1000)
    fields.setdefault("quantity_text", "more than a thousand")
    return Claim.objects.create(source=src, sentence=sentence,
                                sensitivity=src.sensitivity if level is None else level, **fields)


def photo(fmt: str = "JPEG", size: tuple[int, int] = (40, 30), orientation: int | None = None) -> bytes:
    """A real image carrying what a phone writes: camera make, model and serial, and GPS position."""
    import io

    from PIL import Image

    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "EOS 5D Mark IV"
    exif[0xA431] = "SERIAL-0423"  # BodySerialNumber (written into the Exif IFD)
    exif[0x8825] = {1: "N", 2: (43.0, 51.0, 7.0), 3: "E", 4: (81.0, 19.0, 30.0)}  # Ghulja
    if orientation:
        exif[0x0112] = orientation
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((20, 20, 220), (0, 0, size[0] // 2, size[1] // 4))
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()
