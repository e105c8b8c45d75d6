"""Personal data is kept no longer than needed: erased on request, and
PERSONAL_DATA_RETENTION_YEARS calendar years after the last activity.

Erasing walks the registry of personal data (crm.personal_data): every
table any app declared for a prospect is erased its declared way (blanked,
deleted, or by the app's own function), in the declared order, so a new
app's table is erased the day it is declared. What the reports count
(states, dates, segment, needs, territory, source) stays; what names or
describes the person goes, wherever it was written (see each app's
personal_data module, and README "Personal data").

Then each project still open is closed by the system's close_on_erasure
transition, as the tracking page promises ("votre accompagnement
s'arrêtera"). All in one transaction.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Greatest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from crm.models import Contact
from crm.personal_data import Person, PersonKind, person_erase
from onboarding.models import Project
from onboarding.services.journey import project_transition
from onboarding.signals import contact_erased
from onboarding.states import OPEN_STATES, Channel


def contact_erase(*, contact, user=None):
    """Erase one contact's personal data everywhere and close their open projects."""
    with transaction.atomic():
        # Locked: a referent's transition or edit at the same moment waits,
        # then finds the project closed (and its own change refused).
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        project_ids = tuple(
            Project.objects.select_for_update().filter(contact=contact).order_by("pk").values_list("pk", flat=True)
        )
        person = Person(
            kind=PersonKind.PROSPECT, ids=(contact.pk,), project_ids=project_ids,
            emails=(contact.email.lower(),) if contact.email else (), by=user,
        )
        with translation.override(settings.LANGUAGE_CODE):
            person_erase(person)
            contact_erased.send(sender=Contact, contact_id=contact.pk, project_ids=list(project_ids))
            _open_projects_close(project_ids)


contact_erase.alters_data = True


def _open_projects_close(project_ids):
    note = _("Données personnelles effacées à la demande de la personne : le projet est clos.")
    for project in Project.objects.filter(pk__in=project_ids, state__in=OPEN_STATES).order_by("pk"):
        project_transition(
            project=project, transition="close_on_erasure", user=None, channel=Channel.SYSTEM, note=note
        )


# --- retention ---------------------------------------------------------------------------

def add_years(day, years):
    """The same day `years` later (or earlier); 29 February becomes the 28th
    in a year without one, as French law counts a period in years (Code de
    procédure civile, art. 641: "à défaut d'un quantième identique, le délai
    expire le dernier jour du mois")."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year without one
        return day.replace(year=day.year + years, day=28)


def retention_limit(*, now=None):
    """The first instant whose activity is still kept.

    Activity on local day D is kept until the end of its anniversary
    add_years(D, N), N = PERSONAL_DATA_RETENTION_YEARS, and erased from the
    next day on. So the limit is the start of the first day D whose
    anniversary is not yet over: kept iff add_years(D, N) >= today.
    """
    years = settings.PERSONAL_DATA_RETENTION_YEARS
    today = timezone.localdate(now or timezone.now())
    first_kept = add_years(today, -years)
    if add_years(first_kept, years) < today:  # today is 29 February, that year had none
        first_kept += datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(first_kept, datetime.time.min))


def contacts_past_retention(*, now=None):
    """Contacts with no open project and no activity for the retention period."""
    limit = retention_limit(now=now)
    return (
        Contact.objects.filter(erased_at__isnull=True)
        .annotate(
            last_project=Max("projects__updated_at"),
            last_interaction=Max("projects__interactions__happened_at"),
        )
        .annotate(last_activity=Greatest("updated_at", "last_project", "last_interaction"))
        .exclude(projects__state__in=OPEN_STATES)
        .filter(Q(last_activity__lt=limit) | Q(last_activity__isnull=True, updated_at__lt=limit))
    )


def personal_data_purge(*, now=None):
    """Erase every contact past the retention period; returns how many.

    Each contact in its own transaction, by the same contact_erase as a
    request: a failure leaves the others erased and this one whole."""
    count = 0
    for contact in contacts_past_retention(now=now).only("pk"):
        contact_erase(contact=contact)
        count += 1
    return count
