"""Businesses to take over (jobs.TakeoverBusiness): their rules, shared by the
staff pages and the chambers' API (the same French errors, a django
ValidationError by field), and which projects they fit, both ways.

A project fits a business when, all at once:
- the project is of the business's network and active (new to settling);
- it has the need « Création ou reprise d'entreprise » (TAKEOVER_NEED);
- the business is open (not taken, not withdrawn);
- the territories meet: the same EPCI, or the project's commune (installed,
  else targeted) within MATCH_RADIUS_KM of the business's, or a project
  that names only the business's département.

One query for the projects of a business, one for the businesses of a
project (plus the communes within the radius, and what was proposed)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.employers import in_territory, territory_error
from jobs.matching import SHOWN, communes_near
from jobs.models import TakeoverBusiness
from jobs.proposals import TAKEOVER_KIND
from onboarding.models import Project, Proposal
from onboarding.states import ACTIVE_STATES

TAKEOVER_NEED = "creation-reprise"
KIND = TAKEOVER_KIND
CONTACT_KEPT_DAYS = 365
FIELDS = ("activity", "sector", "commune", "price_min", "price_max", "premises", "housing_included", "available_on",
          "description", "contact_organisation", "contact_name", "contact_email", "contact_phone", "status")

def takeover_check(*, network, data, consent):
    errors = {}
    if not in_territory(data.get("commune"), network):
        errors["commune"] = territory_error(network)
    low, high = data.get("price_min"), data.get("price_max")
    if low is not None and high is not None and low > high:
        errors["price_max"] = _("Le prix maximum doit être supérieur ou égal au prix minimum.")
    if not consent:
        errors["contact_consent"] = _("L'entreprise ne peut être enregistrée sans l'accord de la personne à "
                                      "contacter : elle recevra les coordonnées des personnes qui acceptent une "
                                      "mise en relation.")
    if errors:
        raise ValidationError(errors)
    return {name: data[name] for name in FIELDS if name in data}


@transaction.atomic
def takeover_save(*, network, data, consent, user, business=None, reference=""):
    """Create (`business` None) or update a business to take over of `network`.
    `consent`: the contact person agreed (the date is kept while the same
    person stays the contact). Leaving "open" dates the closing (retention)."""
    values = takeover_check(network=network, data=data, consent=consent)
    now = timezone.now()
    if business is None:
        business = TakeoverBusiness(network=network, created_by=user, reference=reference, contact_consent_at=now)
        same_person = True
    else:
        same_person = (business.contact_email.lower(), business.contact_name) == (
            values.get("contact_email", business.contact_email).lower(),
            values.get("contact_name", business.contact_name))
    was_open = business.pk is None or business.status == TakeoverBusiness.Status.OPEN
    for name, value in values.items():
        setattr(business, name, value)
    if not same_person:
        business.contact_consent_at = now
    if business.status == TakeoverBusiness.Status.OPEN:
        business.closed_at = None
    elif was_open:
        business.closed_at = now
    business.save()
    return business


takeover_save.alters_data = True


def _open_projects(network_id):
    return (Project.objects.filter(network_id=network_id, state__in=ACTIVE_STATES, needs__code=TAKEOVER_NEED))


def business_projects_query(business, near_ids):
    """The projects `business` fits (a queryset)."""
    if business.status != TakeoverBusiness.Status.OPEN:
        return Project.objects.none()
    commune = business.commune
    where = (Q(installed_commune_id__in=near_ids)
             | Q(installed_commune__isnull=True, target_commune_id__in=near_ids)
             | Q(installed_commune__isnull=True, target_commune__isnull=True, epci__isnull=True,
                 departement_id=commune.departement_id))
    if commune.epci_id is not None:  # (epci_id=None would read as "projects of no EPCI")
        where |= Q(epci_id=commune.epci_id)
    return _open_projects(business.network_id).filter(where)


def projects_for_business(business, *, visible=None):
    """The projects fitting `business` among `visible` (those the user may see), newest first, at most SHOWN,
    each with whether it was proposed already: 3 queries."""
    rows = business_projects_query(business, list(communes_near(business.commune)))
    if visible is not None:
        rows = rows.filter(pk__in=visible.values("pk"))
    projects = list(rows.select_related("contact", "target_commune", "installed_commune", "epci")
                    .order_by("-created_at", "-pk")[:SHOWN])
    proposed = set(Proposal.objects.filter(kind=KIND, target_id=business.pk, project_id__in=[p.pk for p in projects],
                                           status__in=Proposal.OPEN_STATUSES).values_list("project_id", flat=True))
    return [(project, project.pk in proposed) for project in projects]


def has_takeover_need(project):
    """Read from the project's needs (prefetched by the project page: no query there)."""
    return any(need.code == TAKEOVER_NEED for need in project.needs.all())


def businesses_for_project(project):
    """The open businesses of the project's network that fit it (the caller has checked the project has the
    takeover need: has_takeover_need), newest first, each with whether it was proposed already: 3 queries."""
    if project.state not in ACTIVE_STATES:
        return []
    commune = project.installed_commune or project.target_commune
    if commune is not None:
        where = Q(commune_id__in=list(communes_near(commune)))
        if project.epci_id:
            where |= Q(commune__epci_id=project.epci_id)
    elif project.epci_id:
        where = Q(commune__epci_id=project.epci_id)
    elif project.departement_id:
        where = Q(commune__departement_id=project.departement_id)
    else:
        return []
    businesses = list(TakeoverBusiness.objects.filter(where, network_id=project.network_id,
                                                      status=TakeoverBusiness.Status.OPEN)
                      .select_related("commune").order_by("-created_at", "-pk")[:SHOWN])
    proposed = set(Proposal.objects.filter(kind=KIND, project=project, target_id__in=[b.pk for b in businesses],
                                           status__in=Proposal.OPEN_STATUSES).values_list("target_id", flat=True))
    return [(business, business.pk in proposed) for business in businesses]


def public_businesses(network, *, sector="", epci=None):
    """What the public list shows: the network's open businesses, without their contact person."""
    rows = (TakeoverBusiness.objects.filter(network=network, status=TakeoverBusiness.Status.OPEN)
            .select_related("commune__epci")
            .only("pk", "activity", "sector", "commune__name", "commune__epci__name", "price_min", "price_max",
                  "premises", "housing_included", "available_on", "contact_organisation", "created_at"))
    if sector:
        rows = rows.filter(sector=sector)
    if epci is not None:
        rows = rows.filter(commune__epci=epci)
    return rows.order_by("-created_at", "-pk")


def expired_contacts_erase(*, now=None):
    """Blank the contact person of businesses taken or withdrawn more than CONTACT_KEPT_DAYS ago (the retention
    declared in jobs.receivers); returns how many."""
    limit = (now or timezone.now()) - datetime.timedelta(days=CONTACT_KEPT_DAYS)
    due = TakeoverBusiness.objects.filter(closed_at__lt=limit).exclude(contact_name="", contact_email="",
                                                                       contact_phone="")
    with transaction.atomic():
        return due.update(contact_name="", contact_email="", contact_phone="")


expired_contacts_erase.alters_data = True
