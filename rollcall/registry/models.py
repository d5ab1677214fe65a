"""The registry: persons and their names, ties, acts, and the gazetteer they refer to."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from rollcall import vocabularies
from rollcall.access import sensitivity as sens
from rollcall.access.crypto import EncryptedTextField
from rollcall.access.records import Record
from rollcall.registry.fields import VocabularyField, derive_bounds, edtf_fields

V = vocabularies.get


class Batch(models.Model):
    """A bulk import or ingest run. Its records stay restricted until a person reviews them."""

    KINDS = [("import", "list import"), ("ingest", "news ingest"), ("demo", "demo data")]
    STATES = [("staged", "staged, awaiting review"), ("reviewed", "reviewed"), ("withdrawn", "withdrawn")]

    label = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=KINDS)
    provenance = models.TextField(blank=True, help_text="where the data came from and how it was obtained")
    file_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    state = models.CharField(max_length=20, choices=STATES, default="staged")
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name_plural = "batches"

    def __str__(self) -> str:
        return f"{self.label} ({self.kind}, {self.created_at:%Y-%m-%d})"


class Gazetteer(Record):
    """Places, organisations and facilities: public unless marked otherwise."""

    sensitivity = models.PositiveSmallIntegerField(choices=sens.CHOICES, default=sens.PUBLIC)
    name = models.CharField(max_length=300)
    other_names = models.JSONField(default=list, blank=True, help_text="names in other scripts and spellings")

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Place(Gazetteer):
    KINDS = [(k, k) for k in ("country", "region", "prefecture", "county", "city", "township", "village", "site")]

    kind = models.CharField(max_length=20, choices=KINDS)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    def lineage(self) -> list[Place]:
        """This place and its parents, most specific first (village, county, prefecture, …)."""
        chain, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain


class Organization(Gazetteer):
    KINDS = [(k, k) for k in ("government", "ministry", "police", "court", "ngo", "media", "party", "international", "other")]

    kind = models.CharField(max_length=20, choices=KINDS, default="other")
    country = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+")


class Facility(Gazetteer):
    KINDS = [(k, k) for k in ("camp", "detention_centre", "prison", "factory", "police_station", "other")]

    kind = models.CharField(max_length=20, choices=KINDS)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="facilities")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta(Gazetteer.Meta):
        verbose_name_plural = "facilities"


IDENTITY_FIELDS = ("birth_date", "birth_date_text", "birthplace", "home_place", "names", "photos")


FACET_COLUMNS = ("ethnicity", "citizenship", "home_place", "identity_protected",
                 "sensitivity", "deleted_at", "merged_into", "batch")


class Person(Record):
    """Anyone: a detainee, a relative, an activist, an official."""

    SEXES = [("male", "male"), ("female", "female"), ("unknown", "unknown")]
    FIELD_SENSITIVITY = {"phone": sens.CONFIDENTIAL, "address": sens.CONFIDENTIAL, "notes": sens.RESTRICTED}

    sex = models.CharField(max_length=10, choices=SEXES, default="unknown")
    birth_date, birth_date_text, birth_date_earliest, birth_date_latest = edtf_fields("birth date")
    birthplace = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ethnicity = VocabularyField(vocabulary="ethnicities", blank=True)
    citizenship = VocabularyField(vocabulary="citizenships", blank=True)
    naturalised_on = models.DateField(null=True, blank=True)
    home_place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   help_text="the most specific known: village, county or prefecture")
    occupation = models.CharField(max_length=200, blank=True)
    phone = EncryptedTextField(blank=True, help_text="confidential; encrypted at rest")
    address = EncryptedTextField(blank=True, help_text="confidential; encrypted at rest")
    identity_protected = models.BooleanField(
        default=False, help_text="the person asked that their identity be kept confidential")
    description = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    photos = models.ManyToManyField("sources.Attachment", blank=True, related_name="+")
    # Derived from the acts, never typed; one per clearance, so that a confidential act (a
    # sentence known only to case workers) never shows through the status the public sees.
    status = VocabularyField(vocabulary="statuses", default="unknown",
                              editable=False, help_text="derived from all the acts; never typed")
    status_restricted = VocabularyField(vocabulary="statuses", default="unknown", editable=False,
                                        help_text="derived from the public and restricted acts")
    status_public = VocabularyField(vocabulary="statuses", default="unknown", editable=False,
                                    help_text="derived from the public acts")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_from", editable=False)

    class Meta:
        # One covering index per clearance's status field: the search page's counts per status,
        # ethnicity, citizenship and home are read from the index in its own order (no sort, no
        # table rows), with the visibility columns at the end so that it needs nothing else.
        indexes = [models.Index(fields=[status, *FACET_COLUMNS], name=f"person_facets_{short}")
                   for status, short in (("status_public", "public"), ("status_restricted", "restricted"),
                                         ("status", "all"))] + [models.Index(fields=["ethnicity"])]

    def field_level(self, name: str) -> int:
        level = super().field_level(name)
        if self.identity_protected and name in IDENTITY_FIELDS:
            level = max(level, sens.CONFIDENTIAL)
        return level

    def save(self, *args, **kwargs):
        derive_bounds(self, "birth_date")
        super().save(*args, **kwargs)

    @property
    def primary_name(self) -> str:
        names = [n for n in self.names.all() if n.deleted_at is None]
        legal = [n for n in names if n.kind == "legal"]
        chosen = (legal or names)
        return chosen[0].text if chosen else f"Person {self.pk}"

    def __str__(self) -> str:
        return self.primary_name


class PersonName(Record):
    """One name of a person, in one script, as seen somewhere."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    text = models.CharField(max_length=300)
    script = models.CharField(max_length=10, editable=False, help_text="detected: latin, cyrillic, han, arabic, mixed")
    folded = models.CharField(max_length=300, editable=False, db_index=True, default="",
                              help_text="Latin comparison form (rollcall.names.normalize)")
    language = models.CharField(max_length=10, blank=True)
    kind = VocabularyField(vocabulary="name_kinds", default="legal")
    seen_in = models.ForeignKey("sources.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["person", "id"]

    def save(self, *args, **kwargs):
        from rollcall.names import detect_script, normalize

        self.script = detect_script(self.text)
        self.folded = normalize(self.text)[:300]
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.text


class Relationship(Record):
    subject = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    kind = VocabularyField(vocabulary="relationship_kinds")
    object = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="inverse_relationships")
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.subject} {V('relationship_kinds')[self.kind].label()} {self.object}"


