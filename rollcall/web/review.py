"""The review queue: proposals from ingestion (persons, acts, claims) accepted or rejected by a person.

Decisions go through rollcall.sources.proposals (one transaction each; audit and history come
from the model signals). Duplicate pairs come from rollcall.linkage (merge and unmerge through its services).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rollcall import vocabularies
from rollcall.access import policy
from rollcall.registry.models import Person
from rollcall.sources import proposals as proposal_service
from rollcall.sources.models import Proposal
from rollcall.web import datewords, services
from rollcall.web.access import requires, viewer_of
from rollcall.web.views import label, persons_for

PER_PAGE = 50


def _summary(p: Proposal) -> str:
    data = p.payload or {}
    if p.kind == "claim":
        return f"{data.get('quantity_text', '')} — {label('claim_subjects', data.get('subject', ''))}".strip(" —")
    if p.kind == "act":
        who = data.get("person_name") or data.get("name") or ""
        return f"{label('act_types', data.get('type', ''))}: {who} {datewords.describe(data.get('date', ''))}".strip()
    return data.get("name", "")


@requires("review")
def review(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    kind = request.GET.get("kind", "")
    queue = policy.visible(Proposal.objects.filter(state="proposed"), viewer).select_related("source")
    kinds = vocabularies.get("proposal_kinds")
    if kind in kinds:
        queue = queue.filter(kind=kind)
    page = Paginator(queue.order_by("-confidence", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    pairs, merges = _duplicates(viewer)
    rows = [{"id": p.pk, "kind": label("proposal_kinds", p.kind), "summary": _summary(p), "confidence": p.confidence,
             "sentence": (p.payload or {}).get("sentence", ""), "source": p.source} for p in page.object_list]
    return render(request, "web/review.html", {"rows": rows, "page": page, "kind": kind, "pairs": pairs,
                                               "merges": merges,
                                               "kinds": [(t.code, label("proposal_kinds", t.code)) for t in kinds]})


def _duplicates(viewer: policy.Viewer) -> tuple[list[dict], list[dict]]:
    """Open duplicate pairs whose two persons the viewer may see, and recent merges (undoable)."""
    from rollcall.linkage.models import DuplicateCandidate, Merge

    persons = policy.visible(Person.objects.all(), viewer)
    open_pairs = list(DuplicateCandidate.objects.filter(state="open", person_a__in=persons, person_b__in=persons)
                      .order_by("-score", "pk")[:PER_PAGE])
    merges = list(Merge.objects.filter(undone_at__isnull=True, keep__in=persons).order_by("-merged_at")[:20])
    ids = {c.person_a_id for c in open_pairs} | {c.person_b_id for c in open_pairs} | {m.keep_id for m in merges}
    shown = {p.pk: policy.display_name(p, viewer) for p in persons_for(viewer, persons.filter(pk__in=ids))}
    pairs = [{"id": c.pk, "a": c.person_a_id, "b": c.person_b_id, "a_name": shown.get(c.person_a_id, ""),
              "b_name": shown.get(c.person_b_id, ""), "score": c.score} for c in open_pairs]
    done = [{"id": m.pk, "keep": m.keep_id, "name": shown.get(m.keep_id, ""), "other": m.other_id,
             "at": m.merged_at, "by": m.merged_by} for m in merges]
    return pairs, done


@require_POST
@requires("review")
def duplicate(request: HttpRequest, candidate_id: int) -> HttpResponse:
    from rollcall.linkage.merging import MergeError
    from rollcall.linkage.models import DuplicateCandidate

    viewer = viewer_of(request)
    try:
        if request.POST.get("action") == "reject":
            services.reject_duplicate(candidate_id, viewer)
            messages.success(request, _("Marked as two different persons."))
        else:
            services.merge_duplicate(candidate_id, int(request.POST.get("keep", "0")), viewer)
            messages.success(request, _("Merged. The merge can be undone below."))
    except (DuplicateCandidate.DoesNotExist, services.IntakeError, ValueError):
        raise Http404("no such pair") from None
    except MergeError:  # its text is for the log; the reviewer reads why in their language
        messages.error(request, _("These two records cannot be merged now: one of them was merged or deleted since."))
    return redirect("review")


@require_POST
@requires("review")
def unmerge(request: HttpRequest, merge_id: int) -> HttpResponse:
    from rollcall.linkage.merging import MergeError
    from rollcall.linkage.models import Merge

    try:
        services.unmerge(merge_id, viewer_of(request))
        messages.success(request, _("The merge is undone."))
    except (Merge.DoesNotExist, services.IntakeError):
        raise Http404("no such merge") from None
    except MergeError:
        messages.error(request, _("This merge cannot be undone now: it was undone already, or the person was "
                                  "merged again since (undo that merge first)."))
    return redirect("review")


@require_POST
@requires("review")
def decide(request: HttpRequest, proposal_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    found = policy.visible(Proposal.objects.all(), viewer).filter(pk=proposal_id).first()
    if found is None:
        raise Http404("no such proposal")
    action = request.POST.get("action")
    try:
        if action == "accept":
            proposal_service.accept(found)
            messages.success(request, _("Accepted."))
        elif action == "reject":
            proposal_service.reject(found)
            messages.success(request, _("Rejected."))
        else:
            raise Http404("no such action")
    except proposal_service.ProposalError:
        if found.state != "proposed":
            messages.error(request, _("This proposal was already decided."))
        else:
            messages.error(request, _("This proposal cannot be accepted: the record it refers to is not in the "
                                      "registry."))
    return redirect("review")
