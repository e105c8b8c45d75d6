"""The same person twice. What the territory expects:

- the same e-mail is the same person (as before); without an e-mail, the
  same phone (however written) and the same name are the same person: the
  submission joins their open project;
- anything less certain is a new contact and project, flagged for the
  referent, never merged by the application: the same phone with another
  e-mail or another first name (a partner sharing the line), the same last
  name aiming at the same intercommunality (a couple filing apart);
- the referent decides: same person (one contact, both histories kept, the
  newer project closed as a duplicate of the older), same household (the
  newer closed, the older's household says so), or different people.
"""

import datetime

import pytest

from crm.models import Commune, Contact, Epci, Network, OutboxEmail
from onboarding.exceptions import TransitionPermissionDenied
from onboarding.models import Consent, DetailChange, Interaction, LikelyDuplicate, Project, ProjectTransition
from onboarding.services.duplicates import DuplicateDecisionRefused, duplicate_decide, likely_duplicates_of
from onboarding.services.intake import IntakeData, intake_submit
from onboarding.services.privacy import contact_erase
from onboarding.services.projects import contact_update_details
from onboarding.states import Channel, RejectReason, Source, State

pytestmark = pytest.mark.django_db

Reason, Decision = LikelyDuplicate.Reason, LikelyDuplicate.Decision


@pytest.fixture
def places(territory):
    """Figeac and Capdenac-Gare in Grand-Figeac; Cahors in another EPCI of the Lot."""
    lot = territory["departement"]
    capdenac = Commune.objects.create(insee="46058", name="Capdenac-Gare", departement=lot,
                                      epci=territory["epci"], population=4500)
    cahors_epci = Epci.objects.create(siren="200023737", name="CA du Grand Cahors", nature="CA", departement=lot)
    cahors = Commune.objects.create(insee="46042", name="Cahors", departement=lot, epci=cahors_epci,
                                    population=19000)
    return {"figeac": territory["commune"], "capdenac": capdenac, "cahors": cahors}


def submit(network=None, **given):
    fields = {"first_name": "Camille", "last_name": "Roux", "email": "camille.roux@example.org",
              "phone": "06 12 34 56 78", "consent": True, **given}
    return intake_submit(data=IntakeData(**fields), source=Source.WEBSITE, channel=Channel.UI,
                         network=network or Network.objects.order_by("pk").first())


FIRST = {"first_name": "Camille", "last_name": "Roux", "email": "camille.roux@example.org",
         "phone": "06 12 34 56 78", "place": "figeac"}

# (what the second submission says, same contact?, the flag expected on the new project)
SECOND_SUBMISSIONS = {
    "no e-mail, same phone written otherwise, same name": (
        {"email": "", "phone": "+33 6 12 34 56 78", "first_name": "camille", "last_name": "ROUX"}, True, None),
    "no e-mail, same phone, same name without its accents": (
        {"email": "", "phone": "0033612345678"}, True, None),
    "no e-mail, same phone, another first name (a partner)": (
        {"email": "", "first_name": "Sam"}, False, Reason.PHONE),
    "another e-mail, same phone, same name": (
        {"email": "camille.r@example.net"}, False, Reason.PHONE),
    "another e-mail and first name, same phone": (
        {"email": "sam.roux@example.org", "first_name": "Sam"}, False, Reason.PHONE),
    "same last name aiming at the same intercommunality": (
        {"email": "sam@example.org", "first_name": "Sam", "phone": "07 81 23 45 67", "place": "capdenac"},
        False, Reason.NAME_AND_PLACE),
    "same last name, folded, same commune": (
        {"email": "sam@example.org", "first_name": "Sam", "last_name": "roux", "phone": ""}, False,
        Reason.NAME_AND_PLACE),
    "same last name aiming elsewhere": (
        {"email": "sam@example.org", "first_name": "Sam", "phone": "07 81 23 45 67", "place": "cahors"},
        False, None),
    "nothing in common but the first name": (
        {"email": "camille.b@example.org", "last_name": "Bernard", "phone": "07 81 23 45 67"}, False, None),
}


@pytest.mark.parametrize("case", list(SECOND_SUBMISSIONS))
def test_a_second_submission_is_the_same_person_only_when_certain(places, case):
    given, same_contact, flag = SECOND_SUBMISSIONS[case]
    first_fields = {**FIRST}
    first = submit(**{k: v for k, v in first_fields.items() if k != "place"},
                   target_commune=places[first_fields["place"]])
    second_fields = {**FIRST, **given}
    second = submit(**{k: v for k, v in second_fields.items() if k != "place"},
                    target_commune=places[second_fields["place"]])

    assert (second.project.contact_id == first.project.contact_id) is same_contact
    assert second.created is not same_contact  # the same person's submission joins their open project
    flags = list(LikelyDuplicate.objects.values_list("project_id", "other_id", "reason"))
    assert flags == ([] if flag is None else [(second.project.pk, first.project.pk, flag)])
    assert Contact.objects.count() == (1 if same_contact else 2)


