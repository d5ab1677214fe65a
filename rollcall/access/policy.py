"""The one access layer: who may see which records and fields, and the audit of what they saw.

Every page, API answer and export asks this module. Nothing else filters by sensitivity.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from rollcall import vocabularies
from rollcall.access import audit
from rollcall.access import sensitivity as sens
from rollcall.access.actor import Actor
from rollcall.access.records import Record
from rollcall.access.statements import PlainStatement, Statement


@dataclass(frozen=True)
class Viewer:
    name: str
    role: str
    clearance: int
    can: frozenset[str]
    user_id: int | None = None

    @property
    def is_public(self) -> bool:
        return self.role == "public"

    def may(self, action: str) -> bool:
        return action in self.can

    def as_actor(self) -> Actor:
        return Actor(self.name, self.role, self.user_id)


def viewer_for_role(role: str, name: str | None = None, user_id: int | None = None) -> Viewer:
    term = vocabularies.get("roles").require(role)
    return Viewer(name or role, role, sens.level(term["clearance"]), frozenset(term["can"]), user_id)


PUBLIC = viewer_for_role("public", "anonymous")


def viewer_for(user) -> Viewer:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return PUBLIC
    role = "administrator" if user.is_superuser else user.role
    return viewer_for_role(role, user.get_username(), user.pk)


# Records whose visibility also depends on the records they belong to: (path, nullable).
PARENTS: dict[str, tuple[tuple[str, bool], ...]] = {
    "registry.personname": (("person", False),),
    "registry.act": (("person", False),),
    "registry.relationship": (("subject", False), ("object", False)),
    "sources.claim": (("source", False),),
    "sources.mention": (("source", False),),
    "sources.evidencelink": (("source", False), ("act", True), ("person", True), ("claim", True)),
    "interventions.intervention": (("person", False),),
}


# The withdrawn batches as read once for the current request (see one_reading_per_request).
_withdrawn: ContextVar[dict | None] = ContextVar("withdrawn_batches", default=None)


_WITHDRAWN = PlainStatement(lambda: apps.get_model("registry", "Batch").objects.filter(state="withdrawn")
                            .order_by("pk").values_list("pk"))


def _read_withdrawn() -> tuple[int, ...]:
    return tuple(pk for pk, in _WITHDRAWN())


def withdrawn_batches() -> tuple[int, ...]:
    """The ids of the withdrawn batches: read once per request inside one_reading_per_request(),
    at every call outside it."""
    reading = _withdrawn.get()
    if reading is None:
        return _read_withdrawn()
    if "ids" not in reading:
        reading["ids"] = _read_withdrawn()
    return reading["ids"]


@contextmanager
def one_reading_per_request() -> Iterator[None]:
    """Within the block, the withdrawn batches are read from the database at most once (they
    are few and rarely change); a change to any batch in the block makes the next filter read
    them again (forget_withdrawn, called on every batch save)."""
    token = _withdrawn.set({})
    try:
        yield
    finally:
        _withdrawn.reset(token)


def forget_withdrawn() -> None:
    reading = _withdrawn.get()
    if reading is not None:
        reading.pop("ids", None)


def _own_filter(prefix: str, viewer: Viewer) -> Q:
    q = Q(**{f"{prefix}deleted_at__isnull": True, f"{prefix}sensitivity__lte": viewer.clearance})
    # A withdrawn batch's records disappear for everyone. The (few) withdrawn batches are named
    # in the query, nothing when there are none, rather than joined to every row: the join kept
    # SQLite from answering counts from an index and cost every page its compilation.
    withdrawn = withdrawn_batches()
    if withdrawn:
        q &= ~Q(**{f"{prefix}batch__in": withdrawn})
    return q


def visible(queryset: models.QuerySet, viewer: Viewer, *, within: str | None = None) -> models.QuerySet:
    """The records of `queryset` the viewer may see at all (fields are redact()'s business).

    `within` names the parent (a key of PARENTS' paths) when the queryset is a subquery matched
    against that parent's already visible() rows, as in persons.filter(pk__in=acts.values("person_id")):
    that parent's conditions are then left to the enclosing query instead of joined again."""
    model = queryset.model
    if not issubclass(model, Record):
        raise TypeError(f"{model._meta.label} is not a sensitive record; the access layer cannot filter it")
    parents = PARENTS.get(model._meta.label_lower, ())
    if within is not None and within not in {path for path, _ in parents}:
        raise ValueError(f"{model._meta.label} has no parent {within!r}")
    q = _own_filter("", viewer)
    for path, nullable in parents:
        if path == within:
            continue
        parent_q = _own_filter(f"{path}__", viewer)
        q &= (Q(**{f"{path}__isnull": True}) | parent_q) if nullable else parent_q
    if model._meta.label_lower == "registry.personname" and viewer.clearance < sens.CONFIDENTIAL:
        q &= Q(person__identity_protected=False)
    if model._meta.label_lower == "registry.person":
        # A person merged into another is shown through the one it was merged into.
        q &= Q(merged_into__isnull=True)
    return queryset.filter(q)


def _sees_own(obj: Record, viewer: Viewer) -> bool:
    """_own_filter() for one loaded record."""
    if obj.deleted_at is not None or obj.sensitivity > viewer.clearance:
        return False
    return obj.batch_id is None or obj.batch_id not in withdrawn_batches()


def sees(obj: Record, viewer: Viewer) -> bool:
    """visible() for one record already loaded: the same conditions checked in Python, without
    a query when the parents it depends on (PARENTS) were loaded with it (select_related)."""
    label = obj._meta.label_lower
    if not _sees_own(obj, viewer):
        return False
    for path, nullable in PARENTS.get(label, ()):
        parent = getattr(obj, path)
        if parent is None:
            if nullable:
                continue
            return False
        if not _sees_own(parent, viewer):
            return False
    if label == "registry.personname" and viewer.clearance < sens.CONFIDENTIAL and obj.person.identity_protected:
        return False
    return not (label == "registry.person" and obj.merged_into_id is not None)


def can_see(obj: models.Model | None, viewer: Viewer) -> bool:
    if obj is None:
        return False
    if not isinstance(obj, Record):
        return True
    return sees(obj, viewer)  # as loaded, in this request; visible() and sees() agree (tests/test_policy.py)


def can_see_field(obj: Record, name: str, viewer: Viewer) -> bool:
    return obj.field_level(name) <= viewer.clearance


EXCLUDED = {"field_sensitivity", "deleted_at", "batch", "updated_at", "status_restricted", "status_public"}
STATUS_FIELD = {sens.PUBLIC: "status_public", sens.RESTRICTED: "status_restricted", sens.CONFIDENTIAL: "status"}
# The Person fields this module reads to decide what of a loaded person a viewer sees (fields,
# status): enough for .only() when a page shows nothing else of them.
PERSON_ACCESS_FIELDS = ("sensitivity", "field_sensitivity", "identity_protected", *STATUS_FIELD.values())


def status_field(viewer: Viewer) -> str:
    """The Person field that holds the status as this viewer may know it (derived from the acts
    the viewer may see): filter and count on this, never on `status` directly."""
    return STATUS_FIELD[viewer.clearance]


def status_of(person, viewer: Viewer) -> str:
    return getattr(person, status_field(viewer))


def readable_fields(model: type[Record]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in EXCLUDED]


def redact(obj: Record, viewer: Viewer, fields: list[str] | None = None) -> dict[str, Any]:
    """The fields of `obj` the viewer may read, as plain values; the rest are left out.

    A foreign key is given as the related record's id only when the viewer may see that record.
    Call only for objects that came through visible().
    """
    out: dict[str, Any] = {}
    for field in readable_fields(type(obj)):
        if fields is not None and field.name not in fields:
            continue
        if not can_see_field(obj, field.name, viewer):
            continue
        if field.is_relation:
            related_id = getattr(obj, field.attname)
            if related_id is not None and not can_see(getattr(obj, field.name), viewer):
                continue
            out[field.attname] = related_id
        elif field.name == "sensitivity":
            out["sensitivity"] = sens.CODES[obj.sensitivity]
        elif field.name == "status" and hasattr(obj, "status_public"):
            out["status"] = status_of(obj, viewer)
        else:
            value = field.value_from_object(obj)
            out[field.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def _shown_name(person, viewer: Viewer, names: list[tuple[str, str]]) -> str:
    """The name shown for `person`, from the (text, kind) of the names the viewer may see: the
    first legal name, else the first name."""
    if not can_see_field(person, "names", viewer):
        return _("Protected person #%(id)s") % {"id": person.pk}
    chosen = [text for text, kind in names if kind == "legal"] or [text for text, _kind in names]
    return chosen[0] if chosen else _("Person #%(id)s") % {"id": person.pk}


def display_name(person, viewer: Viewer, names=None) -> str:
    """A person's name as this viewer may see it; from `names` when given (the person's names
    through visible()), else from person.names (prefetched through visible(), as persons_for does)."""
    if not can_see_field(person, "names", viewer):
        return _shown_name(person, viewer, [])
    names = [(n.text, n.kind) for n in (person.names.all() if names is None else names)
             if n.deleted_at is None and n.sensitivity <= viewer.clearance]
    return _shown_name(person, viewer, names)


def _names_of(viewer: Viewer, person_ids: list[int]) -> models.QuerySet:
    names = apps.get_model("registry", "PersonName").objects.filter(person__in=person_ids)
    return visible(names, viewer).order_by("person", "pk").values_list("person_id", "text", "kind")


_NAMES_OF = Statement(_names_of)


def display_names(persons, viewer: Viewer) -> dict[int, str]:
    """display_name() of many loaded persons, their names read in one query of plain values
    (no name prefetched, no model instances built)."""
    persons = list(persons)
    named = sorted(p.pk for p in persons if can_see_field(p, "names", viewer))
    names: dict[int, list[tuple[str, str]]] = {}
    for person_id, text, kind in _NAMES_OF(viewer, named):
        names.setdefault(person_id, []).append((text, kind))
    return {p.pk: _shown_name(p, viewer, names.get(p.pk, [])) for p in persons}


def is_confidential(obj: Record) -> bool:
    """True when the record, or a field of it that holds a value, is confidential."""
    if obj.sensitivity >= sens.CONFIDENTIAL:
        return True
    return any(
        obj.field_level(f.name) >= sens.CONFIDENTIAL and f.value_from_object(obj) not in (None, "", [], {})
        for f in readable_fields(type(obj))
    )


def note_view(obj: Record, viewer: Viewer) -> None:
    """Audit that a viewer cleared for confidential data opened a record that holds some."""
    if viewer.clearance >= sens.CONFIDENTIAL and is_confidential(obj):
        audit.record("view", obj._meta.label_lower, obj.pk, actor=viewer.as_actor())
