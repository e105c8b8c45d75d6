"""The one way the service builds e-mail, and the links in it. Sending is
crm.outbox's: every e-mail is an outbox row written with its cause.

Every message comes from `<template>_subject.txt` and `<template>.txt`; its
HTML part from `<template>.html` when there is one, else from the text body,
both inside `email/base.html`. Always rendered in the site's language: the
people who get them filled in French forms, whatever language the sending
request had. Links in e-mails are absolute, built by `absolute_url`.
"""

import smtplib

from django.conf import settings
from django.core import mail
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

# A mail server that hiccups is worth a few retries (every e-mail task
# retries on these); a bug is not.
MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


def absolute_url(path):
    """`path` (from reverse()) on the public site, for e-mails and PDFs."""
    return settings.SITE_URL.rstrip("/") + path


def email_build(template, context, to, *, reply_to=None):
    """An unsent message, for an outbox builder (crm.outbox.email_kind) to return."""
    context = {**context, "site_url": absolute_url("")}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
        try:
            html_template = get_template(f"{template}.html")
        except TemplateDoesNotExist:
            html_body = render_to_string("email/text_as_html.html", {**context, "subject": subject, "body": body})
        else:
            html_body = html_template.render({**context, "subject": subject})
    message = mail.EmailMultiAlternatives(subject=subject, body=body, to=to, reply_to=reply_to)
    message.attach_alternative(html_body, "text/html")
    return message


def emails_send(messages):
    """Send built messages through one SMTP connection; returns the number sent."""
    if not messages:
        return 0
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0
