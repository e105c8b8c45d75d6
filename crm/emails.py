"""The one way the service builds e-mail, and the links in it. Sending is
crm.outbox's: every e-mail is an outbox row written with its cause.

Every message comes from `<template>_subject.txt` and `<template>.txt`; its
HTML part from `<template>.html` when there is one, else from the text body,
both inside `email/base.html`. Rendered in the recipient's language: the
outbox row stores it (`crm.outbox.outbox_add(language=…)`: the contact's,
crm.languages.contact_language, for a prospect; the site's, French, for
staff) and the sender builds the message under it, whatever language the
request that caused it had. Links in e-mails are absolute, built by
`absolute_url`.

An e-mail to a prospect speaks for their network: `network_sender` gives its
sender and reply-to (the server's DEFAULT_FROM_EMAIL when it names none),
and `email/base.html` shows its programme's name when the context has a
`network`.
"""

import re
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


SAFE_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _brand_colour(network):
    # It goes into a style attribute, where HTML escaping protects nothing.
    colour = getattr(network, "primary_colour", "") or ""
    return colour if SAFE_COLOUR.match(colour) else "#1f4e79"


def network_sender(network):
    """{"from_email", "reply_to"} for a message in `network`'s name (None: the server's)."""
    from_email = (getattr(network, "email_from", "") or "").strip() or settings.DEFAULT_FROM_EMAIL
    reply_to = (getattr(network, "reply_to", "") or "").strip()
    return {"from_email": from_email, "reply_to": [reply_to] if reply_to else None}


def email_build(template, context, to, *, from_email=None, reply_to=None, language=None):
    """An unsent message, for an outbox builder (crm.outbox.email_kind) to return.

    `from_email` None is DEFAULT_FROM_EMAIL; `reply_to` a list of addresses or
    None; `language` None is the active one (the outbox row's, when sent)."""
    context = {**context, "site_url": absolute_url("")}
    if context.get("network") is not None:
        context["brand_colour"] = _brand_colour(context["network"])
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
        try:
            html_template = get_template(f"{template}.html")
        except TemplateDoesNotExist:
            html_body = render_to_string("email/text_as_html.html", {**context, "subject": subject, "body": body})
        else:
            html_body = html_template.render({**context, "subject": subject})
    message = mail.EmailMultiAlternatives(
        subject=subject, body=body, to=to, from_email=from_email or settings.DEFAULT_FROM_EMAIL, reply_to=reply_to,
    )
    message.attach_alternative(html_body, "text/html")
    return message


def emails_send(messages):
    """Send built messages through one SMTP connection; returns the number sent."""
    if not messages:
        return 0
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0
