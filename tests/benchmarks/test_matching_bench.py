"""benchmarks/matching.py at a tiny size: the bare SQL and jobs.matching agree on the ids, and the need it
adds for the measure is gone afterwards (the figures mean nothing at this size)."""

import io

from crm.models import Contact
from jobs.models import Employer
from onboarding.services.projects import project_create
from onboarding.states import Source
from tests.jobs.employers import lot_network


def test_the_benchmark_finds_the_same_projects_both_ways(territory, bob, django_capture_on_commit_callbacks):
    from benchmarks import matching

    lot_network(territory)
    for i, occupation in enumerate(["Infirmière", "infirmier", "Boulanger"]):
        with django_capture_on_commit_callbacks(execute=True):
            contact = Contact.objects.create(first_name=f"P{i}", last_name="T", email=f"p{i}@example.org",
                                             occupation=occupation)
            project_create(contact=contact, source=Source.WEBSITE, referent=bob.referent,
                           target_commune=territory["commune"])

    out = io.StringIO()
    result = matching.main(1, out=out)

    assert result["problems"] == [] and result["fit"] == 2
    assert "same ids on both sides" in out.getvalue()
    assert not Employer.objects.exists()
