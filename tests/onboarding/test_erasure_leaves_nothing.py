"""After an erasure, on request or by the retention purge, the person is
nowhere in the database.

One test per place that can hold personal data: it writes the person's name,
address or phone there the way the application does (a service, the admin,
the API), checks that it landed there, erases, then searches every text
column of every table (tests.onboarding.db_scan) and finds nothing.
"""

import datetime

import pytest
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse
from django.utils import timezone

from crm.models import PrivacyRequest
from intake.services import contact_correct, privacy_deletion_request
from onboarding.models import Task
from onboarding.services.activity import interaction_log, task_create
from onboarding.services.journey import project_transition
from onboarding.services.privacy import contact_erase
from onboarding.services.projects import contact_update_details, project_update_details
from onboarding.services.retention import personal_data_purge, retention_reminders_send
from onboarding.services.routing import project_reassign
from onboarding.states import OPEN_STATES
from tests.onboarding.admin_helpers import admin_post_data
from tests.onboarding.conftest import EMAIL, FIRST, LAST, PHONE
from tests.onboarding.db_scan import places_holding

STREET = "17 rue des Quokkas"
NEEDLES = (FIRST, LAST, "98 76 54 32", "Quokkas")


# --- the places ----------------------------------------------------------------------
# Each writes there and returns ({(table, column)} that must then hold the
# person, extra needles: what else would betray them).

def contact_itself(ctx):
    columns = ("first_name", "last_name", "email", "phone", "current_city", "occupation", "partner_occupation")
    return {("crm_contact", column) for column in columns}, ()


def project_free_text(ctx):
    project_update_details(project=ctx.project, user=ctx.bob, project_fields={
        "summary": f"Soigneuse, comme {FIRST}", "message": f"J'habite au {STREET}", "referrer": f"Mme {LAST}",
    })
    return {("onboarding_project", "summary"), ("onboarding_project", "message"),
            ("onboarding_project", "referrer")}, ()


def transition_note(ctx):
    project_transition(project=ctx.project, transition="make_contact", user=ctx.bob,
                       note=f"{FIRST} joint au {PHONE}")
    return {("onboarding_projecttransition", "note")}, ()


def pause_reason(ctx):
    project_transition(project=ctx.project, transition="make_contact", user=ctx.bob)
    project_transition(project=ctx.project, transition="pause", user=ctx.bob,
                       fields={"reason": f"{FIRST} attend la réponse d'un employeur"})
    return {("onboarding_project", "pause_reason"), ("onboarding_projecttransition", "fields")}, ()


def exchange(ctx):
    interaction_log(project=ctx.project, user=ctx.bob, kind="call", summary=f"Visite au {STREET}")
    return {("onboarding_interaction", "summary")}, ()


def task_title(ctx):
    task_create(project=ctx.project, user=ctx.bob, title=f"Rappeler {FIRST} {LAST}",
                due_on=timezone.localdate(), assignee=ctx.bob.referent)
    return {("onboarding_task", "title")}, ()


def reassignment_reason(ctx):
    project_reassign(project=ctx.project, referent=ctx.charlie.referent, user=ctx.alice,
                     reason=f"{FIRST} {LAST} préfère un rendez-vous à Figeac")
    return {("onboarding_routingdecision", "reason")}, ()


def privacy_requests(ctx):
    PrivacyRequest.objects.create(contact=ctx.person, message=f"Ancienne demande de {FIRST}",
                                  kind=PrivacyRequest.Kind.RECTIFICATION, status=PrivacyRequest.Status.ANSWERED,
                                  answer=f"Bonjour {FIRST}, c'est corrigé.", answered_at=timezone.now(),
                                  answered_by=ctx.alice, extension_reason=f"Le dossier de {LAST} est long")
    privacy_deletion_request(contact=ctx.person, message=f"Effacez tout, signé {LAST}")
    return {("crm_privacyrequest", "message"), ("crm_privacyrequest", "answer"),
            ("crm_privacyrequest", "extension_reason")}, ()


def edit_history(ctx):
    contact_update_details(contact=ctx.person, user=ctx.bob,
                           fields={"phone": "05 65 00 00 00", "current_city": "Figeac"})
    return {("onboarding_detailchange", "changes")}, ()


