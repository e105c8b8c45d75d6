"""Personal data is kept no longer than needed: erased on request, and
at the end of the retention period (onboarding.services.retention, which
calls contact_erase).

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

from django.conf import settings
from django.db import transaction
from django.utils import translation
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

