"""Read-mostly admin views for support staff; the work itself happens in the portal's pages,
which keep the rules (status changes, sign-off voiding) that a raw admin edit would bypass."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CaseStudy, SignOff, StatusChange, Template


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_status", "to_status", "by", "note", "at"]

    def has_add_permission(self, request, obj=None):
        return False


class SignOffInline(admin.TabularInline):
    model = SignOff
    extra = 0
    can_delete = False
    readonly_fields = ["party", "name", "role", "method", "signed_at", "voided_at"]
    exclude = ["text_digest", "evidence", "recorded_by", "voided_reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CaseStudy)
class CaseStudyAdmin(SimpleHistoryAdmin):
    list_display = ["title", "dpulo", "commissioner_name", "status", "updated_at"]
    list_filter = ["status", "region"]
    search_fields = ["title", "commissioner_name", "dpulo__name"]
    readonly_fields = ["status", "template_version", "submitted_at", "approved_at"]
    inlines = [StatusChangeInline, SignOffInline]


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    readonly_fields = ["slug"]
