"""For random records and random viewers, nothing above the viewer's clearance appears anywhere."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollcall.access import policy
from rollcall.access import sensitivity as sens
from rollcall.registry.models import Act, Person, PersonName
from rollcall.reports.export import dataset
from rollcall.sources.models import Claim, Source

LEVELS = st.sampled_from([sens.PUBLIC, sens.RESTRICTED, sens.CONFIDENTIAL])


@dataclass
class PersonSpec:
    level: int
    name_level: int
    protected: bool
    act_level: int
    source_level: int
    claim_level: int


SPECS = st.lists(st.builds(PersonSpec, LEVELS, LEVELS, st.booleans(), LEVELS, LEVELS, LEVELS), min_size=1, max_size=4)


def plant(specs: list[PersonSpec]) -> dict[str, int]:
    """Create the records; returns each planted marker with the lowest clearance allowed to see it."""
    markers: dict[str, int] = {}

    def marker(kind: str, i: int, level: int) -> str:
        token = f"MK{kind}{i}Z"
        markers[token] = level
        return token

    for i, s in enumerate(specs):
        p = Person.objects.create(
            sensitivity=s.level, identity_protected=s.protected,
            occupation=marker("occ", i, s.level),
            phone=marker("phone", i, sens.CONFIDENTIAL),
            notes=marker("notes", i, max(s.level, sens.RESTRICTED)),
        )
        name_level = max(s.name_level, s.level, sens.CONFIDENTIAL if s.protected else 0)
        PersonName.objects.create(person=p, text="Name " + marker("name", i, name_level), sensitivity=s.name_level)
        Act.objects.create(person=p, type="detention", date="2018-21", sensitivity=s.act_level,
                           description=marker("act", i, max(s.act_level, s.level)))
        src = Source.objects.create(kind="testimony", title=marker("title", i, s.source_level), captured_by="t",
                                    text=marker("text", i, s.source_level), sensitivity=s.source_level)
        Claim.objects.create(source=src, subject="people_detained", value=1, quantity_text="one",
                             sentence=marker("claim", i, max(s.claim_level, s.source_level)),
                             sensitivity=s.claim_level)
    return markers


def everything_shown(client: Client) -> tuple[str, str]:
    """(API text, page text) for every list and detail a caller can ask for."""
    api, pages = [], []
    for path in ("persons", "acts", "sources", "claims"):
        api.append(client.get(f"/api/v1/{path}?limit=500").content.decode())
    for pk in Person.all_objects.values_list("pk", flat=True):
        api.append(client.get(f"/api/v1/persons/{pk}").content.decode())
        pages.append(client.get(f"/persons/{pk}/").content.decode())
    for pk in Source.all_objects.values_list("pk", flat=True):
        api.append(client.get(f"/api/v1/sources/{pk}").content.decode())
    pages.append(client.get("/").content.decode())
    return "\n".join(api), "\n".join(pages)


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=SPECS)
def test_nothing_above_clearance_reaches_the_api_pages_or_public_export(specs, users):
    with transaction.atomic():
        markers = plant(specs)
        viewers = {"public": None, **{role: users[role] for role in users}}
        for role, user in viewers.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            clearance = policy.viewer_for(user).clearance
            api_text, page_text = everything_shown(client)
            for token, level in markers.items():
                if level > clearance:
                    assert token not in api_text, f"{role} saw {token} (level {level}) in the API"
                    assert token not in page_text, f"{role} saw {token} (level {level}) on a page"
                else:
                    assert token in api_text, f"{role} should see {token} (level {level}) in the API"

        public_export = json.dumps(dataset(policy.PUBLIC))
        for token, level in markers.items():
            assert (token in public_export) == (level == sens.PUBLIC), token
        transaction.set_rollback(True)
