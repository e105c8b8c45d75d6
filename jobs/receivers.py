"""How jobs plugs into the pages and the registries (connected in apps.ready)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from crm.models import Contact
from crm.personal_data import PersonKind, exempt, personal_data
from crm.personal_data_declared import ACCOMPANIMENT, RETENTION_3Y
from crm.scope import in_networks_of, scope_register
from jobs.matching import needs_for_project, occupations_refresh
from jobs.models import Employer, EmployerNeed, PinnedOffer, ProjectOccupation, TakeoverBusiness
from jobs.offers import CONTRACT_TYPES, Status, offers_for_project
from jobs.proposals import BUSINESS_TAKEOVER, EMPLOYER_NEED
from jobs.sources import job_source
from jobs.takeovers import KIND as TAKEOVER_KIND
from jobs.takeovers import businesses_for_project, has_takeover_need
from onboarding.extensions import (
    Section,
    project_read,
    register_proposal_kind,
    register_section,
    register_timeline_provider,
)
from onboarding.models import Project, Proposal
from onboarding.proposals import proposals_shown_rows
from onboarding.timeline import TimelineEntry


def _pinned(project):
    # The history and the section of one page share this read.
    return project_read(
        project, "jobs.pinned", lambda: list(PinnedOffer.objects.filter(project=project).select_related("pinned_by"))
    )


def _examples():
    return job_source().name == "exemple"


def project_section(project, contract_types=()):
    """The staff project page: offers near the target for each occupation (of these contract types: the
    filtered page, jobs.views.project_offers), the ones proposed."""
    pinned = _pinned(project)
    searches = offers_for_project(project, pinned, contract_types)
    query = urlencode([("contrat", code) for code in contract_types])
    refresh = (f"{reverse('jobs_project_offers', args=[project.pk])}?{query}" if contract_types
               else reverse("project_detail", args=[project.pk]) + "?offres=1")
    state = reverse("jobs_offers_status", args=[project.pk]) + (f"?{query}" if contract_types else "")
    return Section("jobs/_project_section.html", {
        "project_id": project.pk, "pinned": pinned, "searches": searches, "examples": _examples(),
        "pending": any(search["found"].status == Status.PENDING for search in searches),
        "contract_types": contract_types, "contract_choices": CONTRACT_TYPES.items(), "refresh_url": refresh,
        "state_url": state,
    })


def tracking_section(project):
    """The prospect's tracking page: the offers proposed to them, and a live search near their target."""
    pinned = _pinned(project)
    return Section("jobs/_tracking_section.html",
                   {"pinned": pinned, "searches": offers_for_project(project, pinned), "examples": _examples()})


def kit_section(project):
    """The kit: the offers proposed when it is generated; nothing when none was."""
    pinned = _pinned(project)
    if not pinned:
        return None
    return Section("jobs/_kit_section.html", {"pinned": pinned})


def offers_history(project):
    """Every offer proposed, in the project's history (one query)."""
    return [
        TimelineEntry(
            at=row.pinned_at, kind="job_offer",
            title=_("Offre d'emploi proposée (%(whom)s) : %(title)s") % {"whom": row.get_for_whom_display(),
                                                                          "title": row.title},
            body=" · ".join(part for part in (row.employer, row.commune, row.contract) if part),
            by=(row.pinned_by.get_full_name() or row.pinned_by.get_username()) if row.pinned_by else "",
        )
        for row in _pinned(project)
    ]


def pinned_export(rows, person):
    return [{"proposed_at": row.pinned_at.isoformat(), "for": row.get_for_whom_display(), "title": row.title,
             "employer": row.employer, "commune": row.commune, "url": row.url}
            for row in rows.order_by("pinned_at", "pk")]


def declare_personal_data():
    # Which offers were proposed says what the person looks for: it goes with them.
    personal_data(
        PinnedOffer, person=PersonKind.PROSPECT, subject="project__contact",
        fields=("offer_id", "title", "employer", "commune", "contract", "url"), context=("pinned_at", "for_whom"),
        erase="delete", export=pinned_export, purpose=ACCOMPANIMENT, retention=RETENTION_3Y,
        label=_l("Les offres d'emploi qui vous ont été proposées"),
    )


