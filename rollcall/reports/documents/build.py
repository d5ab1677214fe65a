"""Context for each document, built through the access layer, and rendering to HTML or PDF."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, engines
from django.template.loader import select_template
from django.utils import translation

from rollcall import vocabularies
from rollcall.access import audit, policy
from rollcall.interventions.models import Intervention
from rollcall.registry.models import Act, Person, PersonName
from rollcall.reports.documents import pdf, wgeid
from rollcall.sources.models import EvidenceLink

KINDS = ("dossier", "wgeid", "petition")


class DocumentError(Exception):
    pass


def _person(person_id: int, viewer: policy.Viewer) -> Person:
    person = policy.visible(Person.objects.all(), viewer).filter(pk=person_id).first()
    if person is None:
        raise DocumentError(f"no person #{person_id} that you may see")
    return person


def _context(person: Person, viewer: policy.Viewer, language: str) -> dict:
    act_types = vocabularies.get("act_types")
    acts = list(policy.visible(Act.objects.filter(person=person), viewer)
                .select_related("place", "facility", "perpetrator").order_by("date_earliest", "pk"))
    evidence = list(policy.visible(EvidenceLink.objects.filter(act__person=person), viewer)
                    .select_related("source", "act").order_by("act__date_earliest", "pk"))
    names = (list(policy.visible(PersonName.objects.filter(person=person), viewer))
             if policy.can_see_field(person, "names", viewer) else [])
    fields = policy.redact(person, viewer)
    return {
        "person": person, "fields": fields, "name": policy.display_name(person, viewer), "names": names,
        "status": vocabularies.get("statuses")[policy.status_of(person, viewer)].label(language),
        "ethnicity": vocabularies.get("ethnicities")[person.ethnicity].label(language) if fields.get("ethnicity") else "",
        "citizenship": (vocabularies.get("citizenships")[person.citizenship].label(language)
                        if fields.get("citizenship") else ""),
        "acts": [{"act": a, "type": act_types[a.type].label(language), "uncertain": a.date_earliest != a.date_latest}
                 for a in acts],
        "evidence": evidence,
        "petitions": list(policy.visible(Intervention.objects.filter(person=person), viewer)
                          .select_related("authority", "applicant")),
        "check": wgeid.check(person, viewer),
        "today": dt.date.today(), "language": language, "viewer": viewer,
    }


def template_for(kind: str, language: str, name: str | None = None):
    """The template: a named one, or the kind's own in the language if one exists, else its default.

    Staff edit templates by placing a file of the same name in <data folder>/templates/reports/:
    it takes precedence over the one shipped with Rollcall.
    """
    if kind not in KINDS:
        raise DocumentError(f"unknown document {kind!r} (allowed: {', '.join(KINDS)})")
    if name is not None and not re.fullmatch(r"[a-z0-9_]+", name):
        raise DocumentError(f"template names are lower-case letters, digits and _ (not {name!r})")
    candidates = [name] if name else [f"{kind}_{language}", kind]
    for candidate in candidates:
        edited = settings.DATA_DIR / "templates" / "reports" / f"{candidate}.html"
        if edited.is_file():
            return engines["django"].from_string(edited.read_text(encoding="utf-8"))
    try:
        return select_template([f"reports/{c}.html" for c in candidates])
    except TemplateDoesNotExist:
        raise DocumentError(f"no template {name or kind!r} for language {language!r}") from None


def render_html(kind: str, person_id: int, viewer: policy.Viewer, language: str = "en",
                template: str | None = None, draft: bool = False) -> str:
    """The document as HTML. A WGEID submission with elements missing is refused unless `draft`:
    the draft marks each missing element, for the case worker to complete the record."""
    person = _person(person_id, viewer)
    chosen = template_for(kind, language, template)
    with translation.override(language):  # labels in the context too (a petition's kind) follow the document
        context = _context(person, viewer, language)
        if kind == "wgeid" and context["check"].missing and not draft:
            missing = ", ".join(e.code for e in context["check"].missing)
            raise DocumentError(f"person #{person_id} lacks elements the Working Group requires: {missing} "
                                "(--draft writes a draft that marks them)")
        html = chosen.render(context)
    policy.note_view(person, viewer)
    return html


def render_pdf(kind: str, person_id: int, out: Path, viewer: policy.Viewer, language: str = "en",
               template: str | None = None, draft: bool = False) -> Path:
    html = render_html(kind, person_id, viewer, language, template, draft)
    try:
        pdf.html_to_pdf(html, out)
    except pdf.RenderError as exc:
        raise DocumentError(str(exc)) from None
    audit.record("document", "registry.person", person_id, {"kind": kind, "language": language},
                 actor=viewer.as_actor())
    return Path(out)