def test_a_phone_only_lead_twice_is_one_person_and_one_project(places):
    first = submit(email="", target_commune=places["figeac"])
    second = submit(email="", phone="06.12.34.56.78", message="Je rappelle.")
    assert second.project.pk == first.project.pk
    assert Contact.objects.count() == 1 and Project.objects.count() == 1
    assert Interaction.objects.filter(project=first.project, kind=Interaction.Kind.SUBMISSION).count() == 1


def test_a_known_phone_never_gives_another_address_the_link(places, mailoutbox):
    """The same phone and name with another e-mail: not the same person for
    the application (whoever knows a number must not get that person's
    tracking link at their own address); the first person hears nothing."""
    first = submit(email="", target_commune=places["figeac"])
    second = submit(email="someone@example.net")
    assert second.project.contact_id != first.project.contact_id
    assert Contact.objects.get(pk=first.project.contact_id).email == ""
    assert LikelyDuplicate.objects.get().reason == Reason.PHONE


@pytest.mark.parametrize("case", ["closed project", "erased person", "other network"])
def test_no_flag_against_what_is_not_an_open_project_of_the_network(places, alice, walk_to, case):
    first = submit(target_commune=places["figeac"])
    if case == "closed project":
        walk_to(first.project, State.ABANDONED)
    elif case == "erased person":
        contact_erase(contact=first.project.contact)
    else:
        other = Network.objects.create(slug="autre", name="Autre programme", programme="Autre")
        Project.objects.filter(pk=first.project.pk).update(network=other)
        Contact.objects.filter(pk=first.project.contact_id).update(network=other)
    submit(email="sam.roux@example.org", first_name="Sam", target_commune=places["figeac"])
    assert not LikelyDuplicate.objects.exists()


# --- the referent's decision -----------------------------------------------------

@pytest.fixture
def pair(places, bob, charlie):
    """Camille's project (Bob's), then Sam's, same phone, another e-mail (Charlie's)."""
    older = submit(target_commune=places["figeac"], current_city="Lyon", children_ages=(4, 9)).project
    newer = submit(email="sam.roux@example.org", first_name="Sam", occupation="Infirmier",
                   current_city="Villeurbanne", target_commune=places["figeac"]).project
    Project.objects.filter(pk=older.pk).update(referent=bob.referent)
    Project.objects.filter(pk=newer.pk).update(referent=charlie.referent)
    flag = LikelyDuplicate.objects.get()
    return flag, Project.objects.get(pk=older.pk), Project.objects.get(pk=newer.pk)


def test_same_person_makes_one_contact_and_keeps_both_histories(pair, alice):
    flag, older, newer = pair
    kept, gone = older.contact, newer.contact
    gone_consent = Consent.objects.get(project=newer)
    contact_update_details(contact=gone, user=alice, fields={"current_city": "Villeurbanne (69)"})
    OutboxEmail.objects.filter(project_id=newer.pk).update(contact_id=gone.pk)
    newer_log = list(ProjectTransition.objects.filter(project=newer).values_list("pk", flat=True))

    duplicate_decide(flag=flag, user=alice, decision=Decision.SAME_PERSON, note="Même personne, nouvelle adresse.")

    assert not Contact.objects.filter(pk=gone.pk).exists()
    kept = Contact.objects.get(pk=kept.pk)
    # What the kept contact says stays; its blanks are filled by the other one.
    assert (kept.email, kept.current_city, kept.occupation) == ("camille.roux@example.org", "Lyon", "Infirmier")
    # Every row about the newer contact follows the person.
    assert set(Project.objects.filter(contact=kept).values_list("pk", flat=True)) == {older.pk, newer.pk}
    assert Consent.objects.get(pk=gone_consent.pk).contact_id == kept.pk
    assert DetailChange.objects.filter(contact_id=kept.pk).count() == 1
    assert not OutboxEmail.objects.filter(contact_id=gone.pk).exists()
    # The newer project is closed as a duplicate of the older, its history intact.
    newer = Project.objects.get(pk=newer.pk)
    assert (newer.state, newer.reject_reason, newer.duplicate_of_id) == (
        State.REJECTED, RejectReason.DUPLICATE, older.pk)
    closing = ProjectTransition.objects.filter(project=newer).latest("pk")
    assert (closing.transition, closing.channel, closing.by) == ("close_as_duplicate", Channel.SYSTEM, None)
    assert set(newer_log) < set(ProjectTransition.objects.filter(project=newer).values_list("pk", flat=True))
    assert Project.objects.get(pk=older.pk).state == State.NEW  # the older goes on
    # What differed is written down, not lost: the other e-mail and city.
    notes = " ".join(Interaction.objects.filter(project=older).values_list("summary", flat=True))
    assert "sam.roux@example.org" in notes and "Villeurbanne" in notes
    assert "Même personne, nouvelle adresse." in notes
    flag.refresh_from_db()
    assert (flag.decision, flag.decided_by) == (Decision.SAME_PERSON, alice)


