from django.contrib import admin

from .models import Answer, Call, Criterion, ExpressionOfInterest, Extension, Submission


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.has_submissions())

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.has_submissions())

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.has_submissions())


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "run_by", "opens_at", "closes_at", "page_limit"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CriterionInline]


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    readonly_fields = ["criterion", "text", "amount", "version", "updated_at", "updated_by"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(admin.ModelAdmin):
    list_display = ["reference", "organisation", "call", "status", "submitted_at"]
    list_filter = ["call", "status"]
    search_fields = ["reference", "organisation__name", "organisation_name"]
    readonly_fields = [
        "reference",
        "status",
        "submitted_at",
        "submitted_by",
        "submitted_pages",
        "withdrawn_at",
        "created_by",
    ]
    inlines = [AnswerInline]


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "call", "closes_at", "granted_by", "granted_at"]
    readonly_fields = ["granted_by", "granted_at"]

    def save_model(self, request, obj, form, change):
        obj.granted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["expression_of_interest", "number", "submitted_at", "pages"]
    readonly_fields = [
        "expression_of_interest",
        "number",
        "submitted_at",
        "submitted_by",
        "pages",
        "content",
    ]
    exclude = ["pdf"]
