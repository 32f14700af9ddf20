"""Admin for the access audit, and a mixin that audits every admin look at personal data."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from twofold.privacy.audit import export_csv, record_access
from twofold.privacy.models import AccessRecord


class AuditedAdmin(admin.ModelAdmin):
    """Use for every model holding personal data: opening its list or an item is recorded."""

    def changelist_view(self, request: HttpRequest, extra_context=None):
        record_access(request, request.user, what=f"admin list of {self.model._meta.verbose_name_plural}")
        return super().changelist_view(request, extra_context)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        item = self.get_object(request, object_id)
        record_access(
            request,
            request.user,
            what=f"admin view of {self.model._meta.verbose_name} #{object_id}",
            couple=getattr(item, "couple", None),
            subject=getattr(item, "owner", None),
        )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    list_display = ("at", "viewer_label", "viewer_role", "couple", "what", "route")
    list_filter = ("viewer_role",)
    actions = ["export_as_csv"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.action(description="Export the selected records as CSV")
    def export_as_csv(self, request: HttpRequest, queryset):
        response = HttpResponse(export_csv(queryset), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="twofold-access-log.csv"'
        return response
