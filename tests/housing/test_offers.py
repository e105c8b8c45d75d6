"""Housing offers: who enters and sees them, what the forms refuse, when an
offer leaves the public list, and what the public list never shows."""

import datetime

from django.urls import reverse
from django.utils import timezone

from crm.personal_data import Person, PersonKind, person_erase, person_export
from housing import proposals
from housing.models import HousingBooking, HousingOffer
from housing.receivers import project_section
from housing.selectors import public_offers, stays_by_epci
from housing.services import expired_contacts_erase
from onboarding.extensions import ProposalCounterpart
from onboarding.timeline import project_timeline
from tests.housing.conftest import booking_make, day, offer_make


def _form(world, **changes):
    data = {"network": world.lot.pk, "kind": "location", "title": "T2 lumineux", "commune": world.figeac.pk,
            "housing_type": "appartement", "rooms": 2, "surface": 45, "price": 480,
            "available_from": day(0).isoformat(), "available_until": day(90).isoformat(),
            "organisation": world.mairie.pk, "contact_name": "Jeanne Mas", "contact_email": "Jeanne.Mas@figeac.example",
            "contact_phone": "", "description": "", "status": "publiee"}
    return {**data, **changes}


# Which offers the public list shows, today: published and valid until today or later.
EXPIRY_TRUTH = [
    (0, "publiee", True),       # its last day
    (-1, "publiee", False),     # ended yesterday
    (30, "brouillon", False),
    (30, "retiree", False),
]


def test_an_offer_leaves_the_public_list_the_day_after_its_end(housing):
    for until, status, shown in EXPIRY_TRUTH:
        offer = offer_make(housing, available_until=day(until), available_from=day(-40), status=status)
        assert (offer in public_offers(housing.lot)) is shown, (until, status)


