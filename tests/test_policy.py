"""The access layer: who sees which records and fields."""

import pytest

from rollcall.access import policy
from rollcall.access import sensitivity as sens
from rollcall.access.models import AuditEntry
from rollcall.registry.models import Act, Batch, Person, PersonName
from tests import factories as make

pytestmark = pytest.mark.django_db

VOLUNTEER = policy.viewer_for_role("volunteer")
CASEWORKER = policy.viewer_for_role("caseworker")


def test_the_public_sees_only_explicitly_public_records():
    public = make.person("Public Person", sens.PUBLIC)
    make.person("Staff Person", sens.RESTRICTED)
    make.person("Secret Person", sens.CONFIDENTIAL)
    assert list(policy.visible(Person.objects.all(), policy.PUBLIC)) == [public]


def test_clearance_follows_the_role():
    for level in (sens.PUBLIC, sens.RESTRICTED, sens.CONFIDENTIAL):
        make.person(f"P{level}", level)
    assert policy.visible(Person.objects.all(), VOLUNTEER).count() == 2
    assert policy.visible(Person.objects.all(), CASEWORKER).count() == 3


def test_a_public_act_of_a_restricted_person_stays_hidden():
    p = make.person("Restricted", sens.RESTRICTED)
    make.act(p, level=sens.PUBLIC)
    assert policy.visible(Act.objects.all(), policy.PUBLIC).count() == 0
    assert policy.visible(Act.objects.all(), VOLUNTEER).count() == 1


def test_soft_deleted_records_are_invisible_to_everyone():
    p = make.person("Gone", sens.PUBLIC)
    p.soft_delete()
    assert policy.visible(Person.all_objects.all(), CASEWORKER).count() == 0
    assert Person.all_objects.filter(pk=p.pk).exists()


def test_a_withdrawn_batch_disappears():
    batch = Batch.objects.create(label="leaked list", kind="import", created_by="t")
    make.person("From the list", sens.RESTRICTED, batch=batch)
    assert policy.visible(Person.objects.all(), VOLUNTEER).count() == 1
    batch.state = "withdrawn"
    batch.save()
    assert policy.visible(Person.objects.all(), VOLUNTEER).count() == 0


def test_a_withdrawal_within_a_request_is_seen_by_its_next_filter(django_assert_num_queries):
    batch = Batch.objects.create(label="leaked list", kind="import", created_by="t")
    make.person("From the list", sens.RESTRICTED, batch=batch)
    with policy.one_reading_per_request():
        assert policy.visible(Person.objects.all(), VOLUNTEER).count() == 1
        with django_assert_num_queries(1):  # the withdrawn batches were read once already
            assert policy.visible(Person.objects.all(), VOLUNTEER).count() == 1
        batch.state = "withdrawn"
        batch.save()
        assert policy.visible(Person.objects.all(), VOLUNTEER).count() == 0


def test_every_request_reads_the_withdrawn_batches_afresh(client):
    batch = Batch.objects.create(label="leaked list", kind="import", created_by="t")
    person = make.person("Serikzhan Bilash", sens.PUBLIC, batch=batch)
    assert client.get(f"/persons/{person.pk}/").status_code == 200
    Batch.objects.filter(pk=batch.pk).update(state="withdrawn")  # no signal: only a new reading sees it
    assert client.get(f"/persons/{person.pk}/").status_code == 404


def test_a_relatives_phone_is_confidential_even_on_a_public_person():
    p = make.person("Bakhyt Zharykbasova", sens.PUBLIC, phone="+7 700 000 0000", address="Almaty")
    for viewer in (policy.PUBLIC, VOLUNTEER):
        row = policy.redact(p, viewer)
        assert "phone" not in row and "address" not in row
    assert policy.redact(p, CASEWORKER)["phone"] == "+7 700 000 0000"


def test_a_field_can_be_raised_for_one_record():
    p = make.person("Public", sens.PUBLIC, occupation="teacher", field_sensitivity={"occupation": "restricted"})
    assert "occupation" not in policy.redact(p, policy.PUBLIC)
    assert policy.redact(p, VOLUNTEER)["occupation"] == "teacher"


def test_a_protected_witness_has_no_name_below_confidential():
    p = make.person("Aigul Witness", sens.RESTRICTED, identity_protected=True)
    assert policy.display_name(p, VOLUNTEER) == f"Protected person #{p.pk}"
    assert policy.visible(PersonName.objects.all(), VOLUNTEER).count() == 0
    assert policy.display_name(p, CASEWORKER) == "Aigul Witness"


