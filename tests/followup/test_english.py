"""A newcomer who reads English: the survey e-mail written in their
contact's language (the outbox row's), the survey and its answered state in
English, the needs named in English (crm Need.name_en)."""

import datetime
import re

from django.conf import settings
from django.core import mail
from django.utils import timezone

from crm.models import Contact, Need, OutboxEmail
from followup.services import followup_pass


def test_an_english_reader_gets_the_survey_in_english(installed, project, client,
                                                      django_capture_on_commit_callbacks):
    Contact.objects.filter(pk=project.contact_id).update(language="en")
    today = timezone.localdate()
    installed(today - datetime.timedelta(days=190), today=today)
    with django_capture_on_commit_callbacks(execute=True):
        assert followup_pass(today=today, now=timezone.now())["sent"] == 1
    assert OutboxEmail.objects.get(kind="followup.check_in").language == "en"
    (message,) = mail.outbox
    assert message.subject.startswith("Your move, 6 months on") and "A few questions, two minutes" in message.body

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = re.search(r"https?://[^/\s]+(/\S*/suivi-installation/[^/\s]+/)", message.body).group(1)
    page = client.get(url).content.decode()
    assert '<html lang="en">' in page and "Do you still live in the area?" in page
    need = Need.objects.get(code="emploi")
    assert need.name_en and need.name_en in page
    answered = client.post(url, {"still_here": "yes", "commune": "Figeac", "work": "found", "partner_work": "na",
                                 "school": "na", "ambassador": "no", "missing_needs": [need.pk]})
    text = answered.content.decode()
    assert "Thank you for your answers" in text and "Yes, a job or a business" in text and need.name_en in text
