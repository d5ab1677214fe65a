"""Statements: queries compiled once per shape give what their querysets give, every time."""

import datetime as dt

import pytest
from django.db import connection

from rollcall.access import policy
from rollcall.access import sensitivity as sens
from rollcall.access.statements import Statement, StatementError
from rollcall.registry.models import Batch, Person, PersonName
from tests import factories as make

pytestmark = pytest.mark.django_db

VIEWERS = (policy.PUBLIC, policy.viewer_for_role("volunteer"), policy.viewer_for_role("caseworker"))


def _names(viewer, person_ids):
    return (policy.visible(PersonName.objects.filter(person__in=person_ids), viewer)
            .order_by("person", "pk").values_list("person_id", "text"))


def _persons(viewer, low):
    return (policy.visible(Person.objects.filter(pk__gte=low), viewer).order_by("pk")
            .values_list("pk", "identity_protected", "created_at", "field_sensitivity"))


NAMES, PERSONS = Statement(_names), Statement(_persons)


def _registry():
    batch = Batch.objects.create(label="list", kind="import", created_by="t")
    people = [make.person(f"Person {level}", level) for level in (sens.PUBLIC, sens.RESTRICTED, sens.CONFIDENTIAL)]
    people.append(make.person("In a batch", sens.PUBLIC, batch=batch))
    people.append(make.person("Protected", sens.PUBLIC, identity_protected=True, field_sensitivity={"sex": 2}))
    return batch, people


def test_rows_are_the_querysets_for_every_clearance_and_list_length():
    _, people = _registry()
    ids = [p.pk for p in people]
    for viewer in VIEWERS:
        for n in range(1, len(ids) + 1):
            assert NAMES(viewer, ids[:n]) == list(_names(viewer, ids[:n])), (viewer.role, n)
        assert NAMES(viewer, [ids[0], ids[0]]) == list(_names(viewer, [ids[0]]))


def test_values_are_converted_as_the_queryset_converts_them():
    _, people = _registry()
    for viewer in VIEWERS:
        rows = PERSONS(viewer, people[0].pk)
        assert rows == list(_persons(viewer, people[0].pk))
    rows = PERSONS(VIEWERS[-1], people[0].pk)
    assert all(isinstance(protected, bool) and isinstance(created, dt.datetime) for _, protected, created, _ in rows)
    assert {"sex": 2} in [fields for *_, fields in rows]


def test_a_withdrawn_batch_disappears_from_compiled_statements():
    batch, people = _registry()
    ids = [p.pk for p in people]
    before = NAMES(policy.PUBLIC, ids)
    assert "In a batch" in [text for _, text in before]
    batch.state = "withdrawn"
    batch.save()
    after = NAMES(policy.PUBLIC, ids)
    assert "In a batch" not in [text for _, text in after]
    assert after == list(_names(policy.PUBLIC, ids))


def test_nothing_is_kept_but_the_sql():
    _, people = _registry()
    ids = [p.pk for p in people]
    assert "Person 0" in [text for _, text in NAMES(policy.PUBLIC, ids)]
    Person.objects.filter(pk=people[0].pk).update(sensitivity=sens.RESTRICTED)
    PersonName.objects.filter(person=people[0]).update(sensitivity=sens.RESTRICTED)
    assert "Person 0" not in [text for _, text in NAMES(policy.PUBLIC, ids)]


def test_an_empty_list_is_a_shape_of_its_own_and_none_a_plain_queryset():
    from django.db.models import Q

    _, people = _registry()
    assert NAMES(policy.PUBLIC, []) == []
    either = Statement(lambda viewer, pk, others: Person.objects.filter(Q(pk=pk) | Q(pk__in=others)).values_list("pk"))
    assert either(policy.PUBLIC, people[0].pk, []) == [(people[0].pk,)]
    assert sorted(either(policy.PUBLIC, people[0].pk, [people[1].pk])) == [(people[0].pk,), (people[1].pk,)]
    merged = Statement(lambda viewer, pk: Person.objects.filter(merged_into=pk).values_list("pk"))
    assert merged(policy.PUBLIC, None) == list(Person.objects.filter(merged_into=None).values_list("pk"))


