"""Form widgets and fields every side of the site shares."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crm.languages import translated_field
from crm.models import Commune
from crm.validators import commune_label, commune_resolve


class EmailTextInput(forms.EmailInput):
    """An e-mail address kept as the person typed it.

    Chromium rewrites the domain of an <input type="email"> into punycode
    in what it submits (test@exämple.fr arrives as test@xn--exmple-cua.fr),
    so after any validation error the page would show back an address
    nobody typed. A text input with the e-mail keyboard (inputmode) submits
    the text itself; EmailField still validates it on the server.
    """

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "email", "spellcheck": "false", "autocapitalize": "none", **(attrs or {})})


class CommuneSelect(forms.Select):
    """The staff's commune picker: a plain <select> whose options name the
    département ("Cambes (46)", "Cambes (47)"), which static/js/commune-picker.js
    turns into the public form's component, a text field with suggestions
    (a <datalist>). What was typed and refused comes back in data-typed, for
    the script to show it again."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-commune-picker": "", **(attrs or {})}, choices)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        typed = value[0] if isinstance(value, (list, tuple)) and value else value
        if isinstance(typed, str) and typed.strip() and not typed.strip().isdigit():
            context["widget"]["attrs"]["data-typed"] = typed
        return context


class CommuneChoiceField(forms.ModelChoiceField):
    """A commune among `queryset`, given by its id (the <select>) or by its
    name as the suggestions write it ("Cambes (47)"; the text field), read as
    the public form reads it (crm.validators.commune_resolve)."""

    widget = CommuneSelect

    def __init__(self, queryset=None, **kwargs):
        queryset = Commune.objects.all() if queryset is None else queryset
        kwargs.pop("blank", None)
        super().__init__(queryset.select_related("departement").order_by("name_search", "departement__code", "insee"),
                         **kwargs)
        if not self.help_text:
            self.help_text = _("Tapez le début du nom : le département suit entre parenthèses, par exemple "
                               "« Cambes (47) ».")

    def label_from_instance(self, obj):
        return commune_label(obj)

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if text in self.empty_values:
            return None
        if text.isdigit():
            return super().to_python(text)
        commune = commune_resolve(text)
        if not self.queryset.filter(pk=commune.pk).exists():
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": text})
        return commune

    def has_changed(self, initial, data):
        # The text field sends "Figeac (46)" for the commune the form started with: not a change.
        if self.disabled:
            return False
        try:
            value = self.to_python(data)
        except ValidationError:
            return True
        initial = self.prepare_value(initial)
        return str(value.pk if value else "") != str(initial if initial is not None else "")


class TranslatedNameChoiceField(forms.ModelChoiceField):
    """A choice of reference rows (segments, needs) labelled in the page's
    language: `name_en` on an English page, else the French `name` (crm.languages)."""

    def label_from_instance(self, obj):
        return translated_field(obj, "name")


class TranslatedNameMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return translated_field(obj, "name")
