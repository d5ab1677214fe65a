from __future__ import annotations

from django.contrib import admin

from rollcall.reports.models import CountingRule

admin.site.register(CountingRule, list_display=("code", "version", "title", "published_at"))