def test_the_query_is_built_for_the_clearance_alone():
    seen = []

    def build(viewer, pk):
        seen.append(viewer)
        return Person.objects.filter(pk=pk).values_list("pk")

    Statement(build)(policy.viewer_for_role("caseworker", "someone", user_id=7), 1)
    assert seen[0].clearance == sens.CONFIDENTIAL
    assert (seen[0].name, seen[0].user_id, seen[0].can) == ("", None, frozenset())


def test_a_lookup_that_transforms_its_value_is_refused():
    statement = Statement(lambda viewer, text: PersonName.objects.filter(text__icontains=text).values_list("pk"))
    with pytest.raises(StatementError, match="transformed"):
        statement(policy.PUBLIC, "Aigul")


def test_instances_are_the_querysets_with_their_related_records(django_assert_num_queries):
    from rollcall.registry.models import Act, Place

    _, people = _registry()
    ghulja = Place.objects.create(name="Ghulja", kind="city", sensitivity=sens.PUBLIC)
    for person in people:
        make.act(person, "detention", "2018-03", place=ghulja)

    def acts(viewer, person_ids):
        return (policy.visible(Act.objects.filter(person__in=person_ids), viewer)
                .select_related("place", "person").order_by("pk"))

    statement = Statement(acts)
    ids = [p.pk for p in people]
    for viewer in VIEWERS:
        expected = list(acts(viewer, ids))
        with policy.one_reading_per_request():
            statement(viewer, ids)  # compiled, as by an earlier request
            policy.withdrawn_batches()  # read once by the request
            with django_assert_num_queries(1):
                made = statement(viewer, ids)
                assert [a.place.name for a in made] == ["Ghulja"] * len(made)  # loaded with the act
                assert [a.person.sensitivity for a in made] == [a.person.sensitivity for a in expected]
        assert [(a.pk, a.type, a.date, a.person_id) for a in made] == [(a.pk, a.type, a.date, a.person_id) for a in expected]
        assert all(isinstance(a, Act) and a._state.db == "default" and not a._state.adding for a in made)


def test_what_cannot_be_a_statement_is_refused():
    with pytest.raises(StatementError, match="values_list"):
        Statement(lambda viewer, pk: Person.objects.filter(pk=pk).values("pk"))(policy.PUBLIC, 1)
    with pytest.raises(StatementError, match="prefetch"):
        Statement(lambda viewer, pk: Person.objects.filter(pk=pk).prefetch_related("names"))(policy.PUBLIC, 1)
    with pytest.raises(StatementError, match="bound again"):
        Statement(lambda viewer, flag: Person.objects.filter(identity_protected=flag).values_list("pk"))(policy.PUBLIC, True)


def test_a_value_its_column_cannot_hold_is_refused_not_run_as_nothing():
    from rollcall.access.models import Revision

    assert Statement(lambda viewer, v: Revision.objects.filter(version=v).values_list("pk"))(policy.PUBLIC, 3) == []
    _registry()
    by_level = Statement(lambda viewer, level: Person.objects.filter(sensitivity=level).order_by("pk").values_list("pk"))
    try:
        rows = by_level(policy.PUBLIC, sens.RESTRICTED)
    except StatementError as refused:  # PostgreSQL's small integer column cannot hold the marker
        assert connection.vendor == "postgresql" and "range" in str(refused)
    else:  # SQLite's integers hold it: bound again like any value
        assert connection.vendor == "sqlite"
        assert rows == list(Person.objects.filter(sensitivity=sens.RESTRICTED).order_by("pk").values_list("pk"))


def test_a_plain_statement_needs_no_viewer_and_ignores_withdrawn_batches(django_assert_num_queries):
    from rollcall.access.statements import PlainStatement

    batch, people = _registry()
    by_batch = PlainStatement(lambda ids: Person.all_objects.filter(pk__in=ids).order_by("pk").values_list("pk", "batch_id"))
    ids = [p.pk for p in people]
    assert by_batch(ids) == list(Person.all_objects.filter(pk__in=ids).order_by("pk").values_list("pk", "batch_id"))
    batch.state = "withdrawn"
    batch.save()
    with django_assert_num_queries(1):  # no read of the withdrawn batches: they are not part of its shape
        rows = by_batch(ids)
    assert (people[3].pk, batch.pk) in rows and len(rows) == len(people)


def test_the_withdrawn_batches_are_read_by_a_plain_statement():
    batch, _ = _registry()
    assert batch.pk not in policy.withdrawn_batches()
    batch.state = "withdrawn"
    batch.save()
    assert batch.pk in policy.withdrawn_batches()
