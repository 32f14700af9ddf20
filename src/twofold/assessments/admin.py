"""Admin shows who took what and when, never answers or scores."""

from django.contrib import admin

from twofold.assessments.models import AssessmentResult, Sitting


@admin.register(Sitting)
class SittingAdmin(admin.ModelAdmin):
    list_display = ("pk", "person", "instrument_id", "instrument_version", "started_at", "submitted_at")
    fields = ("person", "instrument_id", "instrument_version", "started_at", "submitted_at")
    readonly_fields = fields


@admin.register(AssessmentResult)
class AssessmentResultAdmin(admin.ModelAdmin):
    list_display = ("pk", "owner", "instrument_id", "instrument_version", "visibility", "created_at")
    fields = ("owner", "couple", "instrument_id", "instrument_version", "visibility", "created_at")
    readonly_fields = fields
