"""Filters of the person's data copy (PDF): a row's value by field name, shown as text."""

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def get_item(row, name):
    return row.get(name)


@register.filter
def export_value(value):
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if value is True:
        return _("oui")
    if value is False:
        return _("non")
    if isinstance(value, list):
        return ", ".join(export_value(item) for item in value)
    if isinstance(value, dict):
        return " ; ".join(f"{key} : {export_value(item)}" for key, item in value.items())
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        moment = parse_datetime(value)
        if isinstance(moment, datetime.datetime):
            return formats.date_format(timezone.localtime(moment) if timezone.is_aware(moment) else moment, "j F Y H:i")
    return str(value)
