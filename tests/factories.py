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
