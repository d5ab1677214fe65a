"""PDF documents: rendered by Chromium, read back with pdftotext, pages written out as PNG."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from rollcall.access import policy
from rollcall.access import sensitivity as sens
from rollcall.interventions.models import Intervention
from rollcall.registry.models import Organization, Person, Place
from rollcall.reports.documents import wgeid
from tests import factories as make

pytestmark = pytest.mark.django_db
PAGES = Path(__file__).parent / "screenshots" / "documents"
ADMIN = policy.viewer_for_role("administrator")


def pdf_text(path: Path) -> str:
    PAGES.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(PAGES / path.stem)], check=True)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def person_id(name: str) -> int:
    return Person.objects.get(names__text=name).pk


@pytest.fixture
def complete_case(db):
    """A disappearance with all six elements and the family's consent, 30 days ago."""
    today = dt.date.today()
    ili = Place.objects.create(name="Ili", kind="prefecture")
    police = Organization.objects.create(name="Public Security Bureau of Ghulja")
    mfa = Organization.objects.create(name="Ministry of Foreign Affairs of Kazakhstan")
    p = make.person("Nurlan Ospanuly", sens.RESTRICTED, birth_date="1980-04-02")
    mother = make.person("Zhanar Ospanova", sens.RESTRICTED)
    gone = (today - dt.timedelta(days=30)).isoformat()
    make.act(p, "disappearance", gone, place=ili, perpetrator=police, date_text="a month ago")
    Intervention.objects.create(person=p, applicant=mother, authority=mfa, sent_on=today, family_consent=True)
    return p


def test_a_dossier_holds_identity_timeline_evidence_hashes_and_petitions(demo, tmp_path, run_cli):
    out = tmp_path / "dossier.pdf"
    status, _, err = run_cli("document", "dossier", person_id("Baibolat Kunbolat"), out)
    assert status == 0, err
    text = pdf_text(out)
    assert "Case dossier: Baibolat Kunbolat" in text and "Байболат Күнболат" in text
    assert "2022-09-10" in text and "15 days" in text
    sha = Person.objects.get(pk=person_id("Baibolat Kunbolat")).acts.first().evidence.first().source.sha256
    assert sha[:40] in text.replace("\n", "").replace(" ", "")


@pytest.mark.parametrize(("language", "heading", "status_word"),
                         [("kk", "Өтініш", "Хабар-ошарсыз"), ("ru", "Обращение", "Пропал без вести")])
def test_petition_letters_in_kazakh_and_russian(demo, tmp_path, run_cli, language, heading, status_word):
    out = tmp_path / f"petition-{language}.pdf"
    status, _, err = run_cli("document", "petition", person_id("Erlan Demo"), out, "--language", language)
    assert status == 0, err
    text = pdf_text(out)
    assert heading in text and "Erlan Demo" in text and status_word in text


def test_a_wgeid_submission_lists_the_six_elements_and_flags_urgency(complete_case, tmp_path, run_cli):
    check = wgeid.check(complete_case, ADMIN)
    assert [e.code for e in check.elements] == ["identity", "date", "place", "responsible", "steps", "submitter"]
    assert check.ready and check.urgent
    out = tmp_path / "wgeid.pdf"
    status, _, err = run_cli("document", "wgeid", complete_case.pk, out)
    assert status == 0, err
    text = pdf_text(out)
    assert "URGENT" in text and "Public Security Bureau of Ghulja" in text and "Zhanar Ospanova" in text
    assert "MISSING" not in text


def test_a_wgeid_submission_with_missing_elements_is_refused_and_names_them(demo, tmp_path, run_cli):
    out = tmp_path / "wgeid.pdf"
    status, _, err = run_cli("document", "wgeid", person_id("Erlan Demo"), out)
    assert status == 2 and err.count("\n") == 1
    assert "lacks elements the Working Group requires: date, responsible" in err
    assert not out.exists()
    status, _, _ = run_cli("document", "wgeid", person_id("Erlan Demo"), out, "--draft")
    assert status == 0
    assert "MISSING" in pdf_text(out)


def test_an_old_disappearance_is_not_urgent(complete_case):
    act = complete_case.acts.get()
    act.date = "2018-03-05"
    act.save()
    assert not wgeid.check(complete_case, ADMIN).urgent


def test_no_consent_means_not_ready(complete_case):
    Intervention.objects.filter(person=complete_case).update(family_consent=False)
    check = wgeid.check(complete_case, ADMIN)
    assert not check.missing and not check.ready


def test_bad_document_requests_get_one_line_and_no_file(demo, tmp_path, run_cli):
    out = tmp_path / "x.pdf"
    cases = [
        (("document", "petition", person_id("Erlan Demo"), out, "--template", "nope"), "no template 'nope'"),
        (("document", "petition", person_id("Erlan Demo"), out, "--template", "../etc"), "template names are"),
        (("document", "petition", person_id("Erlan Demo"), out), "no template 'petition' for language 'en'"),
        (("document", "dossier", 99999, out), "no person #99999"),
    ]
    for args, message in cases:
        status, _, err = run_cli(*args)
        assert status == 2 and message in err and err.count("\n") == 1, err
        assert not out.exists()


def test_a_template_in_the_data_folder_overrides_the_shipped_one(demo, data_dir, tmp_path, run_cli):
    folder = data_dir / "templates" / "reports"
    folder.mkdir(parents=True)
    (folder / "petition_ru.html").write_text("<html><body><p>Особый шаблон для {{ name }}</p></body></html>",
                                             encoding="utf-8")
    out = tmp_path / "custom.pdf"
    assert run_cli("document", "petition", person_id("Erlan Demo"), out, "--language", "ru")[0] == 0
    assert "Особый шаблон для Erlan Demo" in pdf_text(out)
