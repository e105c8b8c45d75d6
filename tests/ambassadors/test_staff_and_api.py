"""The staff pages and the API: each network sees only its ambassadors (the
same 404 for another network's as for none), coordinators approve, pause or
remove, referents only read; the API is read-only and never for partner keys."""

from django.urls import reverse

from ambassadors.models import Ambassador, AmbassadorEvent, Share
from ambassadors.proposals import KIND
from api.models import ApiToken
from onboarding.models import Proposal
from onboarding.services.proposals import proposal_create
from tests.ambassadors.stories import ambassador_make
from tests.api.fixtures import make_token


def test_the_list_filters_searches_and_pages_in_a_bounded_number_of_queries(cast, client,
                                                                             django_assert_max_num_queries):
    for n in range(30):
        ambassador_make(cast.lot, cast.figeac, f"Extra{n}", languages=",en," if n % 2 else "")
    client.force_login(cast.alice)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("ambassador_list"), {"language": "en", "share": Share.objects.get(code="cafe").pk,
                                                        "status": "approved", "epci": cast.epci.pk})
    assert page.status_code == 200 and "15 ambassadeurs" in page.content.decode()
    assert "Marc" not in page.content.decode()  # Lot-et-Garonne's
    searched = client.get(reverse("ambassador_list"), {"q": "Boulang"}).content.decode()
    assert "Jeanne" in searched and "Paul" not in searched
    assert client.get(reverse("ambassador_list"), {"page": "2"}).status_code == 200


def test_another_networks_ambassador_is_a_404(cast, client):
    client.force_login(cast.dora)
    assert client.get(reverse("ambassador_detail", args=[cast.paul.pk])).status_code == 404
    assert client.post(reverse("ambassador_decide", args=[cast.paul.pk]), {"action": "pause"}).status_code == 404
    assert client.get(reverse("ambassador_detail", args=[cast.marc.pk])).status_code == 200


def test_a_coordinator_pauses_and_a_referent_cannot(cast, client, django_assert_max_num_queries):
    waiting, _created = proposal_create(project=cast.project, kind=KIND, target_id=cast.paul.pk, user=cast.bob)
    client.force_login(cast.bob)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("ambassador_detail", args=[cast.paul.pk])).status_code == 200
    assert client.post(reverse("ambassador_decide", args=[cast.paul.pk]), {"action": "pause"}).status_code == 403
    assert client.get(reverse("ambassador_detail", args=[cast.paul.pk])).status_code == 200

    client.force_login(cast.alice)
    client.post(reverse("ambassador_decide", args=[cast.paul.pk]), {"action": "pause"})

    paul = Ambassador.objects.get(pk=cast.paul.pk)
    assert (paul.status, paul.status_changed_by) == (Ambassador.Status.PAUSED, cast.alice)
    assert AmbassadorEvent.objects.filter(ambassador=paul, to_status="paused", by=cast.alice).count() == 1
    # Not put in touch while paused: the introduction waiting for the person's answer is declined.
    assert Proposal.objects.get(pk=waiting.pk).status == Proposal.Status.DECLINED


def test_the_figures_count_by_epci_what_the_network_did_in_the_period(cast, client, django_assert_max_num_queries):
    from ambassadors.models import Referral
    from onboarding.models import Project
    from onboarding.services.proposals import proposal_accept

    Referral.objects.create(ambassador=cast.jeanne, project=cast.project)
    proposal_accept(proposal=proposal_create(project=cast.project, kind=KIND, target_id=cast.paul.pk,
                                             user=cast.bob)[0])
    Project.objects.filter(pk=cast.project.pk).update(installed_on="2026-06-01", epci=cast.epci)
    client.force_login(cast.alice)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("ambassador_figures"), {"du": "2020-01-01", "au": "2100-01-01"})
    row = page.content.decode().split("CC Grand-Figeac</th>")[1].split("</tr>")[0]
    # Active Paul and Jeanne; one project referred, one introduction accepted, and that project installed
    # with an ambassador's help counted once.
    assert [cell.split("</td>")[0] for cell in row.split("<td>")[1:]] == ["2", "1", "1", "1"]
    assert "Val de Garonne" not in page.content.decode()
    before = client.get(reverse("ambassador_figures"), {"du": "2020-01-01", "au": "2020-12-31"}).content.decode()
    assert "<td>2</td><td>0</td><td>0</td><td>0</td>" in before.replace("\n", "")


def test_the_api_lists_the_networks_ambassadors_read_only_for_staff_keys_only(cast, client):
    _token, key = make_token(ApiToken.Kind.STAFF, cast.alice)
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"}

    listed = client.get(reverse("api_ambassador_list"), **headers)
    assert listed.status_code == 200
    assert sorted(row["first_name"] for row in listed.json()["results"]) == ["Jeanne", "Paul"]
    assert client.get(reverse("api_ambassador_detail", args=[cast.paul.pk]), **headers).json()["commune"] == "46102"
    assert client.get(reverse("api_ambassador_detail", args=[cast.marc.pk]), **headers).status_code == 404
    assert client.post(reverse("api_ambassador_list"), {}, **headers).status_code == 405
    assert client.delete(reverse("api_ambassador_detail", args=[cast.paul.pk]), **headers).status_code == 405

    _token, partner = make_token(ApiToken.Kind.PARTNER, name="choisirlelot.fr")
    assert client.get(reverse("api_ambassador_list"), HTTP_AUTHORIZATION=f"Token {partner}").status_code == 403
