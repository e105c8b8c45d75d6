"""First-contact deadlines: working days, French public holidays, the digest."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from onboarding.models import Project, Task
from onboarding.selectors import first_contact_overdue
from onboarding.services import deadlines
from onboarding.services.deadlines import (
    add_working_days,
    deadlines_digest_send,
    first_contact_due_on,
    is_working_day,
)
from onboarding.states import State
from onboarding.tasks import send_daily_digest

from .routing_helpers import fill, referent, routed

D = datetime.date


@pytest.mark.parametrize("start, n, expected", [
    (D(2026, 7, 6), 5, D(2026, 7, 13)),    # Monday + 5: the next Monday
    (D(2026, 7, 10), 5, D(2026, 7, 20)),   # Friday: weekend and Tuesday 14 July skipped
    (D(2026, 7, 13), 1, D(2026, 7, 15)),   # Monday + 1: not the Fête nationale
    (D(2026, 11, 6), 5, D(2026, 11, 16)),  # Friday: weekend and Wednesday 11 November skipped
    (D(2026, 5, 13), 1, D(2026, 5, 15)),   # Ascension (Thursday 14 May 2026)
    (D(2026, 4, 3), 1, D(2026, 4, 7)),     # Good Friday is worked; Easter Monday is not
    (D(2026, 7, 11), 1, D(2026, 7, 13)),   # from a Saturday
    (D(2026, 12, 24), 2, D(2026, 12, 29)), # Christmas, then a weekend
    (D(2026, 7, 10), 0, D(2026, 7, 10)),
])
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_public_holidays_are_not_working_days():
    assert not is_working_day(D(2026, 7, 14))
    assert not is_working_day(D(2026, 11, 11))
    assert not is_working_day(D(2027, 5, 17))  # Whit Monday, computed from Easter
    assert is_working_day(D(2026, 7, 15))


def test_a_negative_delay_is_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 7, 10), -1)


@pytest.mark.django_db
def test_routing_sets_the_first_contact_deadline(settings):
    settings.FIRST_CONTACT_DELAY_WORKING_DAYS = 5
    project, _ = routed()
    created_on = timezone.localdate(project.created_at)
    assert project.first_contact_due_on == add_working_days(created_on, 5)
    assert Project.objects.get(pk=project.pk).first_contact_due_on == project.first_contact_due_on


@pytest.mark.django_db
def test_the_delay_is_a_setting(settings):
    settings.FIRST_CONTACT_DELAY_WORKING_DAYS = 2
    project, _ = routed()
    assert project.first_contact_due_on == add_working_days(timezone.localdate(project.created_at), 2)


def test_the_deadline_counts_from_the_date_in_paris(settings):
    settings.FIRST_CONTACT_DELAY_WORKING_DAYS = 5
    sunday_night_utc = datetime.datetime(2026, 7, 12, 22, 30, tzinfo=datetime.UTC)  # Monday 00:30 in Paris
    assert first_contact_due_on(sunday_night_utc) == D(2026, 7, 21)


# --- overdue -------------------------------------------------------------------

def _project_due(referent_, due_on, state=State.NEW):
    project = fill(referent_, 1)[0]
    Project.objects.filter(pk=project.pk).update(first_contact_due_on=due_on, state=state)
    return project


@pytest.mark.django_db
def test_overdue_means_still_new_after_the_deadline():
    today = D(2026, 7, 20)
    marie = referent("Marie", "Dupont")
    late = _project_due(marie, D(2026, 7, 17))
    _project_due(marie, today)  # due today: not late yet
    _project_due(marie, D(2026, 7, 1), state=State.CONTACTED)  # contacted: not late
    assert list(first_contact_overdue(Project.objects.all(), today=today)) == [late]


# --- the digest ---------------------------------------------------------------------

@pytest.fixture
def digest_world(db, alice):
    today = D(2026, 7, 20)
    marie = referent("Marie", "Dupont")
    paul = referent("Paul", "Bernard")
    referent("Rien", "Afaire")
    late = _project_due(marie, D(2026, 7, 15))  # 2 working days late on the 20th (16, 17)
    on_time = _project_due(marie, D(2026, 7, 21))
    Task.objects.create(project=on_time, title="Rappeler pour la visite", due_on=today, assignee=marie)
    pauls = _project_due(paul, D(2026, 7, 21))  # tasks go to people who see the project
    Task.objects.create(project=pauls, title="Envoyer la liste des crèches", due_on=D(2026, 7, 16), assignee=paul)
    Task.objects.create(project=pauls, title="Plus tard", due_on=D(2026, 7, 30), assignee=paul)
    Task.objects.create(project=pauls, title="Déjà faite", due_on=D(2026, 7, 1), assignee=paul,
                        done_at=timezone.now())
    queued = fill(paul, 1)[0]
    Project.objects.filter(pk=queued.pk).update(referent=None, first_contact_due_on=D(2026, 7, 14))
    return {"today": today, "marie": marie, "paul": paul, "late": late, "queued": queued}


@pytest.fixture
def digest(django_capture_on_commit_callbacks):
    """Run the digest and what its commit hands over (the outbox's sending)."""

    def run(today):
        with django_capture_on_commit_callbacks(execute=True):
            return deadlines_digest_send(today=today)

    return run


def _mail_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_the_digest_gives_each_referent_their_overdue_first_contacts_and_due_tasks(digest_world, digest):
    sent = digest(digest_world["today"])
    assert sent == 3  # Marie, Paul, Alice; nobody who has nothing to do
    (marie_mail,) = _mail_to(digest_world["marie"].user.email)
    assert marie_mail.subject == "Votre journée : 2 points à traiter"
    assert f"Projet n°{digest_world['late'].pk}, attendu le 15/07/2026" in marie_mail.body
    assert f"/equipe/projets/{digest_world['late'].pk}/" in marie_mail.body
    assert "Rappeler pour la visite (échéance 20/07/2026" in marie_mail.body
    assert "crèches" not in marie_mail.body
    (paul_mail,) = _mail_to(digest_world["paul"].user.email)
    assert paul_mail.subject == "Votre journée : 1 point à traiter"
    assert "Envoyer la liste des crèches (en retard, échéance 16/07/2026" in paul_mail.body
    assert "Plus tard" not in paul_mail.body
    assert "Déjà faite" not in paul_mail.body
    assert "premier contact en retard" not in paul_mail.body


def test_the_digest_gives_the_coordinators_the_queue(digest_world, digest):
    digest(digest_world["today"])
    (alice_mail,) = _mail_to("alice@example.org")
    assert alice_mail.subject == "1 projet attend dans la file de la coordination"
    queued = digest_world["queued"]
    assert f"Projet n°{queued.pk}, reçu le" in alice_mail.body
    assert "premier contact en retard de 4 jours ouvrés" in alice_mail.body  # 15, 16, 17, 20 July
    assert f"/equipe/projets/{queued.pk}/reassigner/" in alice_mail.body


def test_the_coordinators_digest_lists_the_oldest_of_a_long_queue_and_counts_the_rest(
        digest_world, digest, monkeypatch):
    monkeypatch.setattr(deadlines, "DIGEST_QUEUE_LINES", 2)
    newer = fill(digest_world["paul"], 2)
    Project.objects.filter(pk__in=[p.pk for p in newer]).update(referent=None)
    digest(digest_world["today"])
    (alice_mail,) = _mail_to("alice@example.org")
    assert alice_mail.subject == "3 projets attendent dans la file de la coordination"
    listed = [p.pk for p in [digest_world["queued"], *newer] if f"Projet n°{p.pk}, reçu le" in alice_mail.body]
    assert listed == [digest_world["queued"].pk, newer[0].pk]
    assert "… et 1 autre projet plus récent dans la file." in alice_mail.body


def test_the_digest_names_no_prospect(digest_world, digest):
    digest(digest_world["today"])
    names = {p.contact.last_name for p in Project.objects.select_related("contact")}
    for message in mail.outbox:
        assert not any(name in message.body for name in names)


def test_nobody_is_e_mailed_on_a_quiet_day(db, alice, digest):
    referent("Marie", "Dupont")
    assert digest(D(2026, 7, 20)) == 0
    assert mail.outbox == []


def test_the_digest_reads_a_fixed_number_of_queries(digest_world, django_assert_max_num_queries):
    for i in range(10):
        extra = referent("Extra", f"N{i}")
        _project_due(extra, D(2026, 7, 1))
        Task.objects.create(project=digest_world["late"], title="t", due_on=D(2026, 7, 1), assignee=extra)
    # Five reads, then the outbox in its transaction: existing keys, one
    # INSERT, the new rows' ids, and the savepoint's two statements.
    with django_assert_max_num_queries(10):
        assert deadlines_digest_send(today=digest_world["today"]) == 13


def test_a_second_run_the_same_day_sends_nothing_more(digest_world, digest):
    assert digest(digest_world["today"]) == 3
    assert digest(digest_world["today"]) == 0
    assert len(mail.outbox) == 3


def test_the_daily_task_is_scheduled_and_sends_the_digest(digest_world, settings, django_capture_on_commit_callbacks):
    entry = settings.CELERY_BEAT_SCHEDULE["onboarding-daily-digest"]
    assert entry["task"] == "onboarding.tasks.send_daily_digest"
    assert send_daily_digest.name == entry["task"]
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digest.delay(today="2026-07-20").get() == 3
    assert len(mail.outbox) == 3


def test_the_digest_never_names_a_task_on_a_project_its_assignee_cannot_see(digest_world, digest):
    """Tasks are assigned to those who see the project; one left behind after a
    handover (here written directly) stays out of the assignee's e-mail."""
    stranger = referent("Zoé", "Martin")
    hidden = _project_due(digest_world["marie"], D(2026, 7, 21))
    Task.objects.create(project=hidden, title="Appeler Mme Secret", due_on=D(2026, 7, 16), assignee=stranger)
    digest(digest_world["today"])
    assert not [m for m in mail.outbox if "Appeler Mme Secret" in m.body]
    assert not _mail_to(stranger.user.email)


def test_the_digest_asks_who_has_work_without_reading_the_work(digest_world):
    """At a million projects the run must not load every overdue project and
    task: it asks which referents have any (EXISTS); each e-mail reads its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert deadlines_digest_send(today=digest_world["today"]) == 3
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert '"onboarding_task"."title"' not in sql
    assert '"onboarding_project"."first_contact_due_on" AS' not in sql
    assert 'SELECT "onboarding_project"."id"' not in sql
