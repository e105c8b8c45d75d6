"""The staff's forms for local recruiters and their needs. The rules
(territory, SIRET, consent, ROME code) are jobs.employers', shared with the
API; a form only reads the fields and shows those errors under them."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crm.models import Network
from crm.widgets import CommuneChoiceField, EmailTextInput
from jobs.models import Employer, EmployerNeed
from jobs.rome import is_rome_code, rome_codes_for


class EmployerForm(forms.Form):
    network = forms.ModelChoiceField(label=_("Réseau"), queryset=Network.objects.none(),
                                     error_messages={"required": _("Choisissez le réseau.")})
    organisation = forms.CharField(label=_("Structure"), max_length=200,
                                   error_messages={"required": _("Indiquez le nom de la structure.")})
    siret = forms.CharField(label=_("SIRET (facultatif)"), max_length=20, required=False)
    sector = forms.ChoiceField(label=_("Secteur"), choices=[("", "—"), *Employer.Sector.choices],
                               error_messages={"required": _("Choisissez un secteur.")})
    commune = CommuneChoiceField(label=_("Commune"), error_messages={
        "required": _("Indiquez la commune de la structure."),
        "invalid_choice": _("Commune inconnue : choisissez-la dans la liste.")})
    contact_name = forms.CharField(label=_("Personne à contacter"), max_length=150,
                                   error_messages={"required": _("Indiquez le nom de la personne à contacter.")})
    contact_email = forms.EmailField(label=_("Son adresse e-mail"), widget=EmailTextInput, error_messages={
        "required": _("Indiquez l'adresse e-mail de la personne à contacter."),
        "invalid": _("Adresse e-mail non valide, par exemple prenom.nom@exemple.fr.")})
    contact_phone = forms.CharField(label=_("Son téléphone (facultatif)"), max_length=30, required=False)
    contact_consent = forms.BooleanField(
        label=_("La personne à contacter accepte d'être enregistrée et de recevoir les coordonnées des personnes "
                "qui acceptent une mise en relation"), required=False)

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        if len(networks) <= 1:  # the account's only network: nothing to choose
            del self.fields["network"]

    def apply_errors(self, error: ValidationError):
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class NeedForm(forms.Form):
    occupation = forms.CharField(
        label=_("Métier"), max_length=200,
        help_text=_("Un code ROME (par exemple J1506) ou le nom du métier (par exemple « infirmière »)."),
        error_messages={"required": _("Indiquez le métier recherché.")})
    contract = forms.ChoiceField(label=_("Contrat"), choices=[("", "—"), *EmployerNeed.Contract.choices],
                                 error_messages={"required": _("Choisissez un type de contrat.")})
    commune = CommuneChoiceField(label=_("Commune du poste"), error_messages={
        "required": _("Indiquez la commune du poste."),
        "invalid_choice": _("Commune inconnue : choisissez-la dans la liste.")})
    start_on = forms.DateField(label=_("Prise de poste (facultatif)"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"invalid": _("Date non valide, par exemple 01/03/2027.")})
    description = forms.CharField(label=_("Description (facultatif)"), required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(label=_("État"), choices=EmployerNeed.Status.choices, initial="open")

    def rome_code(self):
        text = self.cleaned_data["occupation"].strip()
        if is_rome_code(text.upper()):
            return text.upper()
        found = rome_codes_for(text, limit=1)
        return found[0] if found else text

    def apply_errors(self, error: ValidationError):
        for field, messages in error.message_dict.items():
            self.add_error({"rome_code": "occupation"}.get(field, field) if field != "employer" else None, messages)
