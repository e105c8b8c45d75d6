"""The survey behind the signed link: an answer goes to the record and the
history; a replayed link shows it and never overwrites it silently; an
expired or forged link is refused in French; "left" closes the follow-up."""

import datetime

from django.urls import reverse
from django.utils import timezone

from crm.models import Need
from followup.links import survey_token
from followup.models import CheckIn, CheckInAnswer
from onboarding.models import ProjectTransition, Task
from onboarding.timeline import project_timeline

D = datetime.date

HERE = {"still_here": "yes", "commune": "Figeac", "work": "found", "partner_work": "looking", "school": "yes",
        "ambassador": "maybe"}
LEFT = {"still_here": "no", "left_on": "2026-10-02", "left_reason": "partner_job", "work": "found",
        "partner_work": "looking", "school": "na", "ambassador": "no"}


def _sent(installed, months=6):
    today = timezone.localdate()
    check_ins = installed(today - datetime.timedelta(days=190), today=today)
    CheckIn.objects.filter(pk=check_ins[months].pk).update(status="sent", sent_at=datetime.datetime.now(datetime.UTC))
    return CheckIn.objects.get(pk=check_ins[months].pk)


def _url(check_in, token=None, query=""):
    return reverse("followup_survey", args=["programme", token or survey_token(check_in)]) + query


def test_an_answer_goes_to_the_record_the_history_and_the_referent(client, installed, bob,
                                                                     django_assert_max_num_queries):
    check_in = _sent(installed)
    with django_assert_max_num_queries(12):
        page = client.get(_url(check_in))
    assert page.status_code == 200 and 'lang="fr"' in page.content.decode()
    need = Need.objects.get(code="emploi")
    response = client.post(_url(check_in), {**HERE, "missing_needs": [need.pk]})
    assert "Merci pour vos réponses" in response.content.decode()
    answer = CheckInAnswer.objects.get()
    assert (answer.still_here, answer.commune.insee, answer.partner_work) == (True, "46102", "looking")
    assert list(answer.missing_needs.all()) == [need]
    check_in.refresh_from_db()
    assert check_in.status == "answered" and check_in.difficulty_task.assignee == bob.referent
    assert "conjoint cherche encore" in Task.objects.get().title
    titles = [entry.title for entry in project_timeline(check_in.project)]
    assert "Réponse au questionnaire à 6 mois" in titles


def test_a_replayed_link_shows_the_answer_and_a_modification_keeps_the_previous_one(client, installed):
    check_in = _sent(installed)
    client.post(_url(check_in), HERE)
    replay = client.post(_url(check_in), {**HERE, "commune": "Cahors"})
    content = replay.content.decode()
    assert "Vous avez déjà répondu" in content and "Rien n'a été changé" in content and "Figeac" in content
    assert CheckInAnswer.objects.count() == 1

    refused = client.post(_url(check_in, query="?modifier=1"), {**HERE, "school": "no"})
    assert refused.status_code == 400 and "Pourquoi modifiez-vous votre réponse" in refused.content.decode()
    client.post(_url(check_in, query="?modifier=1"), {**HERE, "school": "no", "modification_note": "Erreur"})
    assert list(CheckInAnswer.objects.order_by("pk").values_list("school", "is_current", "modification_note")) == [
        ("yes", False, ""), ("no", True, "Erreur")]
    titles = [entry.title for entry in project_timeline(check_in.project)]
    assert "Réponse modifiée au questionnaire à 6 mois" in titles


def test_a_refused_answer_says_what_to_fix_in_french(client, installed):
    check_in = _sent(installed)
    response = client.post(_url(check_in), {**HERE, "commune": "Nulle-Part-sur-Lot"})
    content = response.content.decode()
    assert response.status_code == 400 and 'id="error-summary"' in content
    assert "Nous ne trouvons pas « Nulle-Part-sur-Lot »" in content
    assert CheckInAnswer.objects.count() == 0


def test_an_expired_or_forged_link_is_refused(client, installed):
    check_in = _sent(installed)
    CheckIn.objects.filter(pk=check_in.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    expired = client.get(_url(check_in))
    assert expired.status_code == 400 and "n'est plus ouvert" in expired.content.decode()
    assert client.post(_url(check_in), HERE).status_code == 400
    forged = client.get(_url(check_in, token=survey_token(check_in)[:-3] + "abc"))
    assert forged.status_code == 400 and "Ce lien n'est pas valide" in forged.content.decode()
    assert CheckInAnswer.objects.count() == 0


def test_left_the_territory_closes_the_follow_up_as_a_departure(client, installed):
    check_in = _sent(installed)
    client.post(_url(check_in), LEFT)
    project = check_in.project
    project.refresh_from_db()
    assert project.state == "integrated"
    log = ProjectTransition.objects.get(project=project, transition="close_follow_up")
    assert log.channel == "system" and log.by is None
    assert "Départ du territoire le 02/10/2026" in log.fields["reason"] and "conjoint" in log.fields["reason"]
    assert dict(CheckIn.objects.values_list("months", "status")) == {6: "answered", 12: "cancelled",
                                                                      24: "cancelled"}
    assert "a quitté le territoire" in Task.objects.get().title
