"""Template tags of the staff forms rendered in Python (workspace/form_rendering.py)."""

from django import template

from workspace import form_rendering

register = template.Library()


@register.simple_tag
def plain_form(form):
    """A whole form as `{{ form|crispy }}` wrote it: its errors not tied to a field, then each field."""
    return form_rendering.plain_form(form)
