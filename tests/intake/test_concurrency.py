"""The same person submitting twice at the same moment (a double click, two
tabs): one contact, one project, the other submission in its history.

Each thread has its own PostgreSQL connection; both pass a barrier and call
intake_submit at once. Both the new-contact case (the unique index on the
e-mail) and the known-contact case (the row lock) are raced.
"""

import pytest

from crm.models import Contact
from onboarding.models import Interaction, Project
from onboarding.services.intake import IntakeData, intake_submit
from onboarding.states import Channel, Source
from tests.intake.fixtures import *  # noqa: F403
from tests.races import race

ROUNDS = 10


def _race(emails):
    return race(*[
        lambda email=email: intake_submit(
            data=IntakeData(first_name="Lou", last_name="Martin", email=email, consent=True),
            source=Source.WEBSITE, channel=Channel.UI,
        )
        for email in emails
    ])


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_make_one_contact_and_one_project():
    for n in range(ROUNDS):
        email = f"lou{n}@example.org"
        results = _race([email, email.upper()])
        assert sorted(r.created for r in results) == [False, True], results
        assert Contact.objects.filter(email__iexact=email).count() == 1
        project = Project.objects.get(contact__email__iexact=email)
        assert Interaction.objects.filter(project=project, kind=Interaction.Kind.SUBMISSION).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_known_person_submitting_twice_at_once_gets_one_project():
    for n in range(ROUNDS):
        email = f"known{n}@example.org"
        Contact.objects.create(first_name="Lou", last_name="Martin", email=email)
        results = _race([email, email])
        assert sorted(r.created for r in results) == [False, True], results
        assert Project.objects.filter(contact__email=email).count() == 1
