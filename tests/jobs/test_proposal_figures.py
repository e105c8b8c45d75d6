"""The figures of the proposals of employers' needs: proposed, accepted (put
in touch), hired, by the employer's sector and the job's EPCI, within the
account's networks only."""

from django.urls import reverse

from crm.models import Contact
from jobs.proposals import KIND
from onboarding.services.projects import project_create
from onboarding.services.proposals import proposal_accept, proposal_create, proposal_decline, proposal_outcome
from onboarding.states import Source
from tests.jobs.employers import hospital_need
from tests.network_world import lot_et_garonne


def _project(bob, name, **kwargs):
    contact = Contact.objects.create(first_name=name, last_name="Test", email=f"{name}@example.org")
    return project_create(contact=contact, source=Source.WEBSITE, referent=bob.referent, **kwargs)


def test_the_figures_count_each_step_by_sector_and_epci(client, alice, bob, territory,
                                                        django_assert_max_num_queries):
    need = hospital_need(territory)
    hired, accepted, declined = (proposal_create(project=_project(bob, name), kind=KIND, target_id=need.pk,
                                                 user=bob)[0] for name in ("ana", "ben", "cyd"))
    for proposal in (hired, accepted):
        proposal_accept(proposal=proposal)
    proposal_outcome(proposal=hired, outcome="hired", user=bob)
    proposal_decline(proposal=declined)
    # Another programme's proposal is not theirs to count.
    other, other_territory = lot_et_garonne()
    theirs = hospital_need(other_territory, network=other)
    proposal_create(project=_project(bob, "dan", network=other, target_commune=other_territory["commune"]),
                    kind=KIND, target_id=theirs.pk, user=bob)

    client.force_login(alice)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("jobs_proposal_figures"))

    [line] = page.context["lines"]
    assert (line.sector, line.epci, line.proposed, line.accepted, line.hired) == (
        "Santé, action sociale", "CC Grand-Figeac", 3, 2, 1)
    total = page.context["total"]
    assert (total.proposed, total.accepted, total.hired) == (3, 2, 1)
