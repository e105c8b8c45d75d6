"""Staff pages of routing: the rules, the preview, reassigning a project."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from crm.access import is_coordinator
from onboarding.exceptions import JourneyError
from onboarding.forms_routing import ReassignForm, RoutingPreviewForm, RoutingRuleForm
from onboarding.models import RoutingRule
from onboarding.selectors import projects_visible_to
from onboarding.services.routing import (
    hypothetical_facts,
    project_reassign,
    reassignment_targets,
    routing_decide,
    user_may_reassign,
)


def _require_coordinator(user):
    if not is_coordinator(user):
        raise PermissionDenied


@login_required
def routing_rules(request):
    _require_coordinator(request.user)
    rules = (
        RoutingRule.objects.select_related("target_referent__user", "target_team")
        .prefetch_related("needs", "segments", "epcis", "departements")
        .order_by("priority", "pk")
    )
    return render(request, "staff/routing/rules.html", {"rules": rules})


@login_required
def routing_rule_create(request):
    return _rule_form(request, RoutingRule())


@login_required
def routing_rule_edit(request, pk):
    _require_coordinator(request.user)
    return _rule_form(request, get_object_or_404(RoutingRule, pk=pk))


def _rule_form(request, rule):
    _require_coordinator(request.user)
    form = RoutingRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        rule = form.save()
        messages.success(request, _("La règle « %(name)s » est enregistrée.") % {"name": rule.name})
        return redirect("routing_rules")
    return render(request, "staff/routing/rule_form.html", {"form": form, "rule": rule})


@login_required
def routing_preview(request):
    """Where a hypothetical project would go, and why. Reads only."""
    _require_coordinator(request.user)
    form = RoutingPreviewForm(request.GET if request.GET else None)
    decision = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        facts = hypothetical_facts(
            needs=data["needs"], segment=data["segment"], epci=data["epci"], commune=data["commune"],
            contact_email=data["contact_email"],
        )
        decision = routing_decide(facts)
    return render(request, "staff/routing/preview.html", {"form": form, "decision": decision})


@login_required
def project_reassign_view(request, pk):
    """Coordinators, and the project's own referent, hand a project over."""
    project = get_object_or_404(
        projects_visible_to(request.user).select_related("referent__user", "team", "segment"), pk=pk
    )
    if not user_may_reassign(project, request.user):
        raise Http404
    form = ReassignForm(request.POST or None, referents=reassignment_targets(project))
    if request.method == "POST" and form.is_valid():
        try:
            project_reassign(
                project=project, referent=form.cleaned_data["referent"], user=request.user,
                reason=form.cleaned_data["reason"],
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
        request, "staff/routing/reassign.html", {"project": project, "form": form, "decisions": decisions}
    )
