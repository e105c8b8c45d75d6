from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.safestring import mark_safe

from crm.access import is_staff_member
from onboarding.diagram import journey_svg, journey_transition_table


def home(request):
    return render(request, "public/home.html")


def _require_staff(request):
    if not is_staff_member(request.user):
        raise PermissionDenied


@login_required
def journey_help(request):
    _require_staff(request)
    return render(
        request,
        "staff/journey_help.html",
        {
            # Built from state names and labels only, every text escaped.
            "svg": mark_safe(journey_svg()),  # noqa: S308
            "transitions": journey_transition_table(),
        },
    )
