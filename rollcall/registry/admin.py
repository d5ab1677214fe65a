from __future__ import annotations

from django.contrib import admin

from rollcall.access import policy
from rollcall.access.admin_base import RecordAdmin
from rollcall.registry.models import (
    Act,
    Batch,
    Facility,
    Incident,
    Organization,
    Person,
    PersonName,
    Place,
    Relationship,
)


class PersonNameInline(admin.TabularInline):
    model = PersonName
    fields = ("text", "kind", "language", "sensitivity")
    extra = 1

    def get_queryset(self, request):
        from rollcall.access import policy

        return policy.visible(super().get_queryset(request), policy.viewer_for(request.user))


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    def get_list_display(self, request):
        return ("__str__", policy.status_field(self.viewer(request)), "ethnicity", "citizenship", "sensitivity")

    def get_list_filter(self, request):
        return (policy.status_field(self.viewer(request)), "ethnicity", "citizenship", "sensitivity")

    search_fields = ("names__text",)
    inlines = [PersonNameInline]

    def get_inlines(self, request, obj):
        if obj is not None and obj.field_level("names") > self.viewer(request).clearance:
            return []
        return super().get_inlines(request, obj)


@admin.register(Act)
class ActAdmin(RecordAdmin):
    list_display = ("__str__", "person", "date", "sensitivity")
    list_filter = ("type", "sensitivity")
    raw_id_fields = ("person",)


for model in (Place, Organization, Facility):
    admin.site.register(model, RecordAdmin, list_display=("name", "kind", "sensitivity"), search_fields=("name",))
admin.site.register(Incident, RecordAdmin)
admin.site.register(Relationship, RecordAdmin, raw_id_fields=("subject", "object"))


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ("label", "kind", "state", "created_by", "created_at")

    def has_module_permission(self, request):
        from rollcall.access import policy

        return policy.viewer_for(request.user).may("view_staff")

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)
