"""Personal data is kept no longer than needed: erased on request, and
three years (PERSONAL_DATA_RETENTION_YEARS) after the last contact.

Erasing keeps the anonymous figures the reports need (states, dates,
segment, needs, territory, source) and removes everything that names or
describes the person.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from crm.models import Contact, PrivacyRequest
from crm.outbox import outbox_erase
from onboarding.models import Interaction, Project, ProjectTransition
from onboarding.signals import contact_erased
from onboarding.states import OPEN_STATES

ERASED_NAME = "Anonyme"


@transaction.atomic
def contact_erase(*, contact, user=None):
    """Anonymise one contact and the free text of their projects."""
    Contact.objects.filter(pk=contact.pk).update(
        first_name=ERASED_NAME, last_name=f"n°{contact.pk}", email="", phone="", current_city="",
        occupation="", has_partner=False, partner_occupation="", partner_seeks_job=False, children_ages=[],
        updated_at=timezone.now(),
    )
    projects = Project.objects.filter(contact=contact)
    projects.update(summary="", message="", referrer="", pause_reason="")
    Interaction.objects.filter(project__in=projects).update(summary="")
    ProjectTransition.objects.filter(project__in=projects).update(note="")
    PrivacyRequest.objects.filter(contact=contact, handled_at__isnull=True).update(
        handled_at=timezone.now(), handled_by=user, message=""
    )
    project_ids = list(projects.values_list("pk", flat=True))
    outbox_erase(contact_ids=[contact.pk], project_ids=project_ids)
    contact_erased.send(sender=Contact, contact_id=contact.pk, project_ids=project_ids)


contact_erase.alters_data = True


def contacts_past_retention(*, now=None):
    """Contacts with no open project and no activity for the retention period."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=365 * settings.PERSONAL_DATA_RETENTION_YEARS)
    return (
        Contact.objects.exclude(first_name=ERASED_NAME, email="")
        .annotate(
            last_project=Max("projects__updated_at"),
            last_interaction=Max("projects__interactions__happened_at"),
        )
        .annotate(last_activity=Greatest("updated_at", "last_project", "last_interaction"))
        .exclude(projects__state__in=OPEN_STATES)
        .filter(Q(last_activity__lt=limit) | Q(last_activity__isnull=True, updated_at__lt=limit))
    )


def personal_data_purge(*, now=None):
    """Erase every contact past the retention period; returns how many."""
    count = 0
    for contact in contacts_past_retention(now=now).only("pk"):
        contact_erase(contact=contact)
        count += 1
    return count
