"""Staff pages of transfers between networks: proposing one from a project's
page, and, for the receiving network's coordinators, the transfers received
with their accept and refuse forms. Every write is a service of
onboarding.services.transfers, which checks who may make it.

Its URLs come with it (`urlpatterns`, included by workspace.urls).
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L_
from django.views.decorators.http import require_POST

from crm.access import networks_of
from onboarding.access import coordinator_required, project_for, projects_visible_to, staff_required
from onboarding.models import ProjectTransfer
from onboarding.services.transfers import (
    REASON_MAX_LENGTH,
    TransferError,
    territory_network,
    transfer_accept,
    transfer_cancel,
    transfer_propose,
    transfer_refuse,
    transfer_targets,
)

Status = ProjectTransfer.Status


class ProposeForm(forms.Form):
    to_network = forms.ModelChoiceField(queryset=None, label=L_("Réseau destinataire"), empty_label=None)
    reason = forms.CharField(
        label=L_("Motif"), required=False, max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=L_("Lu par la coordination du réseau destinataire. Pas de données personnelles inutiles."),
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_network"].queryset = targets


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=L_("Motif du refus"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=L_("L'équipe qui a proposé le transfert le lira."),
    )


@staff_required
def transfer_propose_view(request, pk):
    project = project_for(request.user, pk, write=True)
    targets = transfer_targets(project, request.user)
    suggested = territory_network(project)
    if request.method == "POST":
        form = ProposeForm(request.POST, targets=targets)
        if form.is_valid():
            try:
                transfer_propose(project=project, user=request.user, to_network=form.cleaned_data["to_network"],
                                 reason=form.cleaned_data["reason"])
            except TransferError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Transfert proposé : la personne est prévenue par e-mail et la "
                                            "coordination de « %(network)s » va l'examiner.")
                                 % {"network": form.cleaned_data["to_network"]})
                return redirect("project_detail", pk=project.pk)
    else:
        form = ProposeForm(targets=targets, initial={"to_network": suggested.pk if suggested else None})
    return render(request, "workspace/transfer_propose.html", {
        "project": project, "form": form, "has_targets": targets.exists(),
        "transfers": project.transfers_out.select_related("to_network", "proposed_by", "decided_by"),
    })


@staff_required
@require_POST
def transfer_cancel_view(request, pk):
    transfer = _transfer(ProjectTransfer.objects.filter(project__in=projects_visible_to(request.user)), pk)
    try:
        transfer_cancel(transfer=transfer, user=request.user)
    except TransferError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Transfert annulé."))
    return redirect("transfer_propose", pk=transfer.project_id)


def _transfer(queryset, pk):
    try:
        return queryset.select_related("project", "from_network", "to_network").get(pk=pk)
    except (ProjectTransfer.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _received(user):
    return ProjectTransfer.objects.filter(to_network__in=networks_of(user))


@coordinator_required
def transfers_received(request):
    rows = _received(request.user).select_related(
        "from_network", "to_network", "proposed_by", "decided_by", "project__segment", "project__target_commune",
        "project__target_epci", "project__installed_commune",
    ).prefetch_related("project__needs")
    return render(request, "workspace/transfers_received.html", {
        "pending": [t for t in rows.filter(status=Status.PROPOSED).order_by("proposed_at")],
        "decided": list(rows.exclude(status=Status.PROPOSED).order_by("-decided_at", "-pk")[:50]),
    })


@coordinator_required
def transfer_accept_view(request, pk):
    transfer = _transfer(_received(request.user), pk)
    if request.method == "POST":
        try:
            new_project = transfer_accept(transfer=transfer, user=request.user)
        except TransferError as exc:
            messages.error(request, exc.message)
            return redirect("transfers_received")
        messages.success(request, _("Transfert accepté : le projet est maintenant suivi dans votre réseau."))
        return redirect("project_detail", pk=new_project.pk)
    return render(request, "workspace/transfer_decide.html", {"transfer": transfer, "accept": True})


@coordinator_required
def transfer_refuse_view(request, pk):
    transfer = _transfer(_received(request.user), pk)
    form = RefuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer_refuse(transfer=transfer, user=request.user, reason=form.cleaned_data["reason"])
        except TransferError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Transfert refusé : le projet reste dans son réseau."))
        return redirect("transfers_received")
    return render(request, "workspace/transfer_decide.html", {"transfer": transfer, "accept": False, "form": form},
                  status=400 if request.method == "POST" else 200)


urlpatterns = [
    path("projets/<int:pk>/transfert/", transfer_propose_view, name="transfer_propose"),
    path("transferts/", transfers_received, name="transfers_received"),
    path("transferts/<int:pk>/accepter/", transfer_accept_view, name="transfer_accept"),
    path("transferts/<int:pk>/refuser/", transfer_refuse_view, name="transfer_refuse"),
    path("transferts/<int:pk>/annuler/", transfer_cancel_view, name="transfer_cancel"),
]
