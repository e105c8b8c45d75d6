"""Staff pages of the local recruiters (jobs.Employer) and their needs
(jobs.EmployerNeed), within the account's networks (crm.scope): another
network's recruiter or need answers as a missing one. Writes go through
jobs.employers; a need's page lists the projects that fit it (jobs.matching)
and proposes one through onboarding's proposals."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.access import networks_of
from crm.models import Network
from crm.scope import scoped
from jobs.employers import employer_save, need_save
from jobs.forms import EmployerForm, NeedForm
from jobs.matching import MATCH_RADIUS_KM, projects_for_need
from jobs.models import Employer, EmployerNeed
from jobs.proposals import KIND
from jobs.selectors import proposal_counts, takeover_counts
from onboarding.access import project_for, projects_visible_to, staff_required
from onboarding.models import Proposal
from onboarding.services.proposals import ProposalError, proposal_create

PAGE_SIZE = 25


def _networks(user):
    return Network.objects.filter(pk__in=networks_of(user)).order_by("name")


def _employer(user, employer_id):
    employer = scoped(Employer.objects.select_related("commune", "network"), user).filter(pk=employer_id).first()
    if employer is None:
        raise Http404
    return employer


def _need(user, need_id):
    need = (scoped(EmployerNeed.objects.select_related("employer__network", "commune"), user)
            .filter(pk=need_id).first())
    if need is None:
        raise Http404
    return need


@staff_required
def employer_list(request):
    query = request.GET.get("q", "").strip()[:100]
    rows = (scoped(Employer.objects.select_related("commune"), request.user)
            .annotate(open_needs=Count("needs", filter=Q(needs__status=EmployerNeed.Status.OPEN))))
    if query:
        rows = rows.filter(Q(organisation__icontains=query) | Q(contact_name__icontains=query)
                           | Q(commune__name__icontains=query) | Q(needs__occupation__icontains=query)).distinct()
    page = Paginator(rows.order_by("organisation", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "jobs/employer_list.html", {"page": page, "q": query})


def _employer_initial(employer):
    return {"network": employer.network_id, "organisation": employer.organisation, "siret": employer.siret,
            "sector": employer.sector, "commune": employer.commune_id, "contact_name": employer.contact_name,
            "contact_email": employer.contact_email, "contact_phone": employer.contact_phone,
            "contact_consent": employer.contact_consent_at is not None}


def _employer_form(request, employer=None):
    networks = _networks(request.user)
    form = EmployerForm(request.POST or None, networks=networks if employer is None else networks.none(),
                        initial=_employer_initial(employer) if employer else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        network = employer.network if employer else data.pop("network", None) or networks.first()
        if network is None:
            raise Http404  # an account of no network has no recruiters
        try:
            saved = employer_save(network=network, data=data, consent=data.pop("contact_consent"),
                                  user=request.user, employer=employer)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, _("Recruteur « %(name)s » enregistré.") % {"name": saved.organisation})
            return redirect("jobs_employer_detail", employer_id=saved.pk)
    return render(request, "jobs/employer_form.html", {"form": form, "employer": employer},
                  status=400 if form.errors else 200)


@staff_required
def employer_create(request):
    return _employer_form(request)


@staff_required
def employer_edit(request, employer_id):
    return _employer_form(request, _employer(request.user, employer_id))


@staff_required
def employer_detail(request, employer_id):
    employer = _employer(request.user, employer_id)
    needs = list(employer.needs.select_related("commune").order_by("status", "-created_at"))
    return render(request, "jobs/employer_detail.html", {"employer": employer, "needs": needs})


def _need_initial(need):
    return {"occupation": need.rome_code, "contract": need.contract, "commune": need.commune_id,
            "start_on": need.start_on, "description": need.description, "status": need.status}


def _need_form(request, employer, need=None):
    form = NeedForm(request.POST or None, initial=_need_initial(need) if need else None)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "rome_code": form.rome_code()}
        try:
            saved = need_save(employer=employer, data=data, need=need)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, _("Besoin « %(name)s » enregistré.") % {"name": saved.occupation})
            return redirect("jobs_need_detail", need_id=saved.pk)
    return render(request, "jobs/need_form.html", {"form": form, "employer": employer, "need": need},
                  status=400 if form.errors else 200)


@staff_required
def need_create(request, employer_id):
    return _need_form(request, _employer(request.user, employer_id))


@staff_required
def need_edit(request, need_id):
    need = _need(request.user, need_id)
    return _need_form(request, need.employer, need)


@staff_required
def need_detail(request, need_id):
    need = _need(request.user, need_id)
    matches = projects_for_need(need, visible=projects_visible_to(request.user))
    return render(request, "jobs/need_detail.html", {"need": need, "matches": matches, "radius": MATCH_RADIUS_KM})


@staff_required
@require_POST
def need_propose(request, need_id):
    """Propose this need to a project the user may act on (its referent, a coordinator)."""
    need = _need(request.user, need_id)
    project_id = request.POST.get("project", "")
    if not project_id.isdigit() or len(project_id) > 18:
        raise Http404
    project = project_for(request.user, int(project_id), write=True)
    for_whom = request.POST.get("for_whom", Proposal.For.PROSPECT)
    try:
        proposal, created = proposal_create(project=project, kind=KIND, target_id=need.pk, user=request.user,
                                            for_whom=for_whom)
    except ProposalError as error:
        messages.error(request, error.message)
    else:
        if created:
            messages.success(request, _("Besoin proposé au projet de %(name)s : la personne est prévenue par "
                                        "e-mail et répond depuis sa page de suivi.")
                             % {"name": project.contact.full_name})
        else:
            messages.info(request, _("Ce besoin était déjà proposé à ce projet."))
    back = request.POST.get("back") == "project"
    return redirect(reverse("project_detail", args=[project.pk]) + "#propositions" if back
                    else reverse("jobs_need_detail", args=[need.pk]))


@staff_required
def proposal_figures(request):
    """Employers' needs proposed, accepted, ended in a hire, and businesses to take over proposed, accepted,
    taken over: by sector and EPCI (jobs.selectors)."""
    year = request.GET.get("annee", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    lines, total = proposal_counts(request.user, year=year)
    takeover_lines, takeover_total = takeover_counts(request.user, year=year)
    return render(request, "jobs/proposal_figures.html", {"lines": lines, "total": total, "year": year,
                                                          "takeover_lines": takeover_lines,
                                                          "takeover_total": takeover_total})