def test_the_public_list_names_the_organisation_never_the_contact_person(client, housing):
    response = client.get(reverse("housing_public_list", args=[housing.lot.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Logement passerelle du Puy" in html and "Mairie de Figeac" in html
    assert "Jeanne" not in html and "jeanne.mas" not in html and "05 65 00 00 00" not in html


def test_the_public_list_filters_by_kind_and_epci_without_javascript(client, housing, django_assert_max_num_queries):
    offer_make(housing, title="Maison à Cahors", kind="achat", commune=housing.cahors, housing_type="maison")
    url = reverse("housing_public_list", args=[housing.lot.slug])
    with django_assert_max_num_queries(5):  # network, EPCI chosen, EPCI choices, count, page
        by_epci = client.get(url, {"epci": housing.cahors_epci.pk}).content.decode()
    by_kind = client.get(url, {"kind": "temporaire"}).content.decode()
    nonsense = client.get(url, {"kind": "chateau", "epci": "x", "page": "99"})
    assert "Maison à Cahors" in by_epci and "Logement passerelle" not in by_epci
    assert "Logement passerelle" in by_kind and "Maison à Cahors" not in by_kind
    assert nonsense.status_code == 200  # an unknown filter is ignored, a page too far is the last


def test_another_networks_offer_is_a_404_like_a_missing_one(client, housing):
    client.force_login(housing.dora)
    for url in (reverse("housing_offer_detail", args=[housing.gite.pk]),
                reverse("housing_offer_edit", args=[housing.gite.pk]),
                reverse("housing_offer_detail", args=[999999])):
        assert client.get(url).status_code == 404
    assert "Logement passerelle" not in client.get(reverse("housing_offer_list")).content.decode()


def test_a_referent_of_another_organisation_reads_an_offer_but_may_not_change_it(client, housing):
    client.force_login(housing.bob)
    detail = client.get(reverse("housing_offer_detail", args=[housing.gite.pk]))
    assert detail.status_code == 200 and "Modifier l'offre" not in detail.content.decode()
    assert client.get(reverse("housing_offer_edit", args=[housing.gite.pk])).status_code == 403


def test_the_organisations_staff_enters_an_offer(client, housing):
    client.force_login(housing.maud)
    response = client.post(reverse("housing_offer_create"), _form(housing))
    offer = HousingOffer.objects.get(title="T2 lumineux")
    assert response.status_code == 302
    assert (offer.organisation, offer.created_by, offer.contact_email) == (
        housing.mairie, housing.maud, "jeanne.mas@figeac.example")


def test_the_offer_form_says_in_french_what_to_correct(client, housing):
    refusals = [
        ({"available_until": day(-1).isoformat()}, "available_until", "après la date de disponibilité"),
        ({"commune": housing.garonne_places["commune"].pk}, "commune", "pas sur le territoire du réseau"),
        ({"rooms": "0"}, "rooms", "supérieure ou égale"),
        ({"kind": "achat", "housing_type": "passerelle"}, "housing_type", "ne se vend pas"),
        ({"title": ""}, "title", "obligatoire"),
    ]
    client.force_login(housing.alice)
    for changes, field, message in refusals:
        response = client.post(reverse("housing_offer_create"), _form(housing, **changes))
        assert response.status_code == 400
        assert message in " ".join(response.context["form"].errors[field]), changes
        assert not response.context["form"].non_field_errors()
        assert 'id="error-summary"' in response.content.decode()
    assert HousingOffer.objects.count() == 1  # the gîte of the cast only


def test_a_referent_may_not_enter_an_offer_for_another_organisation(client, housing):
    client.force_login(housing.bob)
    response = client.post(reverse("housing_offer_create"), _form(housing))
    assert response.status_code == 400 and not HousingOffer.objects.filter(title="T2 lumineux").exists()


def test_the_staff_list_filters_and_searches(client, housing):
    offer_make(housing, title="Maison à Cahors", kind="achat", commune=housing.cahors, housing_type="maison")
    offer_make(housing, title="Studio plus tard", available_from=day(30))
    client.force_login(housing.bob)
    url = reverse("housing_offer_list")

    def titles(**query):
        return {o.title for o in client.get(url, query).context["page"]}

    assert titles(q="cahors") == {"Maison à Cahors"}
    assert titles(kind="temporaire") == {"Logement passerelle du Puy"}
    assert titles(epci=housing.epci.pk, available="on") == {"Logement passerelle du Puy"}


def test_the_project_page_shows_offers_near_its_target_and_its_stays(housing, django_assert_max_num_queries):
    offer_make(housing, title="Maison à Cahors", commune=housing.cahors)
    booking_make(housing, 5, 9)
    project = type(housing.project).objects.get(pk=housing.project.pk)
    with django_assert_max_num_queries(3):  # the target commune, the offers near it, the stays
        section = project_section(project)
    assert [o.title for o in section.context["offers"]] == ["Logement passerelle du Puy"]
    assert len(section.context["bookings"]) == 1
    titles = [entry.title for entry in project_timeline(project) if entry.kind == "housing_booking"]
    assert titles and titles[0].startswith("Séjour demandé : Logement passerelle du Puy (Figeac)")


def test_the_referent_asks_for_a_stay_from_the_project_page(client, housing):
    client.force_login(housing.bob)
    url = reverse("housing_booking_request", args=[housing.project.pk])
    asked = {"offer": housing.gite.pk, "start_on": day(3).isoformat(), "end_on": day(10).isoformat(),
             "household_size": 2}
    assert client.post(url, asked).status_code == 302
    assert housing.gite.bookings.get().requested_by == housing.bob
    client.force_login(housing.dora)
    assert client.post(url, asked).status_code == 404


def test_stays_by_epci_counts_accepted_stays_in_the_period(housing):
    booking_make(housing, 5, 9, status="accepted")
    booking_make(housing, 9, 12, status="accepted")
    booking_make(housing, 20, 25, status="declined")
    booking_make(housing, 40, 45, status="accepted")
    rows = stays_by_epci(housing.alice, start=day(0), end=day(30))
    assert rows == [{"epci_id": housing.epci.pk, "epci": "CC Grand-Figeac", "stays": 2, "people": 4, "projects": 1}]
    assert stays_by_epci(housing.dora, start=day(0), end=day(30)) == []


def test_a_contact_is_erased_a_year_after_the_offers_end(housing):
    old = offer_make(housing, available_from=day(-500), available_until=day(-366))
    recent = offer_make(housing, available_from=day(-500), available_until=day(-364))
    assert expired_contacts_erase() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.contact_name, old.contact_email) == ("", "")
    assert recent.contact_name == "Jeanne Mas"


def test_the_registry_finds_an_offers_contact_by_address_and_erases_only_them(housing):
    other = offer_make(housing, contact_name="Paul Roc", contact_email="paul.roc@example.org")
    person = Person(kind=PersonKind.PARTNER, ids=(housing.gite.pk,), emails=("jeanne.mas@figeac.example",))
    sections = {s.key: s for s in person_export(person)}
    assert [row["contact_name"] for row in sections["housing.housingoffer"].rows] == ["Jeanne Mas"]
    person_erase(person)
    housing.gite.refresh_from_db()
    other.refresh_from_db()
    assert (housing.gite.contact_name, housing.gite.contact_email, housing.gite.contact_phone) == ("", "", "")
    assert other.contact_name == "Paul Roc"


def test_an_offer_as_a_proposal_says_what_the_prospect_reads_never_its_contact_person(housing):
    offer = proposals.load([housing.gite.pk])[housing.gite.pk]
    title, lines = proposals.describe(offer)
    assert title == "Logement passerelle du Puy"
    assert "Hébergement temporaire à Figeac" in lines and "Géré par Mairie de Figeac" in lines
    assert not any("Jeanne" in line for line in lines)
    assert proposals.available(offer, housing.project)
    assert proposals.counterpart(offer) == ProposalCounterpart(name="Jeanne Mas", email="jeanne.mas@figeac.example",
                                                               organisation="Mairie de Figeac")
    expired = offer_make(housing, available_from=day(-60), available_until=day(-1))
    assert not proposals.available(expired, housing.project)


def test_the_manager_answers_a_stay_without_learning_who_the_household_is(client, housing):
    booking_make(housing, 5, 9)
    client.force_login(housing.maud)
    page = client.get(reverse("housing_offer_detail", args=[housing.gite.pk])).content.decode()
    assert "Accepter" in page and "Camille" not in page and "Roux" not in page


def test_the_manager_accepts_a_stay_from_the_offers_page_and_another_network_gets_a_404(client, housing):
    booking = booking_make(housing, 5, 9)
    url = reverse("housing_booking_decision", args=[booking.pk])
    client.force_login(housing.dora)
    assert client.post(url, {"decision": "accept"}).status_code == 404
    client.force_login(housing.maud)
    assert client.post(url, {"decision": "accept"}).status_code == 302
    booking.refresh_from_db()
    assert (booking.status, booking.decided_by) == ("accepted", housing.maud)


def test_a_referent_proposes_an_offer_and_its_contact_hears_only_once_the_person_accepts(
        client, housing, django_capture_on_commit_callbacks):
    from django.core import mail

    from onboarding.models import Proposal
    from onboarding.services.proposals import proposal_accept

    client.force_login(housing.bob)
    propose = reverse("housing_offer_propose", args=[housing.project.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(propose, {"offer": housing.gite.pk})
    assert response.status_code == 302 and response.url.endswith("#logement")
    proposal = Proposal.objects.get(project=housing.project, kind="housing_offer", target_id=housing.gite.pk)
    assert not [m for m in mail.outbox if "jeanne.mas@figeac.example" in m.to]
    with django_capture_on_commit_callbacks(execute=True):
        proposal_accept(proposal=proposal)
    (put_in_touch,) = [m for m in mail.outbox if "jeanne.mas@figeac.example" in m.to]
    assert housing.project.contact.email in put_in_touch.body
    # Another network's offer, or one that is not a number: refused with a message, nothing written.
    client.post(propose, {"offer": "12abc"})
    other = offer_make(housing, network=housing.garonne)
    client.post(propose, {"offer": other.pk})
    assert Proposal.objects.filter(project=housing.project).count() == 1


def _png(side=400):
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (side, side), "#3a7").save(out, "PNG")
    return out.getvalue()


def test_an_offer_s_photo_is_checked_stored_re_encoded_and_shown_only_while_the_offer_is(client, housing, settings,
                                                                                          tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                           "OPTIONS": {"location": str(tmp_path)}}}
    client.force_login(housing.maud)
    edit = reverse("housing_offer_edit", args=[housing.gite.pk])
    form = client.get(edit).context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name not in ("photo_file", "photo_remove")}
    refused = client.post(edit, {**data, "photo_file": SimpleUploadedFile("plan.pdf", b"%PDF-1.7 not a picture")})
    assert refused.status_code == 400
    assert "pas une image lisible au format JPEG, PNG ou WebP" in refused.content.decode()
    assert not HousingOffer.objects.get(pk=housing.gite.pk).photo

    client.post(edit, {**data, "photo_file": SimpleUploadedFile("maison.png", _png(), content_type="image/png")})
    offer = HousingOffer.objects.get(pk=housing.gite.pk)
    assert offer.photo.name.startswith("housing/") and offer.photo.name.endswith(".jpg")
    public = reverse("housing_public_photo", args=[housing.lot.slug, offer.pk])
    client.logout()
    shown = client.get(public)
    assert shown.status_code == 200 and b"".join(shown.streaming_content)[:3] == b"\xff\xd8\xff"  # a JPEG now
    HousingOffer.objects.filter(pk=offer.pk).update(available_until=day(-1))
    assert client.get(public).status_code == 404  # expired: gone from the public side
    assert client.get(reverse("housing_public_photo", args=[housing.garonne.slug, offer.pk])).status_code == 404


def test_the_kit_lists_what_is_proposed_and_still_open(housing):
    from onboarding.models import Proposal
    from onboarding.services.proposals import proposal_create, proposal_decline
    from tests.tagged_pdf import assert_tagged
    from tests.welcome_kits.helpers import pdf_text
    from welcome_kits.rendering import kit_render_pdf

    kept, _ = proposal_create(project=housing.project, kind="housing_offer", target_id=housing.gite.pk,
                              user=housing.bob)
    declined_offer = offer_make(housing, title="Studio déjà décliné")
    declined, _ = proposal_create(project=housing.project, kind="housing_offer", target_id=declined_offer.pk,
                                  user=housing.alice)
    proposal_decline(proposal=declined)

    data = kit_render_pdf(housing.project)

    text = pdf_text(data)
    assert "Ce que votre référent vous propose" in text
    assert "Logement passerelle du Puy" in text  # open: listed
    assert "Studio déjà décliné" not in text  # declined: not
    assert "Jeanne" not in text  # never the contact person
    assert_tagged(data, title="Kit de bienvenue")
    assert Proposal.objects.get(pk=kept.pk).status == Proposal.Status.PROPOSED


def test_the_figures_count_proposals_and_stays_by_epci_for_the_year(client, housing):
    from onboarding.services.proposals import proposal_accept, proposal_create, proposal_outcome

    proposal, _ = proposal_create(project=housing.project, kind="housing_offer", target_id=housing.gite.pk,
                                  user=housing.bob)
    proposal_accept(proposal=proposal)
    proposal.refresh_from_db()
    proposal_outcome(proposal=proposal, outcome="housed", user=housing.bob)
    year = timezone.localdate().year  # the proposal's year; the stays are put in it whatever today is
    for status, month in ((HousingBooking.Status.ACCEPTED, 3), (HousingBooking.Status.DECLINED, 4)):  # declined: no stay
        HousingBooking.objects.create(offer=housing.gite, project=housing.project, status=status, household_size=2,
                                      start_on=datetime.date(year, month, 1), end_on=datetime.date(year, month, 4))

    client.force_login(housing.alice)
    page = client.get(reverse("housing_figures"), {"annee": year})
    assert page.status_code == 200
    (line,) = page.context["lines"]
    assert line == {"epci": housing.figeac.epci.name, "proposed": 1, "accepted": 1, "housed": 1,
                    "stays": 1, "people": 2, "projects": 1}
    assert client.get(reverse("housing_figures"), {"annee": year - 5}).context["lines"] == []
    assert client.get(reverse("housing_figures"), {"annee": "abc"}).status_code == 200  # the current year
