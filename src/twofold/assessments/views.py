"""Assessment pages: thin wrappers over `services`; every read goes through the privacy rule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from twofold.assessments import catalogue, present, services
from twofold.assessments.forms import PageForm, SharingForm
from twofold.assessments.models import AssessmentResult
from twofold.couples.services import couple_ids_with_therapist_access, partners_of
from twofold.couples.models import Couple
from twofold.instruments import AnswerError, Instrument, UnknownInstrumentError, list_instruments
from twofold.privacy.access import couple_for_viewer, get_visible_or_404
from twofold.privacy.models import Visibility
from twofold.safety import load_locale


def _for_people(instrument_id: str) -> Instrument:
    try:
        return catalogue.for_people_by_id(instrument_id)
    except UnknownInstrumentError:
        raise Http404("No such questionnaire") from None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_therapist:
        couples = Couple.objects.filter(pk__in=couple_ids_with_therapist_access(user)).order_by("pk")
        return render(request, "assessments/therapist_index.html", {"couples": [(c, partners_of(c)) for c in couples]})
    visible = services.results_visible_to(user)
    titles = {i.id: i.title for i in list_instruments()}

    def titled(results):
        return [(r, titles.get(r.instrument_id, r.instrument_id)) for r in results]

    context = {
        "instruments": catalogue.for_people(),
        "open_sittings": {s.instrument_id for s in services.open_sittings(user)},
        "my_results": titled(visible.filter(owner=user)[:20]),
        "shared_with_me": titled(visible.exclude(owner=user)[:20]),
    }
    return render(request, "assessments/index.html", context)


@login_required
def instrument_page(request: HttpRequest, instrument_id: str) -> HttpResponse:
    instrument = _for_people(instrument_id)
    sitting = services.open_sittings(request.user).filter(instrument_id=instrument.id).first()
    context = {"instrument": instrument, "pages": catalogue.pages(instrument), "sitting": sitting}
    return render(request, "assessments/instrument.html", context)


@require_POST
@login_required
def start(request: HttpRequest, instrument_id: str) -> HttpResponse:
    instrument = _for_people(instrument_id)
    sitting = services.start_or_resume(request.user, instrument)
    page = services.next_page(sitting, instrument)
    return redirect("assessments:page", sitting_id=sitting.pk, number=page.number)


@login_required
def answer_page(request: HttpRequest, sitting_id: int, number: int) -> HttpResponse:
    sitting = services.own_sitting(request.user, sitting_id)
    if sitting.submitted_at is not None:
        messages.info(request, "You already submitted these answers.")
        return redirect("assessments:result", result_id=sitting.result.pk)
    try:
        instrument = services.instrument_of(sitting)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
        return redirect("assessments:instrument", instrument_id=sitting.instrument_id)
    pages = catalogue.pages(instrument)
    if not 1 <= number <= len(pages):
        raise Http404("No such page")
    page = pages[number - 1]
    form = PageForm(instrument, page, request.POST or None, initial=PageForm.initial_from(sitting.answers))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.save_page(request.user, sitting.pk, page.id, form.answers())
            if number < len(pages):
                return redirect("assessments:page", sitting_id=sitting.pk, number=number + 1)
            return _submit(request, sitting.pk, instrument)
        status = 400
    context = {"instrument": instrument, "sitting": sitting, "page": page, "pages": pages, "form": form}
    return render(request, "assessments/page.html", context, status=status)


def _submit(request: HttpRequest, sitting_id: int, instrument: Instrument) -> HttpResponse:
    try:
        stored = services.submit_sitting(request.user, sitting_id)
    except AnswerError as error:
        numbers = {int(item) for item in error.problems if str(item).isdigit()}
        page = next((p for p in catalogue.pages(instrument) if p.item_numbers & numbers), catalogue.pages(instrument)[0])
        messages.error(request, "Some answers are still missing on this page.")
        return redirect("assessments:page", sitting_id=sitting_id, number=page.number)
    if stored.conjoint_work_advised is False:
        return redirect("assessments:safety")
    messages.success(request, "Thank you. Your result is private until you choose to share it.")
    return redirect("assessments:result", result_id=stored.pk)


@login_required
def result(request: HttpRequest, result_id: int) -> HttpResponse:
    stored = get_visible_or_404(
        request.user, services.results_visible_to(request.user), request=request, pk=result_id
    )
    is_mine = stored.owner_id == request.user.pk
    flag_only = stored.instrument_id in catalogue.flag_only_ids()
    context = {
        "reading": present.reading(stored),
        "is_mine": is_mine,
        "flag_only": flag_only,
        "chart": None if flag_only or stored.owner is None else present.history_chart(
            services.history(request.user, stored.owner, stored.instrument_id)
        ),
        "sharing_form": SharingForm(initial={"visibility": stored.visibility}) if is_mine and not flag_only else None,
        "resources": load_locale().resources if flag_only and stored.conjoint_work_advised is False else (),
    }
    return render(request, "assessments/result.html", context)


@require_POST
@login_required
def share(request: HttpRequest, result_id: int) -> HttpResponse:
    form = SharingForm(request.POST)
    visibility = form.cleaned_data["visibility"] if form.is_valid() else request.POST.get("visibility", "")
    try:
        stored = services.change_sharing(request.user, result_id, visibility)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Now visible to: {Visibility(stored.visibility).label.lower()}.")
    return redirect("assessments:result", result_id=result_id)


@login_required
def safety(request: HttpRequest) -> HttpResponse:
    """Help after a positive safety screen: local resources and a quick exit. Shows no data."""
    data = load_locale()
    return render(request, "assessments/safety.html", {"headline": data.headline, "resources": data.resources})


def _factor_rows(overview: services.CoupleOverview) -> list[tuple[str, list[str]]]:
    """Contributing factors side by side: one row per factor, one cell per partner ("" if not shared)."""
    instrument = catalogue.instrument(services.FACTORS)
    rows = [
        (sub.title, [_factor_cell(instrument, column.factors, sub.id) for column in overview.columns])
        for sub in instrument.subscales
    ]
    return rows if any(any(cells) for _, cells in rows) else []


def _factor_cell(instrument: Instrument, stored: AssessmentResult | None, subscale_id: str) -> str:
    """'3 · A lot' for a one-item factor on the instrument's scale."""
    if stored is None:
        return ""
    value = stored.scores["subscales"][subscale_id]["score"]
    scale = instrument.scale
    return f"{value} · {scale.label(int(value))}" if scale and value == int(value) else str(value)


@login_required
def relief(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/relief.html", {"view": services.relief_view(request.user)})


@login_required
def couple_overview(request: HttpRequest, couple_id: int) -> HttpResponse:
    couple, relation = couple_for_viewer(request.user, couple_id, request=request, what="assessments overview")
    if relation != "therapist":
        raise Http404("No such page")
    overview = services.couple_overview(request.user, couple)
    readings = [
        (column, [present.reading(r) for r in column.results.values()]) for column in overview.columns
    ]
    stances = [
        (column.partner, present.STANCE_WORDS.get(column.stance.stance) if column.stance else None)
        for column in overview.columns
    ]
    context = {"overview": overview, "readings": readings, "stances": stances, "factors": _factor_rows(overview)}
    return render(request, "assessments/couple.html", context)
