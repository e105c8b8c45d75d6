"""Transferring a project to another network: proposed by its referent, a
coordinator of its network or the system; the person told and able to
object; accepted by the receiving network's coordinator, who gets a contact
and a project of its own while the sending side closes its project and keeps
only anonymous figures."""

import pytest
from django.core import mail
from django.db.models import Q

from crm.models import Contact, OutboxEmail
from onboarding.access import projects_visible_to
from onboarding.exceptions import ConditionMissing, TransitionPermissionDenied
from onboarding.models import Interaction, Project, ProjectTransfer, ProjectTransition, RoutingDecision
from onboarding.services.journey import available_transitions, project_transition
from onboarding.services.projects import project_create, project_update_details
from onboarding.services.transfers import (
    TRANSFER_EMAIL,
    TransferDenied,
    TransferError,
    objection_token,
    transfer_accept,
    transfer_cancel,
    transfer_from_token,
    transfer_object,
    transfer_propose,
    transfer_refuse,
)
from onboarding.states import TRANSFERRED, Channel, Source, State
from onboarding.timeline import project_timeline
from tests.onboarding.transfer_world import *  # noqa: F403  (the fixtures: lot, lg, tarn, diane, frank, sending, moved)

Status = ProjectTransfer.Status


@pytest.fixture
def proposed(moved, bob, lg, django_capture_on_commit_callbacks):
    """Bob proposes his project, now aimed at Agen, to the Lot-et-Garonne; the e-mail goes out."""
    with django_capture_on_commit_callbacks(execute=True):
        transfer = transfer_propose(project=moved, user=bob, to_network=lg, reason="Part vivre à Agen")
    return transfer


# --- the whole path --------------------------------------------------------------------------

def test_the_whole_path(proposed, sending, contact, diane, lg, lot, alice):
    # The person was told, once, naming the receiving programme and its controller.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [contact.email]
    assert "Lot-et-Garonne Attractivité" in message.subject
    assert "Département de Lot-et-Garonne, 1633 avenue du Général Leclerc, 47922 Agen" in message.body
    assert "dpo@lotetgaronne.fr" in message.body
    assert f"/suivi/transfert/{objection_token(proposed)}/".split(":")[0] in message.body
    proposed.refresh_from_db()
    assert proposed.prospect_told_at is not None

    new_project = transfer_accept(transfer=proposed, user=diane)

    proposed.refresh_from_db()
    assert (proposed.status, proposed.decided_by, proposed.new_project) == (Status.ACCEPTED, diane, new_project)
    # The receiving side: its own contact (a copy), a project in state new, routed, with the transfer in its log.
    assert new_project.network == lg and new_project.state == State.NEW
    assert new_project.contact_id != contact.pk
    assert (new_project.contact.network, new_project.contact.email, new_project.contact.phone) == (
        lg, "camille.roux@example.org", "06 12 34 56 78")
    created = ProjectTransition.objects.get(project=new_project)
    assert created.transition == ProjectTransition.CREATE and "Mon programme" in created.note
    assert "Part vivre à Agen" in created.note  # the reason, kept by the receiving side
    assert RoutingDecision.objects.filter(project=new_project).exists()
    # The sending side: closed by the system, for the reason "transferred", the person erased.
    sending.refresh_from_db()
    assert (sending.state, sending.abandon_reason, sending.network) == (State.ABANDONED, TRANSFERRED, lot)
    last = ProjectTransition.objects.filter(project=sending).last()
    assert (last.transition, last.channel, last.by) == ("close_on_transfer", Channel.SYSTEM, None)
    assert Contact.objects.get(pk=contact.pk).email == ""
    # Both histories say so.
    assert [e.title for e in project_timeline(new_project) if e.kind == "transfer"] == [
        "Projet reçu par transfert depuis « Mon programme »"]
    titles = [e.title for e in project_timeline(sending) if e.kind == "transfer"]
    assert "Transfert proposé à « Lot-et-Garonne Attractivité »" in titles
    assert "Transfert accepté par « Lot-et-Garonne Attractivité »" in titles
    assert "Personne informée du transfert par e-mail" in titles
    assert len(mail.outbox) == 1  # nothing more to the person from the sending side
    # The receiving programme owes the person its confirmation with the new tracking link.
    owed = OutboxEmail.objects.get(kind="onboarding.intake_confirmation", project_id=new_project.pk)
    assert owed.contact_id == new_project.contact_id


