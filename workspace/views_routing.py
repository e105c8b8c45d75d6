"""Staff pages of routing: the rules, the preview, reassigning a project."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from crm.access import networks_of
from onboarding.access import (
    coordinator_required,
    may_reassign,
    project_for,
    projects_visible_to,
    routing_rules_of,
    staff_required,
)
from onboarding.exceptions import JourneyError
from onboarding.location import network_for
from onboarding.models import Project, RoutingRule
from onboarding.routing_decision import hypothetical_facts, routing_decide
from onboarding.routing_reason import team_label
from onboarding.services.routing import project_reassign, reassignment_targets, unavailable_referents
from workspace.forms_routing import ReassignForm, RoutingPreviewForm, RoutingRuleForm


@coordinator_required
def routing_rules(request):
    rules = (
        routing_rules_of(request.user).select_related("target_referent__user", "target_team")
        .prefetch_related("needs", "segments", "epcis", "departements")
        .order_by("priority", "pk")
    )
    for rule in rules:
        rule.target_label = team_label(rule.target_team) if rule.target_team else ""
    return render(request, "workspace/routing/rules.html", {"rules": rules})


@coordinator_required
def routing_rule_create(request):
    return _rule_form(request, RoutingRule())


@coordinator_required
def routing_rule_edit(request, pk):
    # Another network's rule answers as a missing one; a shared rule (every
    # network's) is read in the list and changed by a superuser only.
    rule = get_object_or_404(routing_rules_of(request.user), pk=pk)
    if rule.network_id is None and not request.user.is_superuser:
        raise PermissionDenied
    return _rule_form(request, rule)


def _rule_form(request, rule):
    form = RoutingRuleForm(request.POST or None, instance=rule, user=request.user)
    if request.method == "POST" and form.is_valid():
        rule = form.save()
        messages.success(request, _("La règle « %(name)s » est enregistrée.") % {"name": rule.name})
        return redirect("routing_rules")
    return render(request, "workspace/routing/rule_form.html", {"form": form, "rule": rule})


@coordinator_required
def routing_preview(request):
    """Where a hypothetical project would go, and why. Reads only."""
    form = RoutingPreviewForm(request.GET if request.GET else None, user=request.user)
    decision = facts = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        where = data["commune"] or data["epci"]
        network = network_for(departement_id=where.departement_id if where else None, given=data["network"])
        if network is not None and network.pk not in networks_of(request.user):
            # Another programme's territory: its rules and staff are not this user's to read.
            form.add_error(None, _("Ce territoire relève d'un autre programme : son orientation ne vous est pas "
                                   "accessible."))
        else:
            facts = hypothetical_facts(
                needs=data["needs"], occupation=data["occupation"], epci=data["epci"], commune=data["commune"],
                contact_email=data["contact_email"], network=network,
            )
            decision = routing_decide(facts)
    return render(request, "workspace/routing/preview.html", {"form": form, "decision": decision, "facts": facts})


@staff_required
def project_reassign_view(request, pk):
    """Coordinators, and the project's own referent, hand a project over
    (404 if the user may not see it, 403 if they may only read it)."""
    project = project_for(
        request.user, pk, queryset=Project.objects.select_related("referent__user", "team", "segment")
    )
    if not may_reassign(project, request.user):
        raise PermissionDenied
    targets = reassignment_targets(project)
    form = ReassignForm(request.POST or None, referents=targets, unavailable=unavailable_referents(targets))
    if request.method == "POST" and form.is_valid():
        try:
            project_reassign(
                project=project, referent=form.cleaned_data["referent"], user=request.user,
                reason=form.cleaned_data["reason"], override_availability=form.cleaned_data["override_availability"],
            )
        except JourneyError as error:
            form.add_error(error.details.get("field"), error.message)
        else:
            messages.success(
                request, _("Le projet n°%(id)s est confié à %(name)s.") % {"id": project.pk, "name": project.referent}
            )
            if projects_visible_to(request.user).filter(pk=project.pk).exists():
                return redirect("project_detail", pk=project.pk)
            return redirect("staff_home")
    decisions = project.routing_decisions.select_related("by").order_by("-at", "-pk")
    return render(
        request, "workspace/routing/reassign.html", {"project": project, "form": form, "decisions": decisions}
    )
