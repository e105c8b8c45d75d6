"""The referent's workspace: dashboard, project list, project page and the
forms that update a project. Every view goes through `_project_for` for
access; every write goes through a service."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.access import is_regional, is_staff_member
from crm.access_log import ACCESS_LOG_LIMIT, Kind, access_log_of_project, access_record, query_filter
from onboarding.access import (
    is_coordinator,
    may_act,
    may_complete,
    may_see_access_log,
    project_for,
    projects_visible_to,
    referent_of,
    referents_of_networks_of,
    require_staff,
    staff_required,
)
from onboarding.exceptions import ConcurrentChange, JourneyError
from onboarding.extensions import page_reads, sections_for
from onboarding.models import Nudge, Project, Task
from onboarding.models.conditions import describe
from onboarding.selectors import (
    first_contact_overdue,
    project_list,
    project_state_counts,
    referent_loads,
    tasks_due,
    with_list_names,
)
from onboarding.services.activity import (
    interaction_log,
    task_complete,
    task_create,
)
from onboarding.services.duplicates import likely_duplicates_of, likely_duplicates_to_examine
from onboarding.services.journey import (
    available_transitions,
    failed_conditions,
    project_transition,
    unmet_conditions,
)
from onboarding.services.nudges import open_nudges
from onboarding.services.projects import project_update_details
from onboarding.states import OPEN_STATES, Channel, State
from onboarding.timeline import timeline_page
from onboarding.transitions import SPECS, TRANSITION_NAMES
from workspace.forms import (
    ContactDetailsForm,
    InteractionForm,
    ProjectDetailsForm,
    StaffProjectFilter,
    TaskForm,
    filter_form_fields,
    transition_form_class,
    transition_initial,
)
from workspace.pagination import CappedPaginator, capped_count

PAGE_SIZE = 25


# The project and what its page shows of it: the contact and referent joined
# (with the visibility rule's tables, six), the small tables by id. All joined
# at once (twelve tables), PostgreSQL spent 8–20 ms *planning* the query it
# ran in 0.3 ms; each table by id costs a fraction of a millisecond.
PROJECT_PAGE_JOINED = ("contact", "referent__user")
PROJECT_PAGE_BY_ID = ("segment", "target_epci", "target_commune", "installed_commune", "team", "event")


def _project_for(request, pk, *, write=False):
    return project_for(request.user, pk, write=write,
                       queryset=Project.objects.select_related(*PROJECT_PAGE_JOINED)
                       .prefetch_related(*PROJECT_PAGE_BY_ID))


OVERDUE_LIMIT = 20
# The overdue first contacts' orders (?retards=): the most overdue first, or grouped by referent
# (the unassigned last), the most overdue first within each.
OVERDUE_ORDER = {
    "echeance": ("first_contact_due_on", "pk"),
    "referent": (F("referent__user__last_name").asc(nulls_last=True), F("referent__user__first_name").asc(),
                 "referent_id", "first_contact_due_on", "pk"),
}


@login_required
def dashboard(request):
    if is_regional(request.user) and not is_staff_member(request.user):
        # The regional role reads counts across networks, nothing else: its home is that page.
        return redirect("report_regional")
    require_staff(request.user)
    visible = projects_visible_to(request.user)
    referent = referent_of(request.user)
    mine = visible.filter(referent=referent) if referent else visible
    coordinator = is_coordinator(request.user)
    counts = project_state_counts(mine)
    # Coordinators watch every referent's delays (hence the referent column); a referent their own.
    overdue = first_contact_overdue(visible if coordinator else mine)
    # Counted up to a cap: a large network's coordinator is not kept waiting
    # for an exact figure past a thousand.
    overdue_total, overdue_capped = capped_count(overdue)
    overdue_sort = request.GET.get("retards") if request.GET.get("retards") in OVERDUE_ORDER else "echeance"
    context = {
        "counts": counts,
        "total": sum(row["count"] for row in counts),
        "overdue": overdue.select_related("contact", "referent__user").order_by(*OVERDUE_ORDER[overdue_sort])[
            :OVERDUE_LIMIT],
        "overdue_total": overdue_total,
        "overdue_capped": overdue_capped,
        "overdue_sort": overdue_sort,
        "tasks": tasks_due(request.user)[:20],
        "recent": mine.select_related("contact", "segment").order_by("-updated_at")[:10],
        "is_coordinator": coordinator,
        "today": timezone.localdate(),
        "duplicates_count": likely_duplicates_to_examine(request.user).count(),
    }
    # Projects going cold: the coordinators see what reached them; a referent their own.
    context["nudges"], context["nudges_total"] = open_nudges(
        visible if coordinator else mine, min_level=Nudge.Level.COORDINATORS if coordinator else Nudge.Level.REFERENT)
    if referent is not None:
        context["board"] = _board(mine)
    if coordinator:
        context["unassigned"] = (
            visible.filter(referent__isnull=True, state__in=["new", "contacted", "qualified", "accompanied",
                                                              "settling", "on_hold"])
            .select_related("contact").order_by("created_at")[:20]
        )
        context["loads"] = referent_loads().filter(pk__in=referents_of_networks_of(request.user).values("pk"))
    return render(request, "workspace/dashboard.html", context)


BOARD_LIMIT = 200


def _board(projects):
    """The user's open projects grouped by state, in one query (at most
    BOARD_LIMIT cards; the list page has the rest)."""
    rows = list(
        projects.filter(state__in=OPEN_STATES)
        .select_related("contact", "target_commune", "target_epci")
        .order_by("first_contact_due_on", "-updated_at")[:BOARD_LIMIT]
    )
    labels = dict(State.choices)
    return [
        {"state": state, "label": labels[state], "projects": [p for p in rows if p.state == state]}
        for state in OPEN_STATES
    ]


@staff_required
def project_index(request):
    visible = projects_visible_to(request.user)  # once: a referent's costs a query (their teams)
    chosen = request.GET.copy()
    chosen.pop("page", None)
    # Nothing chosen (most pages of the list): no filter set, the blank form as kept.
    filters = StaffProjectFilter(chosen, queryset=visible, user=request.user) if chosen else None
    projects = project_list(filters.qs if filters is not None and filters.is_valid() else visible)
    page = CappedPaginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    # Each row's state label from one table: get_state_display() translates every choice for each row.
    labels = {value: str(label) for value, label in State.choices}
    page.object_list = with_list_names(page.object_list)
    for row in page.object_list:
        row.state_label = labels.get(row.state, row.state)
    access_record(request, Kind.PROJECT_LIST, what=query_filter(request.GET))
    return render(request, "workspace/project_list.html",
                  {"filter_fields": filter_form_fields(filters, request.user), "page": page,
                   "form": filters.form if filters is not None else None,  # a chosen filter's, with its errors
                   "querystring": chosen.urlencode()})


def _transition_buttons(project, user):
    """Each transition declared from the current state, with what blocks it:
    a link to its page (the form, or the confirmation: nothing is done by one
    click), the destructive ones last and styled as such."""
    if not may_act(project, user):
        return []
    buttons = []
    for name in available_transitions(project, user):
        spec = SPECS[name]
        # Transitions that take fields open a form where the missing data can
        # be given; a condition no field can meet (an exchange to log first)
        # blocks the button until it holds.
        buttons.append({
            "name": name,
            "label": spec.label,
            "destructive": spec.destructive,
            "blocked_by": [describe(cond, project) for cond in failed_conditions(project, name)
                           if not spec.fields_for(cond)],
        })
    return sorted(buttons, key=lambda button: button["destructive"])


def _refusal_on_form(form, error):
    """A refused transition on its form, said once: each missing condition on
    the field that sets it (the field marked invalid, the message linked to
    it), the others above the form."""
    conditions = getattr(error, "conditions", None)
    if conditions is None:
        field = error.details.get("field")
        form.add_error(field if field in form.fields else None, error.message)
        return
    for _code, text, fields in conditions:
        on_form = [name for name in fields if name in form.fields]
        # A condition two fields can meet (an EPCI or a commune) is said on the first.
        form.add_error(on_form[0] if on_form else None, capfirst(text) + ".")


@staff_required
def project_detail(request, pk):
    project = _project_for(request, pk)
    access_record(request, Kind.PROJECT_PAGE, project=project)
    return _detail(request, project)


def _detail(request, project, *, status=200, **forms):
    """The project page; `forms` are the ones a failed POST shows again with their errors."""
    with page_reads():  # the history and the sections share what they both read
        return _detail_page(request, project, status=status, **forms)


def _detail_page(request, project, *, status, **forms):
    can_edit = may_act(project, request.user)
    open_tasks = list(project.tasks.filter(done_at__isnull=True).select_related("assignee__user"))
    for task in open_tasks:
        task.project = project  # already read, with the page's access checked
        task.can_complete = may_complete(task, request.user, sees_project=True)
    # Read once into the project's cache: the apps' sections read them from there (jobs' takeovers).
    prefetch_related_objects([project], "needs")
    context = {
        "project": project,
        "needs": list(project.needs.all()),
        "open_tasks": open_tasks,
        "today": timezone.localdate(),
        "history": timeline_page(project, request.GET.get("historique")),
        "sections": sections_for("project_page", project),
        # Who read the project: its network's coordinators only.
        "access_log": access_log_of_project(project.pk) if may_see_access_log(project, request.user) else None,
        "access_log_limit": ACCESS_LOG_LIMIT,
        "access_log_days": settings.ACCESS_LOG_RETENTION_DAYS,
        "buttons": _transition_buttons(project, request.user),
        # Another open project that may be the same person's or household's (the referent decides).
        "duplicates": list(likely_duplicates_of(project, request.user)) if project.is_open else [],
        "duplicate_of_visible": project.duplicate_of_id is not None
        and projects_visible_to(request.user).filter(pk=project.duplicate_of_id).exists(),
        "can_edit": can_edit,
        "interaction_form": InteractionForm(prefix="interaction") if can_edit else None,
        "task_form": TaskForm(prefix="task", initial={"assignee": project.referent_id}, project=project)
        if can_edit else None,
        **forms,
    }
    return render(request, "workspace/project_detail.html", context, status=status)


@staff_required
def project_transition_view(request, pk, name):
    if name not in TRANSITION_NAMES:  # the system's own (close_on_erasure) has no page
        raise Http404
    project = _project_for(request, pk, write=True)
    form_class = transition_form_class(name)
    kwargs = {"visible_projects": projects_visible_to(request.user)}
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            try:
                project_transition(
                    project=project, transition=name, user=request.user, note=form.cleaned_data["note"],
                    channel=Channel.UI, fields=form.transition_fields(),
                    expected_state=form.cleaned_data["expected_state"],
                    keep_referent=form.cleaned_data.get("keep_referent", False),
                )
            except ConcurrentChange as exc:
                messages.error(request, exc.message)
                return redirect("project_detail", pk=project.pk)
            except JourneyError as exc:
                _refusal_on_form(form, exc)
            else:
                messages.success(request, _("C'est enregistré : le projet est maintenant « %(state)s ».")
                                 % {"state": project.get_state_display()})
                return redirect("project_detail", pk=project.pk)
    else:
        form = form_class(initial=transition_initial(project, name), **kwargs)
    spec = SPECS[name]
    return render(request, "workspace/transition_form.html", {
        "project": project, "form": form, "name": name, "label": spec.label,
        "destructive": spec.destructive, "consequence": spec.consequence,
        "missing": unmet_conditions(project, name),
        "fields_in_error": [field for field in form.visible_fields() if field.errors],
    })


@staff_required
@require_POST
def interaction_add(request, pk):
    return _add(request, pk, InteractionForm, "interaction", interaction_log, _("Échange enregistré."))


@staff_required
@require_POST
def task_add(request, pk):
    return _add(request, pk, TaskForm, "task", task_create, _("Tâche ajoutée."))


def _add(request, pk, form_class, prefix, service, done):
    """An exchange or a task from the project page: one form, one service."""
    project = _project_for(request, pk, write=True)
    kwargs = {"project": project} if form_class is TaskForm else {}  # its assignees depend on the project
    form = form_class(request.POST, prefix=prefix, **kwargs)
    if form.is_valid():
        service(project=project, user=request.user, **form.cleaned_data)
        messages.success(request, done)
        return redirect("project_detail", pk=project.pk)
    return _detail(request, project, status=400, **{f"{prefix}_form": form})


@staff_required
@require_POST
def task_done(request, pk):
    task = get_object_or_404(Task.objects.select_related("project"), pk=pk,
                             project__in=projects_visible_to(request.user))
    if not may_complete(task, request.user, sees_project=True):
        raise PermissionDenied
    task_complete(task=task, user=request.user)
    messages.success(request, _("Tâche marquée comme faite."))
    return redirect("project_detail", pk=task.project_id)


@staff_required
def project_edit(request, pk):
    project = _project_for(request, pk, write=True)
    if request.method == "POST":
        project_form = ProjectDetailsForm(request.POST, instance=project, prefix="project")
        contact_form = ContactDetailsForm(request.POST, instance=project.contact, prefix="contact")
        if project_form.is_valid() and contact_form.is_valid():
            pdata = dict(project_form.cleaned_data)
            needs = pdata.pop("needs")
            keep = pdata.pop("keep_referent")
            project_update_details(
                project=project, user=request.user, project_fields=pdata,
                contact_fields=contact_form.cleaned_data, needs=needs, keep_referent=keep,
            )
            messages.success(request, _("Informations mises à jour."))
            return redirect("project_detail", pk=project.pk)
    else:
        project_form = ProjectDetailsForm(instance=project, prefix="project")
        contact_form = ContactDetailsForm(instance=project.contact, prefix="contact")
        access_record(request, Kind.PROJECT_PAGE, project=project)  # the form shows the contact's details
    return render(request, "workspace/project_edit.html",
                  {"project": project, "project_form": project_form, "contact_form": contact_form})