def prospect_correction(ctx):
    contact_correct(contact=ctx.person, email="nouvelle.adresse@example.org", phone="05 65 11 11 11",
                    current_city="Cahors")
    return {("onboarding_detailchange", "changes")}, ()


def admin_contact_edit(ctx):
    client = ctx.client_as(ctx.alice)
    url = reverse("admin:crm_contact_change", args=[ctx.person.pk])
    data = admin_post_data(client.get(url))
    assert client.post(url, {**data, "occupation": "Vétérinaire"}).status_code == 302
    return {("django_admin_log", "object_repr")}, ()


def admin_project_edit(ctx):
    client = ctx.client_as(ctx.alice)
    url = reverse("admin:onboarding_project_change", args=[ctx.project.pk])
    data = admin_post_data(client.get(url))
    assert client.post(url, {**data, "summary": "Vétérinaire"}).status_code == 302
    return {("django_admin_log", "object_repr")}, ()


def admin_change_message(ctx):
    # What the admin writes when a change touches a related object: its name.
    LogEntry.objects.log_actions(
        user_id=ctx.alice.pk, queryset=[ctx.project], action_flag=CHANGE, single_object=True,
        change_message=[{"changed": {"name": "tâche", "object": f"Rappeler {FIRST}", "fields": ["Intitulé"]}}],
    )
    return {("django_admin_log", "object_repr"), ("django_admin_log", "change_message")}, ()


def admin_deleted_task(ctx):
    task = task_create(project=ctx.project, user=ctx.bob, title=f"Rappeler {FIRST}",
                       due_on=timezone.localdate(), assignee=ctx.bob.referent)
    client = ctx.client_as(ctx.alice)
    response = client.post(reverse("admin:onboarding_task_delete", args=[task.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Task.objects.filter(pk=task.pk).exists()
    # The admin's log outlives the task, and nothing ties it to the person any more.
    assert LogEntry.objects.filter(object_id=str(task.pk), content_type__model="task").exists()
    return set(), ()


def api_idempotency_record(ctx):
    from api.idempotency import request_fingerprint
    from api.models import LeadReceipt
    from tests.api.fixtures import make_token
    from tests.api.test_leads import LEADS, lead

    body = lead(first_name=FIRST, last_name=LAST, email=EMAIL, phone=PHONE, message=f"Au {STREET}")
    key = make_token("partner")[1]
    api = ctx.api()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.post(LEADS, body, format="json", HTTP_IDEMPOTENCY_KEY=EMAIL)
    assert response.status_code == 202, response.content  # a partner gets a receipt only
    receipt = LeadReceipt.objects.get(reference=response.json()["receipt"])
    assert receipt.project_id == ctx.project.pk  # joined the open project
    return ({("api_idempotencykey", "key"), ("api_idempotencykey", "request_fingerprint"),
             ("onboarding_interaction", "summary")}, (request_fingerprint(body),))


PLACES = [
    contact_itself, project_free_text, transition_note, pause_reason, exchange, task_title, reassignment_reason,
    privacy_requests, edit_history, prospect_correction, admin_contact_edit, admin_project_edit,
    admin_change_message, admin_deleted_task, api_idempotency_record,
]


# --- the two ways of erasing ------------------------------------------------------------

def on_request(ctx):
    contact_erase(contact=ctx.person, user=ctx.alice)


def by_the_purge(ctx):
    ctx.project.refresh_from_db()
    if ctx.project.state in OPEN_STATES:  # the purge only takes people nobody follows any more
        project_transition(project=ctx.project, transition="abandon", user=ctx.alice, fields={"reason": "job"})
    years_later = timezone.now() + datetime.timedelta(days=366 * (settings.PERSONAL_DATA_RETENTION_YEARS + 1))
    retention_reminders_send(now=years_later - datetime.timedelta(days=40))  # asked first, no answer
    assert personal_data_purge(now=years_later) == 1


@pytest.mark.parametrize("erase", [on_request, by_the_purge], ids=lambda f: f.__name__)
@pytest.mark.parametrize("place", PLACES, ids=lambda f: f.__name__)
def test_it_leaves_the_person_nowhere(place, erase, ctx):
    expected, extra = place(ctx)
    needles = (*NEEDLES, *extra)
    before = places_holding(*needles)
    assert expected <= before, f"the test wrote nothing there: {sorted(expected - before)}"

    erase(ctx)

    assert places_holding(*needles) == set()
