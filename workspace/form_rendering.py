"""Staff forms on hot pages rendered in Python (their template tags:
workspace/templatetags/filter_form.py): the project list's filter form
(`filter_fields`, its options kept by workspace.forms.filter_options) and the
project page's exchange and task forms (`plain_form`). Each field: its label
(with crispy-forms' required marker), its control with the attributes Django
gives it (`required`, `maxlength`, `aria-invalid`, `aria-describedby` naming
its help text and error), a select's options joined in one pass, its error
and help text: the markup crispy-forms' bootstrap 5 templates wrote.

Through crispy's templates (a template per field, and Django's a template
per option) the filter form was about 60 % of the list's time and the two
forms about 15 % of the project page's. Checked by
tests/workspace/test_project_list_form.py and test_project_page_forms.py.
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _css(widget, invalid):
    name = "select form-select" if isinstance(widget, forms.Select) else f"{type(widget).__name__.lower()} form-control"
    return name + (" is-invalid" if invalid else "")


def _ordered(attrs, css):
    """The widget's own attributes, `class`, then the ARIA ones and `required` (each group as flatatt sorts it)."""
    aria = {key: attrs.pop(key) for key in ("aria-invalid", "aria-describedby", "required") if key in attrs}
    return mark_safe(flatatt(attrs) + format_html(' class="{}"', css) + flatatt(aria))


def _control(bound, choices):
    widget = bound.field.widget
    attrs = bound.build_widget_attrs(dict(widget.attrs), widget)
    attrs.pop("id", None)
    invalid = bool(bound.errors)
    if isinstance(widget, forms.Select):
        value = bound.value()
        selected = "" if value is None else str(value)
        # The standard library's escape (Django's `escape` is the same call behind a
        # lazy-string check): a select of a network's referents has hundreds of options.
        options = mark_safe("".join(
            f'<option value="{escape(key)}"{" selected" if key == selected else ""}>{escape(label)}</option>'
            for key, label in (choices if choices is not None else select_options(bound.field))
        ))
        return format_html('<select name="{}"{} id="{}">{}</select>', bound.html_name,
                           _ordered(attrs, _css(widget, invalid)), bound.id_for_label, options)
    value = widget.format_value(bound.value())
    if isinstance(widget, forms.Textarea):
        return format_html('<textarea name="{}"{} id="{}">\n{}</textarea>', bound.html_name,
                           _ordered(attrs, _css(widget, invalid)), bound.id_for_label, value or "")
    attrs.pop("type", None)
    shown = format_html(' value="{}"', value) if value not in (None, "") else ""
    control = format_html('<input type="{}" name="{}"{}{} id="{}">', widget.input_type, bound.html_name, shown,
                          _ordered(attrs, _css(widget, invalid)), bound.id_for_label)
    if bound.field.show_hidden_initial:
        control += bound.as_hidden(only_initial=True)
    return control


def _supported(widget):
    """A single select, a textarea or a text-like input; anything else is Django's own rendering."""
    if isinstance(widget, forms.Select):
        return not widget.allow_multiple_selected
    if isinstance(widget, (forms.CheckboxInput, forms.FileInput, forms.HiddenInput)):
        return False
    return isinstance(widget, (forms.Textarea, Input))


def field(bound, choices=None):
    widget = bound.field.widget
    if bound.is_hidden:
        return bound.as_widget()
    control = _control(bound, choices) if _supported(widget) else bound.as_widget()
    errors = format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>', bound.auto_id,
        format_html_join("", '<span id="error_{}_{}"><strong>{}</strong></span>',
                         ((i, bound.auto_id, e) for i, e in enumerate(bound.errors, 1))),
    ) if bound.errors else ""
    help_text = format_html('<div id="{}_helptext" class="form-text">{}</div>', bound.auto_id,
                            mark_safe(bound.help_text)) if bound.help_text else ""  # written in the code, never typed
    required = bound.field.required
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label{}">{}{}</label>{}{}{}</div>',
        bound.auto_id, bound.id_for_label, " requiredField" if required else "", bound.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "", control, errors, help_text)


def select_options(form_field):
    """(value, label) pairs as strings; a model field's rows in one plain
    query (its iterator would open a server-side cursor: three round trips)."""
    if isinstance(form_field, forms.ModelChoiceField):
        iterator = form_field.iterator(form_field)
        head = [("", form_field.empty_label)] if form_field.empty_label is not None else []
        pairs = head + [iterator.choice(row) for row in list(form_field.queryset)]
    else:
        pairs = form_field.choices
    return [(str(value), str(label)) for value, label in pairs]


def filter_fields(form, options):
    """The list's filter form's fields, each in its grid cell (a select's options from `options`)."""
    return mark_safe("".join(
        format_html('<div class="col-sm-6 col-lg-3">{}</div>', field(bound, options.get(bound.name)))
        for bound in form))


def plain_form(form):
    """A whole form as `{{ form|crispy }}` wrote it: its errors not tied to a field, then each field."""
    head = format_html('<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
                       format_html_join("", "<li>{}</li>", ((e,) for e in form.non_field_errors()))
                       ) if form.non_field_errors() else ""
    return format_html("{}{}", head, mark_safe("".join(field(bound) for bound in form)))
