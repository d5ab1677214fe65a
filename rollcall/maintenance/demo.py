"""The demo corpus: the five seed pages as sources, and records taken from them by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from rollcall.access import sensitivity as sens
from rollcall.access.models import User
from rollcall.interventions.models import Intervention
from rollcall.registry.models import Act, Batch, Organization, Person, PersonName, Place, Relationship
from rollcall.sources import files
from rollcall.sources.models import Attachment, Claim, EvidenceLink, Source

HERE = Path(__file__).parent
CORPUS = HERE / "demo_corpus"
DATA = HERE / "demo_data.yaml"
PASSWORD = "rollcall-demo"
ACCOUNTS = [("demo", "administrator"), ("caseworker", "caseworker"), ("volunteer", "volunteer"),
            ("researcher", "researcher")]


NUMBERS = {"value", "high", "term_days"}
BOOLEANS = {"identity_protected", "consent_given", "family_consent"}


def _typed(node: Any, key: str = "") -> Any:
    """Numbers and booleans back from BaseLoader's strings, for the fields that hold them."""
    if isinstance(node, dict):
        return {k: _typed(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_typed(v) for v in node]
    if key in NUMBERS:
        return float(node) if key != "term_days" else int(node)
    if key in BOOLEANS:
        return node == "true"
    return node


def _common(entry: dict) -> dict:
    return {"sensitivity": sens.level(entry.pop("sensitivity", "restricted"))}


def _store_source(entry: dict, batch: Batch, refs: dict) -> Source:
    path = entry.pop("file", None)
    data = (CORPUS / path).read_bytes() if path else entry["text"].encode()
    digest = files.store(data)
    attachment, _ = Attachment.objects.get_or_create(
        sha256=digest,
        defaults={"size": len(data), "media_type": "text/plain", "filename": path or "testimony.txt",
                  "sensitivity": sens.level(entry.get("sensitivity", "restricted")), "batch": batch},
    )
    witness = entry.pop("witness", None)
    entry.setdefault("text", data.decode("utf-8"))
    return Source.objects.create(original=attachment, sha256=digest, captured_by="demo loader", batch=batch,
                                 witness=refs["persons"][witness] if witness else None,
                                 **_common(entry), **entry)


@transaction.atomic
def load() -> str:
    """Load the demo data once; a second call changes nothing."""
    if Batch.objects.filter(kind="demo").exists():
        return "already loaded"
    # BaseLoader keeps every scalar a string: EDTF dates such as 2020-10-31 must not become dates.
    raw: dict[str, Any] = _typed(yaml.load(DATA.read_text(encoding="utf-8"), Loader=yaml.BaseLoader))
    batch = Batch.objects.create(label="Demo data from the seed pages", kind="demo", state="reviewed",
                                 provenance="Taken by hand from five public news pages", created_by="demo loader")
    refs: dict[str, dict[str, Any]] = {"places": {}, "orgs": {}, "persons": {}, "sources": {}}

    for entry in raw["places"]:
        ref, parent = entry.pop("ref"), entry.pop("parent", None)
        refs["places"][ref] = Place.objects.create(parent=refs["places"].get(parent), batch=batch, **entry)
    for entry in raw["organizations"]:
        ref, country = entry.pop("ref"), entry.pop("country", None)
        refs["orgs"][ref] = Organization.objects.create(country=refs["places"].get(country), batch=batch, **entry)

    persons = raw["persons"]
    for entry in persons:
        ref = entry["ref"]
        fields = {k: v for k, v in entry.items() if k not in ("ref", "names", "acts", "home_place")}
        person = Person.objects.create(batch=batch, home_place=refs["places"].get(entry.get("home_place")),
                                       **_common(fields), **fields)
        for text, kind in entry.get("names", []):
            PersonName.objects.create(person=person, text=text, kind=kind, sensitivity=person.sensitivity,
                                      batch=batch)
        refs["persons"][ref] = person

    for entry in raw["sources"]:
        ref = entry.pop("ref")
        refs["sources"][ref] = _store_source(entry, batch, refs)

    for entry in persons:
        person = refs["persons"][entry["ref"]]
        for act in entry.get("acts", []):
            act = dict(act)
            source, quote = refs["sources"][act.pop("source")], act.pop("quote", "")
            place, perpetrator = act.pop("place", None), act.pop("perpetrator", None)
            created = Act.objects.create(person=person, sensitivity=person.sensitivity, batch=batch,
                                         place=refs["places"].get(place), perpetrator=refs["orgs"].get(perpetrator),
                                         **act)
            EvidenceLink.objects.create(source=source, act=created, quote=quote, grade="single_source",
                                        sensitivity=person.sensitivity, batch=batch)

    for entry in raw["relationships"]:
        Relationship.objects.create(subject=refs["persons"][entry["subject"]], kind=entry["kind"],
                                    object=refs["persons"][entry["object"]], batch=batch,
                                    sensitivity=sens.level(entry["sensitivity"]))

    for entry in raw["claims"]:
        entry = dict(entry)
        entry["source"] = refs["sources"][entry["source"]]
        if "said_by_person" in entry:
            entry["said_by_person"] = refs["persons"][entry["said_by_person"]]
        if "said_by_organization" in entry:
            entry["said_by_organization"] = refs["orgs"][entry["said_by_organization"]]
        Claim.objects.create(sensitivity=entry["source"].sensitivity, batch=batch, **entry)

    for entry in raw["interventions"]:
        entry = dict(entry)
        Intervention.objects.create(
            person=refs["persons"][entry.pop("person")], applicant=refs["persons"][entry.pop("applicant")],
            authority=refs["orgs"][entry.pop("authority")], batch=batch, **_common(entry),
            **{k: (dt.date.fromisoformat(str(v)) if k.endswith("_on") else v) for k, v in entry.items()},
        )
    counts = {"persons": len(refs["persons"]), "sources": len(refs["sources"]), "claims": len(raw["claims"])}
    batch.summary = counts
    batch.save(update_fields=["summary"])
    return ", ".join(f"{v} {k}" for k, v in counts.items())


def create_accounts() -> list[tuple[str, str]]:
    """One demo account per role, all with the demo password; existing accounts are left alone."""
    for name, role in ACCOUNTS:
        if not User.objects.filter(username=name).exists():
            user = User(username=name, role=role, is_superuser=(role == "administrator"))
            user.set_password(PASSWORD)
            user.save()
    return ACCOUNTS