def test_the_receiving_programmes_confirmation_reaches_the_person_in_its_name(proposed, diane, lg,
                                                                           django_capture_on_commit_callbacks):
    lg.email_from = "Lot-et-Garonne Attractivité <accueil@lotetgaronne.fr>"
    lg.save()
    with django_capture_on_commit_callbacks(execute=True):
        new_project = transfer_accept(transfer=proposed, user=diane)
    (confirmation,) = [m for m in mail.outbox if m.from_email == lg.email_from]
    assert confirmation.to == ["camille.roux@example.org"]
    assert f"/{lg.slug}/suivi/" in confirmation.body and new_project.contact.email == "camille.roux@example.org"


def test_the_receiving_side_sees_the_new_project_and_not_the_old(proposed, sending, diane, alice, bob):
    new_project = transfer_accept(transfer=proposed, user=diane)

    assert set(projects_visible_to(diane)) == {new_project}
    assert sending in set(projects_visible_to(alice)) and new_project not in set(projects_visible_to(alice))
    assert new_project not in set(projects_visible_to(bob))


def test_the_sending_side_holds_no_personal_data_but_still_counts_the_project(proposed, sending, contact, diane,
                                                                               alice, bob):
    from tests.onboarding.db_scan import places_holding

    Interaction.objects.create(project=sending, kind=Interaction.Kind.CALL, summary="Appel à Camille Roux, 0612345678")
    new_project = transfer_accept(transfer=proposed, user=diane)
    # Take the receiving side away: what is left is the sending side's.
    receiving_contact = new_project.contact
    ProjectTransfer.objects.filter(pk=proposed.pk).update(new_project=None)
    OutboxEmail.objects.filter(Q(project_id=new_project.pk) | Q(contact_id=receiving_contact.pk)).delete()
    new_project.delete()
    receiving_contact.delete()

    assert places_holding("Camille", "Roux", "camille.roux@example", "0612345678", "06 12 34 56 78",
                          "Part vivre") == set()
    # Its figures still count the project: one project, once new, now abandoned.
    sent = projects_visible_to(alice)
    assert list(sent.values_list("pk", "state")) == [(sending.pk, State.ABANDONED)]
    assert ProjectTransition.objects.filter(project=sending, to_state=State.NEW).count() == 1


def test_an_existing_contact_of_the_receiving_network_is_reused(proposed, diane, lg):
    known = Contact.objects.create(first_name="Camille", last_name="Roux-Dupont", email="CAMILLE.ROUX@example.org",
                                   network=lg)

    new_project = transfer_accept(transfer=proposed, user=diane)

    assert new_project.contact == known
    assert Contact.objects.filter(network=lg).count() == 1


def test_a_person_with_another_open_project_is_not_erased(proposed, sending, contact, bob, diane):
    other = project_create(contact=contact, source=Source.PHONE, referent=bob.referent)

    transfer_accept(transfer=proposed, user=diane)

    assert Contact.objects.get(pk=contact.pk).email == "camille.roux@example.org"
    assert Project.objects.get(pk=other.pk).state == State.NEW
    assert Project.objects.get(pk=sending.pk).abandon_reason == TRANSFERRED


def test_accepting_waits_until_the_person_was_told(moved, bob, lg, diane):
    transfer = transfer_propose(project=moved, user=bob, to_network=lg)  # its e-mail still pending

    with pytest.raises(TransferError, match="pas encore reçu"):
        transfer_accept(transfer=transfer, user=diane)

    assert ProjectTransfer.objects.get(pk=transfer.pk).status == Status.PROPOSED