def test_display_names_answers_as_display_name_does(django_assert_num_queries):
    plain = make.person("Aigul Plain", sens.PUBLIC)
    protected = make.person("Aigul Witness", sens.RESTRICTED, identity_protected=True)
    nameless = Person.objects.create(sensitivity=sens.PUBLIC)
    aliased = make.person("Bekzat Alias", sens.PUBLIC)
    PersonName.objects.filter(person=aliased).update(kind="alias")
    PersonName.objects.create(person=aliased, text="Bekzat Legal", kind="legal", sensitivity=sens.PUBLIC)
    PersonName.objects.create(person=plain, text="Secret Spelling", kind="legal", sensitivity=sens.CONFIDENTIAL)
    deleted = PersonName.objects.create(person=nameless, text="Deleted Name", sensitivity=sens.PUBLIC)
    deleted.soft_delete()
    for viewer in (policy.PUBLIC, VOLUNTEER, CASEWORKER, policy.viewer_for_role("administrator")):
        persons = list(Person.objects.filter(pk__in=[plain.pk, protected.pk, nameless.pk, aliased.pk]).prefetch_related("names"))
        with policy.one_reading_per_request():
            policy.withdrawn_batches()  # as a request has read them for its first filter
            with django_assert_num_queries(1):
                shown = policy.display_names(persons, viewer)
        assert shown == {p.pk: policy.display_name(p, viewer) for p in persons}, viewer.role
    assert policy.display_names([aliased], CASEWORKER) == {aliased.pk: "Bekzat Legal"}


def test_a_foreign_key_to_a_hidden_record_is_left_out():
    src = make.source("Secret testimony", sens.CONFIDENTIAL)
    public_source = make.source("Article", sens.PUBLIC, near_duplicate_of=src)
    assert "near_duplicate_of_id" not in policy.redact(public_source, policy.PUBLIC)
    assert policy.redact(public_source, CASEWORKER)["near_duplicate_of_id"] == src.pk


def test_opening_a_confidential_record_is_audited_for_cleared_viewers():
    p = make.person("Has phone", sens.RESTRICTED, phone="123")
    before = AuditEntry.objects.filter(action="view").count()
    policy.note_view(p, VOLUNTEER)  # cannot see the phone: nothing confidential was shown
    policy.note_view(p, CASEWORKER)
    views = AuditEntry.objects.filter(action="view")
    assert views.count() == before + 1
    assert views.last().object_id == str(p.pk) and views.last().actor == "caseworker"


def test_visible_refuses_models_that_are_not_records():
    from rollcall.access.models import User

    with pytest.raises(TypeError):
        policy.visible(User.objects.all(), CASEWORKER)


def test_a_person_merged_into_another_is_not_listed():
    keep = make.person("Serikzhan Bilash", sens.PUBLIC)
    other = make.person("Serikjan Bilash", sens.PUBLIC)
    Person.all_objects.filter(pk=other.pk).update(merged_into=keep)
    assert list(policy.visible(Person.objects.all(), CASEWORKER)) == [keep]


def test_a_confidential_act_never_shows_through_the_status_others_see():
    from django.test import Client

    from rollcall.reports import rules, statistics

    p = make.person("Public Person", sens.PUBLIC)
    make.act(p, "protest", "2022-09-10", level=sens.PUBLIC)
    make.act(p, "sentence", "2023-01", level=sens.CONFIDENTIAL)
    make.act(p, "detention", "2022-12", level=sens.RESTRICTED)
    p.refresh_from_db()
    assert (policy.status_of(p, policy.PUBLIC), policy.status_of(p, VOLUNTEER), policy.status_of(p, CASEWORKER)) == (
        "unknown", "detained", "imprisoned")
    assert policy.redact(p, policy.PUBLIC)["status"] == "unknown"
    assert Client().get(f"/api/v1/persons/{p.pk}").json()["status"] == "unknown"
    assert Client().get("/api/v1/persons?status=imprisoned").json()["count"] == 0
    figure = statistics.compute(rules.get("persons_by_status"), policy.PUBLIC)
    assert figure.total == 0
    assert "imprisoned" not in Client().get("/").content.decode().lower()


def test_sees_answers_as_visible_does_for_loaded_records():
    from rollcall.registry.models import Organization, Place

    kept = Batch.objects.create(label="kept", kind="import", created_by="t")
    gone = Batch.objects.create(label="gone", kind="import", created_by="t", state="withdrawn")
    records = []
    for level in (sens.PUBLIC, sens.RESTRICTED, sens.CONFIDENTIAL):
        for batch in (None, kept, gone):
            records.append(Place.objects.create(name=f"Place {level}", kind="village", sensitivity=level, batch=batch))
            records.append(Organization.objects.create(name=f"Org {level}", kind="police", sensitivity=level, batch=batch))
            records.append(make.person(f"Person {level}", level, batch=batch))
    deleted = Place.objects.create(name="Deleted", kind="village")
    deleted.soft_delete()
    merged = make.person("Merged away")
    Person.all_objects.filter(pk=merged.pk).update(merged_into=records[2])
    records += [deleted, Person.all_objects.get(pk=merged.pk)]
    protected = make.person("Protected", sens.PUBLIC, identity_protected=True)
    for person in [*(r for r in records if isinstance(r, Person)), protected]:
        for level in (sens.PUBLIC, sens.CONFIDENTIAL):
            records.append(PersonName.all_objects.create(person=person, text="Other spelling", sensitivity=level))
            records.append(make.act(person, "detention", "2018", level=level))
    for viewer in (policy.PUBLIC, VOLUNTEER, CASEWORKER):
        for obj in records:
            expected = policy.visible(type(obj).all_objects.filter(pk=obj.pk), viewer).exists()
            assert policy.sees(obj, viewer) is expected, (obj, viewer.role)
