"""The survey (public, behind the person's signed link) and the figures (coordinators)."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from followup.forms import FiguresFilterForm, SurveyForm
from followup.links import LinkExpired, LinkInvalid, survey_check_in
from followup.selectors import followup_figures, project_check_ins
from followup.services import AlreadyAnswered, check_in_answer
from onboarding.access import coordinator_required
from onboarding.public_site import private, public_network


def _answer_shown(check_in):
    rows = [row for row in project_check_ins(check_in.project) if row.pk == check_in.pk]
    return rows[0].current if rows else None


@never_cache
@public_network
def survey(request, network, token):
    """GET shows the questions (or the answer already given, with a
    "modify" button); POST records the answer. A replayed link never
    overwrites silently: changing an answer is an explicit modification
    with its reason, kept in the history."""
    today = timezone.localdate()
    try:
        check_in = survey_check_in(network, token, today=today)
    except (LinkExpired, LinkInvalid) as error:
        return private(render(request, "followup/survey_invalid.html",
                              {"network": network, "expired": isinstance(error, LinkExpired)}, status=400))
    answered = check_in.status == check_in.Status.ANSWERED
    may_modify = answered and check_in.expires_on >= today
    modifying = may_modify and request.GET.get("modifier") == "1"
    if answered and not modifying:
        return private(render(request, "followup/survey_answered.html", {
            "network": network, "check_in": check_in, "answer": _answer_shown(check_in), "token": token,
            "may_modify": may_modify, "just_sent": request.GET.get("envoye") == "1",
            "replayed": request.method == "POST"}))
    form = SurveyForm(request.POST if request.method == "POST" else None, modifying=modifying)
    if request.method == "POST" and form.is_valid():
        answer, needs = form.answer()
        try:
            check_in_answer(check_in=check_in, answer=answer, needs=needs,
                            modification_note=form.cleaned_data.get("modification_note", ""))
        except AlreadyAnswered:
            pass  # answered meanwhile (another tab): the page says an answer was already given
        response = render(request, "followup/survey_answered.html", {
            "network": network, "check_in": check_in, "answer": _answer_shown(check_in), "token": token,
            "may_modify": True, "just_sent": True})
        return private(response)
    return private(render(request, "followup/survey.html", {
        "network": network, "check_in": check_in, "form": form, "modifying": modifying, "token": token},
        status=400 if form.is_bound else 200))


@coordinator_required
@require_GET
def figures(request):
    """Retention at 6/12/24 months among respondents, the response rate beside it, reasons for leaving,
    needs still open; by segment and EPCI."""
    form = FiguresFilterForm(request.GET or None)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        result = followup_figures(request.user, start=data["start"], end=data["end"], segment=data["segment"],
                                  epci=data["epci"])
        empty = {"asked": 0, "answered": 0, "stayed": 0, "left": 0, "retention": None, "response_rate": None}
        result["overall"] = [{**empty, **result["overall"].get(months, {}), "months": months}
                             for months in settings.FOLLOW_UP_CHECK_INS_MONTHS]
    return render(request, "followup/figures.html", {"form": form, "figures": result})