def declare_employers():
    """The employer's contact person: their name and details, erased on request (the recruiter stays)."""
    personal_data(
        Employer, person=PersonKind.EMPLOYER, subject="pk", fields=("contact_name", "contact_email", "contact_phone"),
        context=("organisation", "contact_consent_at"), erase="blank",
        purpose=_l("Mettre en relation les recruteurs locaux avec les personnes qui l'acceptent"),
        retention=_l("Tant que la personne est le contact du recruteur ; effacé à sa demande"),
        label=_l("Fiche de la personne à contacter chez un recruteur"),
    )
    exempt(EmployerNeed, _l("Besoins de recrutement d'une structure : aucune donnée sur une personne"))
    # Read from the occupation the person gave: it goes with it.
    personal_data(
        ProjectOccupation, person=PersonKind.PROSPECT, subject="project__contact", fields=("rome_code",),
        context=("for_whom",), erase="delete", purpose=ACCOMPANIMENT, retention=RETENTION_3Y,
        label=_l("Les codes métier (ROME) lus dans les professions que vous avez indiquées"),
    )
    scope_register("jobs.employer", lambda queryset, user: in_networks_of(queryset, user, "network"))
    scope_register("jobs.employerneed", lambda queryset, user: in_networks_of(queryset, user, "employer__network"))


OCCUPATION_FIELDS = {"occupation", "partner_occupation"}


def _occupations_later(project_ids):
    ids = list(project_ids)
    if ids:
        transaction.on_commit(lambda: occupations_refresh(ids))


def project_saved(sender, instance, created, **kwargs):
    """A new project: its ROME codes once it is committed (jobs.ProjectOccupation)."""
    if created:
        _occupations_later([instance.pk])


def contact_saved(sender, instance, created, update_fields=None, **kwargs):
    """An occupation typed again: the codes of the contact's projects follow."""
    if not created and (update_fields is None or OCCUPATION_FIELDS & set(update_fields)):
        _occupations_later(Project.objects.filter(contact_id=instance.pk).values_list("pk", flat=True))


def matching_needs_section(project):
    """The staff project page: the local employers' open needs that fit the project (jobs.matching)."""
    return Section("jobs/_project_needs_section.html", {"project_id": project.pk,
                                                        "matches": needs_for_project(project)})


def takeovers_section(project):
    """The staff project page: the open businesses to take over that fit the project (jobs.takeovers);
    nothing for a project without the need « Création ou reprise d'entreprise »."""
    if not has_takeover_need(project):
        return None
    return Section("jobs/_project_takeovers_section.html", {"project_id": project.pk,
                                                            "matches": businesses_for_project(project)})


def takeovers_tracking_section(project):
    """The tracking page: for someone with the takeover need, where the network's businesses to take over are."""
    if not has_takeover_need(project):
        return None
    return Section("jobs/_tracking_takeovers.html", {"network": project.network})


def takeovers_kit_section(project):
    """The kit's takeover chapter: the businesses proposed to the person (not declined nor withdrawn)."""
    rows = Proposal.objects.filter(project=project, kind=TAKEOVER_KIND,
                                   status__in=(*Proposal.OPEN_STATUSES, Proposal.Status.CONCLUDED))
    shown = proposals_shown_rows(rows)
    if not shown:
        return None
    return Section("jobs/_takeover_kit_section.html", {"proposals": shown})


def takeover_contacts(person):
    """A takeover's adviser is found by their e-mail address, like a housing offer's contact: the registry's
    partner ids are another table's keys."""
    if not person.emails:
        return TakeoverBusiness.objects.none()
    return TakeoverBusiness.objects.filter(contact_email__in=person.emails)


def declare_takeovers():
    personal_data(
        TakeoverBusiness, person=PersonKind.PARTNER, subject=takeover_contacts,
        fields=("contact_name", "contact_email", "contact_phone"),
        context=("activity", "contact_organisation", "contact_consent_at", "status"), erase="blank",
        purpose=_l("Mettre en relation le conseiller d'une chambre consulaire qui accompagne une reprise "
                   "d'entreprise avec les personnes qui l'acceptent"),
        retention=_l("Tant que l'entreprise est à reprendre ; effacé un an après sa reprise ou son retrait "
                     "(jobs.tasks), ou à la demande de la personne"),
        label=_l("Contact d'une entreprise à reprendre"),
    )
    scope_register("jobs.takeoverbusiness", lambda queryset, user: in_networks_of(queryset, user, "network"))


def connect():
    post_save.connect(project_saved, sender=Project, dispatch_uid="jobs-occupations-project")
    post_save.connect(contact_saved, sender=Contact, dispatch_uid="jobs-occupations-contact")
    register_section("project_page", matching_needs_section)
    register_proposal_kind(EMPLOYER_NEED)
    register_proposal_kind(BUSINESS_TAKEOVER)
    register_section("project_page", takeovers_section)
    register_section("tracking_page", takeovers_tracking_section)
    register_section("welcome_kit", takeovers_kit_section)
    register_timeline_provider(offers_history)
    register_section("project_page", project_section)
    register_section("tracking_page", tracking_section)
    register_section("welcome_kit", kit_section)
    declare_personal_data()
    declare_employers()
    declare_takeovers()
