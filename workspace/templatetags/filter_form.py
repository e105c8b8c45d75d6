"""The project list's filter form, rendered in Python: one label, one input
or select (its options joined in one pass) and its error per field, the same
markup crispy-forms wrote for it (bootstrap 5: `form-label`, `form-select`,
`is-invalid`, `aria-invalid`, `aria-describedby` naming the error).

Rendered through crispy's templates, the form was about 60 % of the list's
time (nine fields, a template included per option); this is the list's hot
path, and its markup is checked by tests/workspace/test_project_list_form.py.
"""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


def _select(bound, attrs, choices):
    value = bound.value()
    selected = "" if value is None else str(value)
    options = format_html_join(
        "", '<option value="{}"{}>{}</option>',
        ((key, mark_safe(" selected") if key == selected else "", label) for key, label in choices),
    )
    return format_html('<select name="{}" class="select form-select{}"{} id="{}">{}</select>',
                       bound.html_name, *attrs, bound.id_for_label, options)


def _text(bound, attrs):
    value = bound.value()
    max_length = getattr(bound.field, "max_length", None)
    return format_html('<input type="text" name="{}"{}{} class="textinput form-control{}"{} id="{}">',
                       bound.html_name,
                       format_html(' value="{}"', value) if value not in (None, "") else "",
                       format_html(' maxlength="{}"', max_length) if max_length else "",
                       *attrs, bound.id_for_label)


@register.simple_tag
def filter_field(bound, options):
    """One field of the filter form: its label, its control (a select's
    options from `options`, workspace.forms.filter_options), its error."""
    errors = bound.errors
    error_id = f"{bound.id_for_label}_error"
    attrs = ((" is-invalid", format_html(' aria-invalid="true" aria-describedby="{}"', error_id)) if errors
             else ("", ""))
    if isinstance(bound.field.widget, forms.Select):
        control = _select(bound, attrs, options[bound.name])
    elif isinstance(bound.field.widget, forms.TextInput):
        control = _text(bound, attrs)
    else:  # a field this form does not have yet: Django's own rendering
        control = bound.as_widget()
    feedback = format_html(
        '<div id="{}" class="invalid-feedback">{}</div>', error_id,
        format_html_join("", '<span id="error_{}_{}"><strong>{}</strong></span>',
                         ((i, bound.id_for_label, e) for i, e in enumerate(errors, 1))),
    ) if errors else ""
    return format_html('<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label>{}{}</div>',
                       bound.id_for_label, bound.id_for_label, bound.label, control, feedback)