def test_the_email_goes_once_with_the_receiving_controller(moved, bob, lg, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        transfer = transfer_propose(project=moved, user=bob, to_network=lg)
    row = OutboxEmail.objects.get(kind=TRANSFER_EMAIL)
    from crm.outbox import outbox_deliver

    assert outbox_deliver(row.pk) is None  # already sent: not again
    assert len(mail.outbox) == 1 and "47922 Agen" in mail.outbox[0].body
    assert row.dedupe_key == f"transfer:{transfer.pk}"


# --- proposing automatically ------------------------------------------------------------------

def test_an_edit_into_another_networks_departement_proposes_a_transfer(sending, bob, lg):
    project_update_details(project=sending, user=bob, project_fields={"target_commune": lg.agen})

    transfer = ProjectTransfer.objects.get(project=sending)
    assert (transfer.status, transfer.to_network, transfer.proposed_by) == (Status.PROPOSED, lg, None)
    assert OutboxEmail.objects.filter(kind=TRANSFER_EMAIL, project_id=sending.pk).count() == 1
    assert Project.objects.get(pk=sending.pk).state == State.NEW  # nothing else changes


def test_a_transition_setting_a_commune_there_proposes_a_transfer(sending, alice, lg, walk_to, good_fields):
    walk_to(sending, State.QUALIFIED)
    fields = {**good_fields("confirm_move"), "target_commune": lg.agen.insee}

    project_transition(project=sending, transition="confirm_move", user=alice, fields=fields)

    assert ProjectTransfer.objects.get(project=sending).to_network == lg
    # A second move there proposes nothing more while the first is open.
    project_update_details(project=sending, user=alice, project_fields={"target_commune": None})
    project_update_details(project=sending, user=alice, project_fields={"target_commune": lg.agen})
    assert ProjectTransfer.objects.filter(project=sending).count() == 1


def test_a_move_within_the_network_proposes_nothing(sending, bob, territory, lg):
    project_update_details(project=sending, user=bob, project_fields={"target_commune": territory["commune"]})

    assert not ProjectTransfer.objects.exists()


# --- who may do what ----------------------------------------------------------------------------

@pytest.mark.parametrize("who, allowed", [
    ("bob", True),  # the project's referent
    ("alice", True),  # a coordinator of the sending network
    ("diane", False),  # a coordinator of the receiving network
    ("frank", False),  # a coordinator of another network
    ("charlie", False),  # another referent of the sending network
    (None, False),  # anonymous
])
def test_who_may_propose(who, allowed, moved, lg, request, charlie, diane, frank):
    from django.contrib.auth.models import AnonymousUser

    user = request.getfixturevalue(who) if who else AnonymousUser()
    if allowed:
        assert transfer_propose(project=moved, user=user, to_network=lg).status == Status.PROPOSED
    else:
        with pytest.raises(TransferDenied):
            transfer_propose(project=moved, user=user, to_network=lg)
        assert not ProjectTransfer.objects.exists()


@pytest.mark.parametrize("who, allowed", [
    ("diane", True), ("alice", False), ("bob", False), ("frank", False), (None, False),
])
@pytest.mark.parametrize("decision", ["accept", "refuse"])
def test_who_may_decide(who, allowed, decision, proposed, request, diane, frank):
    from django.contrib.auth.models import AnonymousUser

    user = request.getfixturevalue(who) if who else AnonymousUser()

    def decide():
        if decision == "accept":
            return transfer_accept(transfer=proposed, user=user)
        return transfer_refuse(transfer=proposed, user=user, reason="Hors de notre territoire")

    if allowed:
        decide()
        assert ProjectTransfer.objects.get(pk=proposed.pk).status == (
            Status.ACCEPTED if decision == "accept" else Status.REFUSED)
    else:
        with pytest.raises(TransferDenied):
            decide()
        assert ProjectTransfer.objects.get(pk=proposed.pk).status == Status.PROPOSED
        assert Project.objects.count() == 1


@pytest.mark.parametrize("who, allowed", [("bob", True), ("alice", True), ("diane", False), ("charlie", False)])
def test_who_may_cancel(who, allowed, proposed, request, charlie, diane):
    user = request.getfixturevalue(who)
    if allowed:
        transfer_cancel(transfer=proposed, user=user)
        assert ProjectTransfer.objects.get(pk=proposed.pk).status == Status.CANCELLED
    else:
        with pytest.raises(TransferDenied):
            transfer_cancel(transfer=proposed, user=user)
        assert ProjectTransfer.objects.get(pk=proposed.pk).status == Status.PROPOSED


def test_a_referent_may_propose_only_to_the_network_of_the_territory(sending, bob, alice, tarn, lg):
    with pytest.raises(TransferError, match="seul le réseau de son territoire"):
        transfer_propose(project=sending, user=bob, to_network=tarn)
    with pytest.raises(TransferError, match="aucun autre réseau"):
        transfer_propose(project=sending, user=bob)

    assert transfer_propose(project=sending, user=alice, to_network=tarn).to_network == tarn


def test_one_proposal_at_a_time(proposed, sending, alice, lg):
    with pytest.raises(TransferError, match="déjà proposé"):
        transfer_propose(project=sending, user=alice, to_network=lg)


def test_an_abandoned_project_is_not_transferred(moved, bob, lg):
    project_transition(project=moved, transition="abandon", user=bob, fields={"reason": "job"})

    with pytest.raises(TransferError, match="ne peut pas être transféré"):
        transfer_propose(project=moved, user=bob, to_network=lg)


# --- the person objects; refusal; cancellation ---------------------------------------------

def test_the_person_objects_before_acceptance(proposed, sending, diane, lot):
    transfer = transfer_from_token(objection_token(proposed))
    transfer_object(transfer=transfer)

    proposed.refresh_from_db()
    assert (proposed.status, proposed.objection_at is not None) == (Status.OBJECTED, True)
    with pytest.raises(TransferError, match="n'est plus en attente"):
        transfer_accept(transfer=proposed, user=diane)
    sending.refresh_from_db()
    assert (sending.state, sending.network) == (State.NEW, lot)
    assert "La personne s'est opposée au transfert" in [e.title for e in project_timeline(sending)]


def test_the_person_cannot_object_once_accepted(proposed, diane):
    transfer_accept(transfer=proposed, user=diane)

    with pytest.raises(TransferError):
        transfer_object(transfer=proposed)
    assert ProjectTransfer.objects.get(pk=proposed.pk).status == Status.ACCEPTED


def test_a_refusal_needs_a_reason_and_leaves_the_project(proposed, sending, diane, lot):
    with pytest.raises(TransferError, match="motif du refus"):
        transfer_refuse(transfer=proposed, user=diane, reason="  ")

    transfer_refuse(transfer=proposed, user=diane, reason="Hors de notre territoire")

    sending.refresh_from_db()
    assert (sending.state, sending.network) == (State.NEW, lot)
    entry = next(e for e in project_timeline(sending) if e.title.startswith("Transfert refusé"))
    assert entry.body == "Hors de notre territoire"


def test_a_cancelled_transfer_cannot_be_accepted_and_sends_no_email(moved, bob, lg, diane):
    transfer = transfer_propose(project=moved, user=bob, to_network=lg)
    transfer_cancel(transfer=transfer, user=bob)
    from crm.outbox import outbox_deliver

    assert outbox_deliver(OutboxEmail.objects.get(kind=TRANSFER_EMAIL).pk) == OutboxEmail.Status.CANCELLED
    with pytest.raises(TransferError):
        transfer_accept(transfer=transfer, user=diane)


def test_a_forged_or_foreign_token_is_refused(proposed):
    from onboarding.services.transfers import LinkInvalid
    from onboarding.tracking_links import tracking_token

    for token in ("nope", objection_token(proposed)[:-2] + "xx", tracking_token(proposed.project)):
        with pytest.raises(LinkInvalid):
            transfer_from_token(token)


# --- the system transition -------------------------------------------------------------------

@pytest.mark.parametrize("user", ["alice", "bob"])
def test_no_person_can_close_a_project_on_transfer(user, sending, request):
    with pytest.raises(TransitionPermissionDenied):
        project_transition(project=sending, transition="close_on_transfer", user=request.getfixturevalue(user))
    assert "close_on_transfer" not in available_transitions(sending)


def test_a_transferred_project_cannot_be_reopened(proposed, sending, contact, bob, diane, alice):
    project_create(contact=contact, source=Source.PHONE, referent=bob.referent)  # keeps the person here
    transfer_accept(transfer=proposed, user=diane)
    sending.refresh_from_db()

    with pytest.raises(ConditionMissing, match="transféré"):
        project_transition(project=sending, transition="reopen", user=alice)
