"""The Django admin, through the access layer: querysets, fields and permissions come from policy."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from rollcall.access import history, policy


class RecordAdmin(admin.ModelAdmin):
    """Base admin of every sensitive record."""

    list_per_page = 50
    history_fields = ("revision_history",)

    def viewer(self, request) -> policy.Viewer:
        return policy.viewer_for(request.user)

    # What may be seen -----------------------------------------------------------------------
    def get_queryset(self, request):
        return policy.visible(super().get_queryset(request), self.viewer(request))

    def get_exclude(self, request, obj=None):
        viewer = self.viewer(request)
        model = self.model
        hidden = {"field_sensitivity"} if not viewer.may("edit") else set()
        for field in model._meta.concrete_fields + model._meta.many_to_many:
            level = obj.field_level(field.name) if obj is not None else model.FIELD_SENSITIVITY.get(field.name, 0)
            if level > viewer.clearance:
                hidden.add(field.name)
        return tuple(sorted(hidden | set(super().get_exclude(request, obj) or ())))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and self.viewer(request).may("view_history"):
            fields += list(self.history_fields)
        return fields

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f not in self.history_fields]
        if obj is not None and self.viewer(request).may("view_history"):
            fields += list(self.history_fields)
        return fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            policy.note_view(obj, self.viewer(request))
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="history")
    def revision_history(self, obj):
        rows = [
            (r.version, r.at.strftime("%Y-%m-%d %H:%M"), r.author, r.action, ", ".join(sorted(r.changed())))
            for r in history.versions(obj)
        ]
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
        return format_html("<table><tr><th>v</th><th>when</th><th>who</th><th>what</th><th>fields</th></tr>{}</table>",
                           body)

    # What may be done ------------------------------------------------------------------------
    def has_module_permission(self, request):
        return self.viewer(request).may("view_staff")

    def has_view_permission(self, request, obj=None):
        return self.viewer(request).may("view_staff")

    def has_add_permission(self, request):
        viewer = self.viewer(request)
        return viewer.may("edit") or viewer.may("intake")

    def has_change_permission(self, request, obj=None):
        return self.viewer(request).may("edit")

    def has_delete_permission(self, request, obj=None):
        return self.viewer(request).may("edit")

    # Deletion is soft ------------------------------------------------------------------------
    def delete_model(self, request, obj):
        obj.soft_delete()

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            obj.soft_delete()
