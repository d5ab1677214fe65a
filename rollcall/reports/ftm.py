"""The export dataset as followthemoney entities (schema names and properties of FtM 3/4).

Mapping: persons -> Person, relationships -> Family or UnknownLink, acts -> Event (involved:
the person), sources -> Article or Document, claims -> Note on their source. Only what is in
the (already redacted) dataset is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rollcall import vocabularies

KIN = {"parent_of", "child_of", "spouse_of", "sibling_of", "relative_of"}
GENDER = {"male": "male", "female": "female"}
COUNTRY = {"china": ["cn"], "kazakhstan": ["kz"], "dual": ["cn", "kz"]}


def _id(kind: str, pk: Any) -> str:
    return f"rollcall-{kind}-{pk}"


def _props(**values: Any) -> dict[str, list[str]]:
    out = {}
    for key, value in values.items():
        if value in (None, "", []):
            continue
        out[key] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    return out


def entities(data: dict[str, list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    names: dict[Any, list[str]] = {}
    for row in data.get("names", []):
        names.setdefault(row.get("person_id"), []).append(row.get("text"))
    act_types = vocabularies.get("act_types")
    for p in data.get("persons", []):
        all_names = names.get(p["id"], [])
        yield {"id": _id("person", p["id"]), "schema": "Person", "properties": _props(
            name=p.get("name"), alias=[n for n in all_names if n != p.get("name")],
            gender=GENDER.get(p.get("sex")), birthDate=p.get("birth_date"),
            ethnicity=p.get("ethnicity"), nationality=COUNTRY.get(p.get("citizenship"), []),
            position=p.get("occupation"), summary=p.get("description"))}
    for r in data.get("relationships", []):
        if "subject_id" not in r or "object_id" not in r:
            continue
        kin = r.get("kind") in KIN
        yield {"id": _id("relationship", r["id"]), "schema": "Family" if kin else "UnknownLink",
               "properties": _props(**({"person": _id("person", r["subject_id"]),
                                        "relative": _id("person", r["object_id"])} if kin else
                                       {"subject": _id("person", r["subject_id"]),
                                        "object": _id("person", r["object_id"])}),
                                    relationship=r.get("kind"))}
    for a in data.get("acts", []):
        label = act_types[a["type"]].label() if a.get("type") in act_types else a.get("type")
        yield {"id": _id("act", a["id"]), "schema": "Event", "properties": _props(
            name=label, date=a.get("date"), startDate=a.get("date_earliest"), endDate=a.get("date_latest"),
            involved=_id("person", a["person_id"]) if a.get("person_id") else None,
            summary=" ".join(x for x in (a.get("term"), a.get("description")) if x))}
    for s in data.get("sources", []):
        schema = "Article" if s.get("kind") == "news_article" else "Document"
        yield {"id": _id("source", s["id"]), "schema": schema, "properties": _props(
            title=s.get("title"), author=s.get("author"), publisher=s.get("outlet"),
            publishedAt=s.get("published_earliest"), sourceUrl=s.get("url"), language=s.get("language"),
            contentHash=s.get("sha256"))}
    for c in data.get("claims", []):
        yield {"id": _id("claim", c["id"]), "schema": "Note", "properties": _props(
            entity=_id("source", c["source_id"]) if c.get("source_id") else None,
            description=c.get("sentence"), summary=f"{c.get('quantity_text')}: {c.get('what')}",
            date=c.get("as_of"))}
