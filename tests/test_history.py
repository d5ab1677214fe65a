"""Every change keeps the previous version with author and time; deletion is soft."""

import pytest
from django.test import Client

from rollcall.access import history
from rollcall.access.actor import Actor, acting_as
from rollcall.access.models import Revision
from rollcall.registry.models import Person
from tests import factories as make

pytestmark = pytest.mark.django_db


def test_an_edit_leaves_a_version_with_author_and_old_value():
    p = make.person("Akikat Kaliolla", occupation="musician")
    with acting_as(Actor("caseworker1", "caseworker")):
        p.occupation = "singer"
        p.save()
    last = history.versions(p).last()
    assert last.action == "update" and last.author == "caseworker1"
    assert last.changes == {"occupation": ["musician", "singer"]}
    assert last.state["occupation"] == "singer"


def test_a_create_stores_its_state_once_and_changed_every_field_from_nothing():
    p = make.person("Akikat Kaliolla", occupation="musician")
    first = history.versions(p).first()
    assert first.action == "create" and first.changes == {}
    assert first.changed() == {k: [None, v] for k, v in first.state.items()}
    assert first.changed()["occupation"] == [None, "musician"]
    older = Revision(action="create", changes={"occupation": [None, "x"]}, state={"occupation": "x", "notes": ""})
    assert older.changed() == {"occupation": [None, "x"]}  # a version stored with its changes keeps them


def test_saving_without_a_change_adds_no_version():
    p = make.person()
    n = history.versions(p).count()
    p.save()
    assert history.versions(p).count() == n


def test_deletion_is_soft_and_recorded():
    p = make.person("Nurzat Yermekbay")
    p.soft_delete()
    assert Person.all_objects.filter(pk=p.pk).exists()
    assert not Person.objects.filter(pk=p.pk).exists()
    assert history.versions(p).last().action == "delete"
    p.undelete()
    assert history.versions(p).last().action == "restore"


def test_versions_are_numbered_in_order():
    p = make.person()
    for job in ("a", "b", "c"):
        p.occupation = job
        p.save()
    assert list(history.versions(p).values_list("version", flat=True)) == [1, 2, 3, 4]


def test_staff_can_read_history_through_the_api_without_hidden_fields(users):
    p = make.person("Bakhyt Zharykbasova", phone="111")
    p.phone = "222"
    p.occupation = "relative"
    p.save()
    client = Client()
    client.force_login(users["researcher"])  # may see history, not confidential fields
    data = client.get(f"/api/v1/history/person/{p.pk}").json()
    changes = data["versions"][-1]["changes"]
    assert changes == {"occupation": ["", "relative"]}
    client.force_login(users["caseworker"])
    changes = client.get(f"/api/v1/history/person/{p.pk}").json()["versions"][-1]["changes"]
    assert changes["phone"] == ["111", "222"]


def test_the_api_gives_a_create_its_changes_from_the_state_without_hidden_fields(users):
    p = make.person("Bakhyt Zharykbasova", phone="111", occupation="relative")
    client = Client()
    client.force_login(users["researcher"])
    created = client.get(f"/api/v1/history/person/{p.pk}").json()["versions"][0]
    assert created["action"] == "create"
    assert created["changes"]["occupation"] == [None, "relative"] and "phone" not in created["changes"]
    client.force_login(users["caseworker"])
    created = client.get(f"/api/v1/history/person/{p.pk}").json()["versions"][0]
    assert created["changes"]["phone"] == [None, "111"]


def test_a_volunteer_may_not_read_history(users):
    p = make.person()
    client = Client()
    client.force_login(users["volunteer"])
    assert client.get(f"/api/v1/history/person/{p.pk}").status_code == 403


def test_history_is_kept_when_a_record_is_purged():
    p = make.person()
    pk = p.pk
    p.delete()
    assert Revision.objects.filter(target="registry.person", object_id=str(pk), action="purge").exists()


def _saves(existing: Person) -> list[Person]:
    """Saves of a visit: a new person twice, an existing one, a name; under another actor at the end."""
    with acting_as(Actor("caseworker1", "caseworker")):
        person = make.person("Gulzira Auelkhan", occupation="teacher")
        person.occupation = "farmer"
        person.save()
        existing.occupation = "driver"
        existing.save()
    with acting_as(Actor("volunteer1", "volunteer")):
        person.occupation = "nurse"
        person.save()
    return [person, existing]


VARYING = {"id", "created_at", "updated_at"}  # differ between two runs of the same saves


def _written(persons: list[Person]) -> tuple[list, list]:
    from rollcall.access.models import AuditEntry

    revisions = [(r.target, r.version, r.author, r.action,
                  {k: v for k, v in r.changed().items() if k not in VARYING},
                  {k: v for k, v in r.state.items() if k not in VARYING})
                 for p in persons for r in history.versions(p)]
    entries = [(e.actor, e.role, e.action, e.target, e.detail["version"], [f for f in e.detail["fields"] if f not in VARYING])
               for e in AuditEntry.objects.order_by("seq") if e.target == "registry.person"]
    return revisions, entries


def test_batched_saves_write_the_versions_and_audit_entries_of_saves_one_by_one():
    from rollcall.access import audit
    from rollcall.access.models import AuditEntry, AuditHead

    one_by_one = _written(_saves(make.person("Erlan Zhumagali")))
    Revision.objects.all().delete()
    AuditEntry.objects.all().delete()
    AuditHead.objects.all().delete()
    existing = make.person("Erlan Zhumagali")
    with history.batched():
        persons = _saves(existing)
        assert not Revision.objects.filter(object_id=str(persons[0].pk)).exists()  # kept until the block ends
    batched = _written(persons)
    assert batched == one_by_one
    assert [r[1] for r in batched[0]] == [1, 2, 3, 1, 2]
    assert audit.verify().ok


def test_a_batch_that_fails_writes_nothing():
    before = Revision.objects.count()
    with pytest.raises(RuntimeError), history.batched():
        make.person("Never Written")
        raise RuntimeError("the visit could not be recorded")
    assert Revision.objects.count() - before == 0
