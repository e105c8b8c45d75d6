from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.safestring import mark_safe

from crm.access import is_coordinator, is_staff_member
from onboarding.diagram import journey_svg, journey_transition_table
from onboarding.selectors import project_state_counts, projects_visible_to


def home(request):
    return render(request, "public/home.html")


def _require_staff(request):
    if not is_staff_member(request.user):
        raise PermissionDenied


@login_required
def staff_home(request):
    _require_staff(request)
    counts = project_state_counts(projects_visible_to(request.user))
    return render(
        request,
        "staff/home.html",
        {
            "counts": counts,
            "total": sum(row["count"] for row in counts),
            "is_coordinator": is_coordinator(request.user),
        },
    )


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