def test_a_merged_person_is_erased_everywhere_at_once(pair, alice):
    flag, older, newer = pair
    duplicate_decide(flag=flag, user=alice, decision=Decision.SAME_PERSON)
    contact_erase(contact=Contact.objects.get(pk=older.contact_id))
    assert not Contact.objects.filter(erased_at__isnull=True).exists()
    assert not Consent.objects.exclude(project__in=[older, newer]).exists()
    for project in Project.objects.all():
        assert project.contact.erased_at is not None


def test_same_household_closes_the_newer_request_and_says_so_on_the_older(pair, bob, alice):
    flag, older, newer = pair
    duplicate_decide(flag=flag, user=alice, decision=Decision.SAME_HOUSEHOLD)
    kept = Contact.objects.get(pk=older.contact_id)
    assert (kept.has_partner, kept.partner_occupation) == (True, "Infirmier")
    assert Contact.objects.filter(pk=newer.contact_id).exists()  # Sam stays a person of their own
    newer = Project.objects.get(pk=newer.pk)
    assert (newer.state, newer.duplicate_of_id) == (State.REJECTED, older.pk)
    assert Project.objects.get(pk=older.pk).referent == bob.referent


def test_different_people_change_nothing_and_are_not_asked_again(pair, alice):
    flag, older, newer = pair
    before = list(Project.objects.order_by("pk").values("pk", "state", "contact_id"))
    assert likely_duplicates_of(older, alice).exists()
    duplicate_decide(flag=flag, user=alice, decision=Decision.DIFFERENT)
    assert list(Project.objects.order_by("pk").values("pk", "state", "contact_id")) == before
    assert Contact.objects.count() == 2
    assert not likely_duplicates_of(older, alice).exists()
    with pytest.raises(DuplicateDecisionRefused):
        duplicate_decide(flag=flag, user=alice, decision=Decision.SAME_PERSON)


def test_a_referent_who_cannot_see_the_other_project_is_not_shown_the_pair(pair, bob, charlie):
    """Charlie follows the newer project but may not see Bob's: the pair is the
    coordination's to decide; neither page reveals the other project."""
    flag, older, newer = pair
    assert not likely_duplicates_of(newer, charlie).exists()
    assert not likely_duplicates_of(older, bob).exists()
    with pytest.raises(TransitionPermissionDenied):
        duplicate_decide(flag=flag, user=charlie, decision=Decision.DIFFERENT)


@pytest.mark.parametrize("decision", [Decision.SAME_PERSON, Decision.SAME_HOUSEHOLD, Decision.DIFFERENT])
def test_only_who_may_act_on_the_newer_project_decides(pair, bob, decision):
    """Bob follows the older project only: the newer one (Charlie's) is not his to close."""
    flag, older, newer = pair
    with pytest.raises(TransitionPermissionDenied):
        duplicate_decide(flag=flag, user=bob, decision=decision)
    flag.refresh_from_db()
    assert flag.decision == Decision.OPEN
    assert Contact.objects.count() == 2
    assert Project.objects.get(pk=newer.pk).state == State.NEW


def test_a_project_closed_meanwhile_cannot_be_merged(pair, alice, walk_to):
    flag, older, newer = pair
    walk_to(Project.objects.get(pk=older.pk), State.ABANDONED)
    with pytest.raises(DuplicateDecisionRefused):
        duplicate_decide(flag=flag, user=alice, decision=Decision.SAME_PERSON)
    assert Contact.objects.count() == 2


# --- children's ages ----------------------------------------------------------------

@pytest.mark.parametrize("day, ages", [
    (datetime.date(2024, 3, 10), [4, 9]),
    (datetime.date(2025, 3, 9), [4, 9]),   # the day before the anniversary of the date they were given
    (datetime.date(2025, 3, 10), [5, 10]),
    (datetime.date(2026, 11, 30), [6, 11]),
])
def test_children_ages_are_counted_from_the_day_they_were_given(day, ages):
    contact = Contact(children_ages=[4, 9], children_ages_on=datetime.date(2024, 3, 10))
    assert contact.children_ages_at(day) == ages


def test_intake_and_edits_record_the_day_the_ages_were_given(places, alice):
    contact = submit(children_ages=(3,)).project.contact
    today = datetime.date.today()
    assert (contact.children_ages, contact.children_ages_on) == ([3], today)
    Contact.objects.filter(pk=contact.pk).update(children_ages_on=datetime.date(2020, 1, 1))
    contact.refresh_from_db()
    assert contact.children_ages_now[0] >= 3 + (today.year - 2021)
    contact_update_details(contact=contact, user=alice, fields={"children_ages": [8, 1]})
    contact.refresh_from_db()
    assert (contact.children_ages, contact.children_ages_on) == ([8, 1], datetime.date.today())


def test_the_phone_key_follows_every_way_of_writing_it():
    for written in ("06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678", "06.12.34.56.78"):
        contact = Contact.objects.create(first_name="A", last_name="B", phone=written)
        assert contact.phone_key == "+33612345678"
    contact.phone = ""
    contact.save(update_fields=["phone"])
    assert Contact.objects.get(pk=contact.pk).phone_key == ""
