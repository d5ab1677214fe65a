from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from rollcall.access import policy
from rollcall.access.models import AuditEntry, User


def _is_admin(request) -> bool:
    return policy.viewer_for(request.user).may("admin")


@admin.register(User)
class RollcallUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Rollcall", {"fields": ("role",)}))
    list_display = ("username", "role", "is_active", "last_login")
    list_filter = ("role", "is_active")

    def has_module_permission(self, request):
        return _is_admin(request)

    has_view_permission = has_change_permission = has_add_permission = lambda self, request, obj=None: _is_admin(request)

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: audit entries name their actors


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("seq", "at", "actor", "role", "action", "target", "object_id")
    list_filter = ("action", "role")
    search_fields = ("actor", "target", "object_id")

    def has_module_permission(self, request):
        return policy.viewer_for(request.user).may("audit")

    def has_view_permission(self, request, obj=None):
        return policy.viewer_for(request.user).may("audit")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
