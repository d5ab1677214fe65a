from __future__ import annotations

from django.contrib import admin

from rollcall.access.admin_base import RecordAdmin
from rollcall.sources.models import Attachment, Claim, EvidenceLink, Mention, Source


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    list_display = ("__str__", "kind", "outlet", "published", "sensitivity")
    list_filter = ("kind", "language", "sensitivity")
    search_fields = ("title", "outlet", "author")
    readonly_fields = ("sha256", "captured_at", "captured_by", "original")
    raw_id_fields = ("witness", "near_duplicate_of")


@admin.register(Claim)
class ClaimAdmin(RecordAdmin):
    list_display = ("quantity_text", "subject", "as_of", "said_by_text", "sensitivity")
    list_filter = ("subject",)
    raw_id_fields = ("source", "said_by_person", "repeats")


admin.site.register(EvidenceLink, RecordAdmin, raw_id_fields=("source", "act", "person", "claim"))
admin.site.register(Mention, RecordAdmin, raw_id_fields=("source", "person"))
admin.site.register(Attachment, RecordAdmin, readonly_fields=("sha256", "size", "media_type", "filename"))
