from django.shortcuts import render
from django.utils.safestring import mark_safe

from onboarding.access import staff_required
from onboarding.diagram import journey_svg, journey_transition_table


@staff_required
def journey_help(request):
    return render(
        request,
        "workspace/journey_help.html",
        {
            # Built from state names and labels only, every text escaped.
            "svg": mark_safe(journey_svg()),  # noqa: S308
            "transitions": journey_transition_table(),
        },
    )
