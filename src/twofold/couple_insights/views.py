from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from twofold.couple_insights import charts, services
from twofold.insights import TARGET
from twofold.privacy.access import couple_for_viewer


@login_required
def insights_page(request: HttpRequest, couple_id: int) -> HttpResponse:
    couple, relation = couple_for_viewer(request.user, couple_id, request=request, what="couple insights")
    insights = services.insights_for(request.user, couple)
    context = {"couple": couple, "relation": relation, "insights": insights, "target": TARGET}
    if insights is not None:
        context["ratio_svg"] = charts.ratio_chart(insights.weekly_ratio, TARGET)
        context["trend_svg"] = charts.harmful_rate_chart(insights.trends)
        context["per_partner_ratio"] = sorted(insights.ratio.per_partner.items())
        context["horsemen"] = sorted(insights.horsemen.items())
    return render(request, "couple_insights/insights.html", context)
