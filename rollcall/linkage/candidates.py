"""Registry persons that may be the same as new records: shared blocking keys or documents.

Only live persons are candidates: not deleted, not merged away, not in a withdrawn batch, and
not in the batch being imported (an import is matched against the registry as it was).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import lru_cache

from django.db import connection
from django.db.models import Q

from rollcall.linkage.features import (
    Features,
    NameCache,
    clean_document,
    fold_address,
    location_from_lineage,
)
from rollcall.linkage.models import ImportRow
from rollcall.registry.models import Person, PersonName, Place, Relationship
from rollcall.search.models import NameKey

MAX_POSTINGS = 500  # a key shared by more persons than this is not selective
CHUNK = 5000


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


class Registry:
    def __init__(self, names: NameCache | None = None, exclude_batch: int | None = None,
                 with_relatives: bool = False):
        self.names = names or NameCache()
        self.exclude_batch = exclude_batch
        self.with_relatives = with_relatives
        self.places = dict(Place.all_objects.values_list("pk", "parent_id"))
        self.place_kinds = dict(Place.all_objects.values_list("pk", "kind"))

    def location(self, place_id: int | None):
        lineage, seen = [], set()
        while place_id is not None and place_id not in seen:
            seen.add(place_id)
            lineage.append((place_id, self.place_kinds.get(place_id, "")))
            place_id = self.places.get(place_id)
        return location_from_lineage(lineage)

    def by_keys(self, keys: set[str]) -> dict[str, set[int]]:
        found: dict[str, set[int]] = defaultdict(set)
        for part in _chunks(sorted(keys)):
            rows = NameKey.objects.filter(key__in=part).values_list("key", "name__person_id")
            for key, pid in rows.iterator(chunk_size=20000):
                found[key].add(pid)
        return {k: v for k, v in found.items() if len(v) <= MAX_POSTINGS}

    def by_documents(self, documents: set[str]) -> dict[str, set[int]]:
        found: dict[str, set[int]] = defaultdict(set)
        for part in _chunks(sorted(documents)):
            rows = (ImportRow.objects.filter(document__in=part, person__isnull=False)
                    .exclude(batch__state="withdrawn").values_list("document", "person_id"))
            for doc, pid in rows:
                found[doc].add(pid)
        return found

    def by_birth_dates(self, dates: set) -> dict:
        """Persons born on each day (exact dates only); a day shared by too many is left out."""
        found: dict = defaultdict(set)
        for part in _chunks(sorted(dates)):
            rows = Person.objects.filter(birth_date_earliest__in=part, birth_date_latest__in=part).values_list(
                "birth_date_earliest", "birth_date_latest", "pk")
            for lo, hi, pid in rows:
                if lo == hi:
                    found[lo].add(pid)
        return {d: v for d, v in found.items() if len(v) <= MAX_POSTINGS}

    def eligible(self) -> Q:
        q = Q(merged_into__isnull=True) & (Q(batch__isnull=True) | ~Q(batch__state="withdrawn"))
        if self.exclude_batch is not None:
            q &= Q(batch__isnull=True) | ~Q(batch_id=self.exclude_batch)
        return q

    def features(self, person_ids) -> dict[int, Features]:
        out: dict[int, Features] = {}
        ids = sorted(set(person_ids))
        for part in _chunks(ids):
            persons = Person.objects.filter(self.eligible(), pk__in=part).values_list(
                "pk", "sex", "birth_date_earliest", "birth_date_latest", "home_place_id", "birthplace_id",
                "ethnicity", "citizenship", "address")
            for pk, sex, lo, hi, home, born, eth, cit, address in persons:
                out[pk] = Features(pk, [], lo, hi, sex, self.location(home or born), eth, cit,
                                   fold_address(address))
            found = [pk for pk in part if pk in out]
            names = PersonName.objects.filter(person_id__in=found).values_list("person_id", "text").order_by("pk")
            for pk, text in names:
                out[pk].names.append(self.names(text))
            docs = ImportRow.objects.filter(person_id__in=found).exclude(document="").values_list(
                "person_id", "document")
            grouped: dict[int, set[str]] = defaultdict(set)
            for pk, doc in docs:
                grouped[pk].add(clean_document(doc))
            for pk, docset in grouped.items():
                out[pk].documents = frozenset(docset)
            if self.with_relatives:
                self._relatives(found, out)
        return out

    def _relatives(self, ids: list[int], out: dict[int, Features]) -> None:
        pairs = list(Relationship.objects.filter(subject_id__in=ids).values_list("subject_id", "object_id"))
        pairs += list(Relationship.objects.filter(object_id__in=ids).values_list("object_id", "subject_id"))
        others = {o for _, o in pairs}
        texts: dict[int, list[str]] = defaultdict(list)
        for pk, text in PersonName.objects.filter(person_id__in=others).values_list("person_id", "text"):
            texts[pk].append(text)
        for pk, other in pairs:
            out[pk].relatives.extend(self.names(t) for t in texts.get(other, [])[:2])


# -- the registry as DuckDB tables (rollcall.linkage.linking) -----------------------------------

def _fetch(sql: str, size: int = 100_000):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        while True:
            rows = cursor.fetchmany(size)
            if not rows:
                return
            yield rows


@lru_cache(maxsize=1 << 17)
def _day(value: str | dt.date | None) -> dt.date | None:
    """A date column's value, read as ISO text (SQLite) or as a date."""
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else (value or None)


