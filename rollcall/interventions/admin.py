from __future__ import annotations

from django.contrib import admin

from rollcall.access.admin_base import RecordAdmin
from rollcall.interventions.models import Intervention


@admin.register(Intervention)
class InterventionAdmin(RecordAdmin):
    list_display = ("__str__", "person", "outcome", "follow_up_on", "sensitivity")
    list_filter = ("outcome", "kind")
    raw_id_fields = ("person", "applicant")

    def has_add_permission(self, request):
        return self.viewer(request).may("petition")
