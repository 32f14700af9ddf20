from django.contrib import admin

from twofold.couples.models import Couple, Membership, TherapistLink


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    readonly_fields = ("user", "joined_at", "left_at")


@admin.register(Couple)
class CoupleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "created_at")
    inlines = [MembershipInline]


@admin.register(TherapistLink)
class TherapistLinkAdmin(admin.ModelAdmin):
    list_display = ("couple", "therapist", "invited_email", "claimed_at", "revoked_at")