def known_sex(value: str) -> str | None:
    """male or female; anything else (unknown) compares as missing."""
    return value if value in ("male", "female") else None


def category(value: str) -> str | None:
    """An ethnicity or citizenship that can be compared: not empty, not "other"."""
    return value if value and value != "other" else None


def load_registry(linker, registry: Registry, keys: bool = True) -> None:
    """persons, pnames, ptexts, ptok, pkeys, pdocs: the live registry, for ``Linker``.

    Registry keys are made from the registry's words (``Linker.registry_keys``): they are what the
    search index (``NameKey``) holds for each name, without reading it back. keys=False leaves
    pkeys to the caller (the importer has them made while it loads its rows).
    """
    from django.db.models import Case, CharField, F, IntegerField, Value, When
    from django.db.models.functions import Cast

    from rollcall.linkage.preparing import prepare_text, tokens_of_folded

    # On SQLite, dates as the ISO text it holds, and has_address as a number: read without a
    # converter per value (a million persons), the dates made once per distinct day.
    def as_read(column: str):
        return Cast(column, CharField()) if connection.vendor == "sqlite" else F(column)

    persons = (Person.objects.filter(registry.eligible())
               .annotate(has_addr=Case(When(address="", then=Value(0)), default=Value(1),
                                       output_field=IntegerField()),
                         lo=as_read("birth_date_earliest"), hi=as_read("birth_date_latest"))
               .values_list("pk", "sex", "lo", "hi", "home_place_id", "birthplace_id", "ethnicity", "citizenship",
                            "has_addr"))
    found = list(persons.iterator(chunk_size=20000))
    columns = [list(c) for c in zip(*found, strict=True)] if found else [[] for _ in range(9)]
    pk, sex, lo, hi, home, born, eth, cit, has_address = columns
    del found
    lo, hi = [_day(d) for d in lo], [_day(d) for d in hi]
    places = [h or b for h, b in zip(home, born, strict=True)]
    locations = {place: registry.location(place) for place in set(places)}
    located = [locations[place] for place in places]
    cols = {"person_id": pk, "sex": [known_sex(s) for s in sex], "b_lo": lo, "b_hi": hi,
            "village": [loc.village for loc in located], "county": [loc.county for loc in located],
            "prefecture": [loc.prefecture for loc in located], "ethnicity": [category(e) for e in eth],
            "citizenship": [category(c) for c in cit], "has_address": [bool(a) for a in has_address]}
    linker.load("persons", cols)

    names = PersonName._meta.db_table
    texts: dict[tuple[str, str], int] = {}
    pnames: dict[str, list] = {"person_id": [], "nidx": [], "text_id": []}
    last, nidx = None, 0
    for rows in _fetch(f"SELECT person_id, folded, script, CASE WHEN script = 'han' THEN text END FROM {names} "
                       "WHERE deleted_at IS NULL ORDER BY person_id, id"):
        for pid, folded, script, han in rows:
            nidx = nidx + 1 if pid == last else 0
            last = pid
            key = ("han", han) if script == "han" and han else ("", folded or "")
            tid = texts.setdefault(key, len(texts))
            pnames["person_id"].append(pid)
            pnames["nidx"].append(nidx)
            pnames["text_id"].append(tid)
    linker.load("pnames", pnames)
    ptexts: dict[str, list] = {"text_id": [], "gender": []}
    ptok: dict[str, list] = {"text_id": [], "form": [], "tidx": [], "root": []}
    for (kind, text), tid in texts.items():
        if kind == "han":
            p = prepare_text(text)
            roots, pinyin, gender = p.roots, p.pinyin, p.gender
        else:
            (roots, gender), pinyin = tokens_of_folded(text), ()
        ptexts["text_id"].append(tid)
        ptexts["gender"].append(gender)
        for form, words in ((0, roots), (1, pinyin)):
            for i, root in enumerate(words):
                ptok["text_id"].append(tid)
                ptok["form"].append(form)
                ptok["tidx"].append(i)
                ptok["root"].append(root)
    linker.load("ptexts", ptexts)
    linker.load("ptok", ptok)

    # The search index's keys (NameKey) are a function of these words: built in DuckDB from them,
    # not read back row by row (tens of millions of rows for a million persons).
    if keys:
        linker.registry_keys()

    docs = (ImportRow.objects.filter(person__isnull=False).exclude(document="")
            .exclude(batch__state="withdrawn").values_list("document", "person_id"))
    found = list(docs.iterator(chunk_size=20000))
    linker.load("pdocs", {"document": [d for d, _ in found], "person_id": [p for _, p in found]})
