"""Staff pages of likely duplicates: the list to examine, and one pair side
by side with the decision (same person, same household, different people).
Every write is onboarding.services.duplicates.duplicate_decide, which checks
who may decide. A pair is found among those whose two projects the user
sees: the same 404 for a hidden pair and a missing one.

Its URLs come with it (`urlpatterns`, included by workspace.urls).
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L_

from onboarding.access import staff_required
from onboarding.exceptions import JourneyError
from onboarding.models import LikelyDuplicate
from onboarding.services.duplicates import (
    duplicate_decide,
    likely_duplicates_to_examine,
    likely_duplicates_visible_to,
    may_decide,
)

Decision = LikelyDuplicate.Decision
PAGE_SIZE = 25


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=L_("Votre décision"), widget=forms.RadioSelect,
        choices=[
            (Decision.SAME_PERSON, L_("La même personne : fusionner les deux fiches (le projet le plus récent est "
                                      "clos comme doublon, son historique reste consultable)")),
            (Decision.SAME_HOUSEHOLD, L_("Le même foyer : rattacher la demande la plus récente à l'autre (le foyer "
                                         "du projet conservé l'indique)")),
            (Decision.DIFFERENT, L_("Des personnes différentes : ne plus signaler ces deux projets")),
        ],
        error_messages={"required": L_("Choisissez une décision.")},
    )
    note = forms.CharField(label=L_("Note (facultative)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


def _flag(user, pk):
    try:
        return (
            likely_duplicates_visible_to(user)
            .select_related("project__contact", "other__contact", "project__referent__user",
                            "other__referent__user", "project__target_commune", "other__target_commune",
                            "project__target_epci", "other__target_epci", "decided_by")
            .get(pk=pk)
        )
    except (LikelyDuplicate.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@staff_required
def duplicates_index(request):
    page = Paginator(likely_duplicates_to_examine(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workspace/duplicates.html", {"page": page})


@staff_required
def duplicate_view(request, pk):
    flag = _flag(request.user, pk)
    allowed = not flag.decision and may_decide(flag, request.user)
    form = DecideForm(request.POST or None) if allowed else None
    if request.method == "POST":
        if not allowed:
            messages.error(request, _("Vous ne pouvez pas décider de ce doublon probable : c'est au référent du "
                                      "projet le plus récent ou à la coordination de le faire.")
                           if not flag.decision else _("Ce doublon probable a déjà été examiné."))
            return redirect("duplicate_decide", pk=flag.pk)
        if form.is_valid():
            try:
                duplicate_decide(flag=flag, user=request.user, decision=form.cleaned_data["decision"],
                                 note=form.cleaned_data["note"])
            except JourneyError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Décision enregistrée : %(decision)s.")
                                 % {"decision": Decision(form.cleaned_data["decision"]).label})
                kept = flag.project_id if form.cleaned_data["decision"] == Decision.DIFFERENT else flag.other_id
                return redirect("project_detail", pk=kept)
    return render(request, "workspace/duplicate_decide.html", {"flag": flag, "form": form},
                  status=400 if request.method == "POST" else 200)


urlpatterns = [
    path("doublons/", duplicates_index, name="duplicates"),
    path("doublons/<int:pk>/", duplicate_view, name="duplicate_decide"),
]
