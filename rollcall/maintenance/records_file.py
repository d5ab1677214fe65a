"""Load hand-curated records from a YAML file (the format of demo_data.yaml), all or nothing.

Every error names the entry it was found in, e.g. `persons[3].acts[0]: not an EDTF date: '2018-13'`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from rollcall.access import sensitivity as sens
from rollcall.interventions.models import Intervention
from rollcall.registry.models import (
    Act,
    Batch,
    Organization,
    Person,
    PersonName,
    Place,
    Relationship,
)
from rollcall.sources import files
from rollcall.sources.linking import locate
from rollcall.sources.models import Attachment, Claim, EvidenceLink, Source

SECTIONS = ("places", "organizations", "persons", "sources", "relationships", "claims", "interventions")
NUMBERS = {"value": float, "high": float, "term_days": int}
BOOLEANS = {"identity_protected", "consent_given", "family_consent"}
DATES = {"sent_on", "answered_on", "follow_up_on", "naturalised_on"}


class LoadError(Exception):
    pass


def _typed(node: Any, key: str = "") -> Any:
    """Numbers, booleans and dates back from the strings of YAML's BaseLoader, by field name."""
    if isinstance(node, dict):
        return {k: _typed(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_typed(v) for v in node]
    if key in NUMBERS:
        return NUMBERS[key](node)
    if key in BOOLEANS:
        if node not in ("true", "false"):
            raise ValueError(f"{key} must be true or false, not {node!r}")
        return node == "true"
    if key in DATES:
        return dt.date.fromisoformat(node)
    return node


class Loader:
    def __init__(self, path: Path, batch: Batch):
        self.path = path
        self.batch = batch
        self.refs: dict[str, dict[str, Any]] = {s: {} for s in SECTIONS}
        self.where: list[str] = []

    @contextmanager
    def at(self, where: str) -> Iterator[None]:
        self.where.append(where)
        try:
            yield
        finally:
            self.where.pop()

    def ref(self, section: str, key: str | None) -> Any:
        if key is None:
            return None
        try:
            return self.refs[section][key]
        except KeyError:
            raise ValueError(f"no {section[:-1]} with ref {key!r} defined before this entry") from None

    def common(self, entry: dict, default: str = "restricted") -> dict:
        return {"sensitivity": sens.level(entry.pop("sensitivity", default)), "batch": self.batch}

    def place(self, e: dict) -> None:
        ref, parent = e.pop("ref"), e.pop("parent", None)
        self.refs["places"][ref] = Place.objects.create(parent=self.ref("places", parent), **self.common(e, "public"), **e)

    def organization(self, e: dict) -> None:
        ref, country = e.pop("ref"), e.pop("country", None)
        self.refs["organizations"][ref] = Organization.objects.create(
            country=self.ref("places", country), **self.common(e, "public"), **e)

    def person(self, e: dict) -> None:
        ref, names, home = e.pop("ref"), e.pop("names", []), e.pop("home_place", None)
        e.pop("acts", None)  # loaded after the sources they cite
        person = Person.objects.create(home_place=self.ref("places", home), **self.common(e), **e)
        for i, (text, kind) in enumerate(names):
            with self.at(f"names[{i}]"):
                PersonName.objects.create(person=person, text=text, kind=kind, sensitivity=person.sensitivity,
                                          batch=self.batch)
        self.refs["persons"][ref] = person

    def source(self, e: dict) -> None:
        ref, name, witness = e.pop("ref"), e.pop("file", None), e.pop("witness", None)
        if name:
            target = self.path.parent / name
            if not target.is_file():
                raise ValueError(f"file {name!r} not found beside {self.path.name}")
            data = target.read_bytes()
        else:
            data = e.get("text", "").encode("utf-8")
        digest = files.store(data)
        common = self.common(e)
        ingested = Source.objects.filter(sha256=digest, locator="").order_by("pk").first() if name else None
        if ingested is not None:  # the page was ingested: the curated entry reviews that source
            for key, value in {**e, "sensitivity": common["sensitivity"]}.items():
                setattr(ingested, key, value)
            ingested.save()
            self.refs["sources"][ref] = ingested
            return
        attachment = Attachment.objects.filter(sha256=digest).first() or Attachment.objects.create(
            sha256=digest, size=len(data), media_type="text/plain", filename=name or "text.txt", **common)
        e.setdefault("text", data.decode("utf-8"))
        self.refs["sources"][ref] = Source.objects.create(
            original=attachment, sha256=digest, captured_by=f"loaded from {self.path.name}",
            witness=self.ref("persons", witness), **common, **e)

    def act(self, person: Person, e: dict) -> None:
        source, quote = self.ref("sources", e.pop("source", None)), e.pop("quote", "")
        act = Act.objects.create(
            person=person, place=self.ref("places", e.pop("place", None)),
            perpetrator=self.ref("organizations", e.pop("perpetrator", None)),
            sensitivity=sens.level(e.pop("sensitivity", sens.CODES[person.sensitivity])), batch=self.batch, **e)
        if source is not None:
            EvidenceLink.objects.create(source=source, act=act, quote=locate(source.text, quote),
                                        sensitivity=act.sensitivity,
                                        batch=self.batch)

    def relationship(self, e: dict) -> None:
        Relationship.objects.create(subject=self.ref("persons", e.pop("subject")),
                                    object=self.ref("persons", e.pop("object")), **self.common(e), **e)

    def claim(self, e: dict) -> None:
        source = self.ref("sources", e.pop("source"))
        if "sentence" in e:
            e["sentence"] = locate(source.text, e["sentence"])
        Claim.objects.create(
            source=source, said_by_person=self.ref("persons", e.pop("said_by_person", None)),
            said_by_organization=self.ref("organizations", e.pop("said_by_organization", None)),
            sensitivity=sens.level(e.pop("sensitivity", sens.CODES[source.sensitivity])), batch=self.batch, **e)

    def intervention(self, e: dict) -> None:
        Intervention.objects.create(
            person=self.ref("persons", e.pop("person")), applicant=self.ref("persons", e.pop("applicant", None)),
            authority=self.ref("organizations", e.pop("authority", None)), **self.common(e), **e)

    def run(self, raw: dict) -> dict[str, int]:
        unknown = set(raw) - set(SECTIONS)
        if unknown:
            raise LoadError(f"{self.path.name}: unknown section(s) {', '.join(sorted(unknown))}")
        handlers = {"places": self.place, "organizations": self.organization, "persons": self.person,
                    "sources": self.source, "relationships": self.relationship, "claims": self.claim,
                    "interventions": self.intervention}
        for section in SECTIONS:
            for i, entry in enumerate(raw.get(section) or []):
                with self.at(f"{section}[{i}]"):
                    self.guard(handlers[section], dict(entry))
        for i, entry in enumerate(raw.get("persons") or []):
            for j, act in enumerate(entry.get("acts") or []):
                with self.at(f"persons[{i}].acts[{j}]"):
                    self.guard(lambda a, e=entry: self.act(self.refs["persons"][e["ref"]], a), dict(act))
        return {s: len(raw.get(s) or []) for s in SECTIONS}

    def guard(self, fn, entry: dict) -> None:
        try:
            fn(entry)
        except (ValueError, TypeError, KeyError, ValidationError, DatabaseError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            if isinstance(exc, KeyError):
                message = f"missing field {exc}"
            raise LoadError(f"{self.path.name}: {'.'.join(self.where)}: {message}") from None


def load_file(path: Path, label: str | None = None, kind: str = "import", created_by: str = "cli") -> Batch:
    """Load every record of the file in one transaction; LoadError leaves the database as it was."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LoadError(f"no such file: {path}") from None
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path.name}: not UTF-8 text (byte {exc.start})") from None
    try:
        raw = _typed(yaml.load(text, Loader=yaml.BaseLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise LoadError(f"{path.name}: not valid YAML{where}") from None
    except ValueError as exc:
        raise LoadError(f"{path.name}: {exc}") from None
    if not isinstance(raw, dict):
        raise LoadError(f"{path.name}: expected sections such as persons: and sources:")
    with transaction.atomic():
        batch = Batch.objects.create(label=label or path.name, kind=kind, created_by=created_by,
                                     state="reviewed" if kind == "demo" else "staged",
                                     file_sha256=files.sha256_bytes(text.encode("utf-8")))
        batch.summary = Loader(path, batch).run(raw)
        batch.save(update_fields=["summary"])
    return batch
