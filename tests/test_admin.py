"""The Django admin goes through the access layer."""

import pytest
from django.test import Client

from rollcall.access import sensitivity as sens
from rollcall.access.models import AuditEntry
from rollcall.registry.models import Person
from tests import factories as make

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_volunteer_sees_restricted_but_not_confidential_persons(users):
    make.person("Restricted Person", sens.RESTRICTED)
    make.person("Confidential Person", sens.CONFIDENTIAL)
    page = client_for(users["volunteer"]).get("/admin/registry/person/").content.decode()
    assert "Restricted Person" in page and "Confidential Person" not in page


def test_a_confidential_field_is_not_in_a_volunteers_form(users):
    p = make.person("Bakhyt Zharykbasova", sens.RESTRICTED, phone="+7 700 000 0000")
    response = client_for(users["volunteer"]).get(f"/admin/registry/person/{p.pk}/change/")
    page = response.content.decode()
    assert response.status_code == 200 and "Bakhyt Zharykbasova" in page
    assert "+7 700 000 0000" not in page and 'name="phone"' not in page


def test_a_caseworker_sees_the_field_and_the_view_is_audited(users):
    p = make.person("Bakhyt Zharykbasova", sens.RESTRICTED, phone="+7 700 000 0000")
    page = client_for(users["caseworker"]).get(f"/admin/registry/person/{p.pk}/change/").content.decode()
    assert "+7 700 000 0000" in page
    assert AuditEntry.objects.filter(action="view", object_id=str(p.pk), actor="caseworker").exists()


def test_a_confidential_record_cannot_be_reached_by_url(users):
    p = make.person("Confidential Person", sens.CONFIDENTIAL)
    response = client_for(users["researcher"]).get(f"/admin/registry/person/{p.pk}/change/")
    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert "Confidential Person" not in client_for(users["researcher"]).get(response.url).content.decode()


def test_the_public_role_cannot_enter_the_admin(db):
    from rollcall.access.models import User

    outsider = User.objects.create_user("outsider", password="x", role="public")
    response = client_for(outsider).get("/admin/")
    assert response.status_code == 302 and "/login" in response.url


def test_deleting_in_the_admin_is_soft(users):
    p = make.person("To Remove", sens.RESTRICTED)
    client = client_for(users["caseworker"])
    client.post(f"/admin/registry/person/{p.pk}/delete/", {"post": "yes"})
    assert not Person.objects.filter(pk=p.pk).exists()
    assert Person.all_objects.get(pk=p.pk).deleted_at is not None


def test_a_volunteer_may_not_edit_or_delete(users):
    p = make.person("Someone", sens.RESTRICTED)
    client = client_for(users["volunteer"])
    client.post(f"/admin/registry/person/{p.pk}/delete/", {"post": "yes"})
    assert Person.objects.filter(pk=p.pk).exists()


def test_only_auditors_read_the_audit_trail(users):
    assert client_for(users["caseworker"]).get("/admin/access/auditentry/").status_code == 403
    assert client_for(users["administrator"]).get("/admin/access/auditentry/").status_code == 200


def test_history_is_shown_to_roles_that_may_see_it(users):
    p = make.person("Edited", sens.RESTRICTED, occupation="a")
    p.occupation = "b"
    p.save()
    page = client_for(users["caseworker"]).get(f"/admin/registry/person/{p.pk}/change/").content.decode()
    assert "<th>who</th>" in page and "occupation" in page
    page = client_for(users["volunteer"]).get(f"/admin/registry/person/{p.pk}/change/").content.decode()
    assert "<th>who</th>" not in page