class Incident(Record):
    """A collective occurrence that groups acts: a protest, a raid, a campaign."""

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=50, blank=True)
    date, date_text, date_earliest, date_latest = edtf_fields("date")
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(blank=True)

    def save(self, *args, **kwargs):
        derive_bounds(self, "date")
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.title


class Act(Record):
    """Something that happened to one person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="acts")
    type = VocabularyField(vocabulary="act_types")
    date, date_text, date_earliest, date_latest = edtf_fields("date")
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="acts")
    perpetrator = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    perpetrator_text = models.CharField(max_length=300, blank=True)
    whereabouts = VocabularyField(vocabulary="whereabouts", default="unknown")
    term = models.CharField(max_length=100, blank=True, help_text="a sentence's term as stated, e.g. 15 days")
    term_days = models.PositiveIntegerField(null=True, blank=True)
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="acts")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["person", "date_earliest", "id"]
        # The second answers "persons with an act in these years" from the index alone.
        indexes = [models.Index(fields=["type", "date_earliest"]),
                   models.Index(fields=["date_latest", "date_earliest", "person", "sensitivity", "deleted_at",
                                        "perpetrator", "batch"], name="act_period")]

    def save(self, *args, **kwargs):
        derive_bounds(self, "date")
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        when = self.date or "date unknown"
        return f"{V('act_types')[self.type].label()} ({when})"

