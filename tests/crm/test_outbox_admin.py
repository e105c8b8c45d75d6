"""Coordinators see what the application owes and sent, and send failed rows again."""

from django.core import mail
from django.urls import reverse

from crm.models import OutboxEmail
from tests.crm.test_outbox import HELLO  # noqa: F401  (registers the test kind)


def test_a_coordinator_sends_a_failed_email_again_from_the_admin(client, alice, project,
                                                                 django_capture_on_commit_callbacks):
    # About a project of alice's network: the outbox admin lists those only.
    row = OutboxEmail.objects.create(kind=HELLO, args={"to": "x@example.org"}, cause="test", language="fr",
                                     message_id="<t@example.org>", status="failed", attempts=8,
                                     last_error="SMTPDataError", project_id=project.pk)
    client.force_login(alice)
    listing = client.get(reverse("admin:crm_outboxemail_changelist"))
    assert listing.status_code == 200
    assert "SMTPDataError" in listing.content.decode()
    assert "x@example.org" not in listing.content.decode()  # args are not shown
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:crm_outboxemail_changelist"),
                               {"action": "send_again", "_selected_action": [row.pk]}, follow=True)
    assert "1 e-mail renvoyé." in response.content.decode()
    row.refresh_from_db()
    assert row.status == "sent" and [m.to for m in mail.outbox] == [["x@example.org"]]


def test_a_referent_cannot_see_the_outbox(client, bob):
    bob.is_staff = True
    bob.save()
    client.force_login(bob)
    assert client.get(reverse("admin:crm_outboxemail_changelist")).status_code == 403
