"""One way to build the e-mails the service sends, from templates.

`<template>_subject.txt` and `<template>.txt`, plus `<template>.html` when
`html` is true. Always rendered in the site's language: the people who get
them filled in French forms, whatever language the sending request had.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def templated_email(template, context, to, *, html=True, reply_to=None):
    """An unsent EmailMultiAlternatives; call .send() or pass it to a connection."""
    context = {**context, "site_url": settings.SITE_URL.rstrip("/")}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
        html_body = render_to_string(f"{template}.html", context) if html else None
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, reply_to=reply_to)
    if html_body is not None:
        message.attach_alternative(html_body, "text/html")
    return message
