"""The staff's forms for local recruiters and their needs. The rules
(territory, SIRET, consent, ROME code) are jobs.employers', shared with the
API; a form only reads the fields and shows those errors under them."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crm.models import Epci, Network
from crm.widgets import CommuneChoiceField, EmailTextInput
from jobs.models import Employer, EmployerNeed, TakeoverBusiness
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


class TakeoverForm(forms.Form):
    """A business to take over, as a coordinator types it (rules: jobs.takeovers)."""

    network = forms.ModelChoiceField(label=_("Réseau"), queryset=Network.objects.none(),
                                     error_messages={"required": _("Choisissez le réseau.")})
    activity = forms.CharField(label=_("Activité"), max_length=200,
                               help_text=_("Par exemple « Boulangerie-pâtisserie » ou « Hôtel-restaurant 12 chambres »."),
                               error_messages={"required": _("Indiquez l'activité de l'entreprise.")})
    sector = forms.ChoiceField(label=_("Secteur"), choices=[("", "—"), *Employer.Sector.choices],
                               error_messages={"required": _("Choisissez un secteur.")})
    commune = CommuneChoiceField(label=_("Commune"), error_messages={
        "required": _("Indiquez la commune de l'entreprise."),
        "invalid_choice": _("Commune inconnue : choisissez-la dans la liste.")})
    price_min = forms.IntegerField(label=_("Prix à partir de, en euros (facultatif)"), required=False, min_value=0,
                                   max_value=100_000_000, error_messages={
                                       "invalid": _("Indiquez un montant en euros, sans espace ni symbole."),
                                       "min_value": _("Le prix ne peut pas être négatif.")})
    price_max = forms.IntegerField(label=_("Prix jusqu'à, en euros (facultatif)"), required=False, min_value=0,
                                   max_value=100_000_000, error_messages={
                                       "invalid": _("Indiquez un montant en euros, sans espace ni symbole."),
                                       "min_value": _("Le prix ne peut pas être négatif.")})
    premises = forms.ChoiceField(label=_("Locaux"), choices=[("", "—"), *TakeoverBusiness.Premises.choices],
                                 error_messages={"required": _("Indiquez ce qu'il en est des locaux.")})
    housing_included = forms.BooleanField(label=_("Logement compris"), required=False)
    available_on = forms.DateField(label=_("Disponible à partir du (facultatif)"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}),
                                   error_messages={"invalid": _("Date non valide, par exemple 01/03/2027.")})
    description = forms.CharField(label=_("Description (facultatif)"), required=False, max_length=4000,
                                  help_text=_("Visible de l'équipe seulement ; ne nommez pas le cédant."),
                                  widget=forms.Textarea(attrs={"rows": 4}))
    contact_organisation = forms.CharField(label=_("Chambre ou structure qui accompagne"), max_length=200,
                                           error_messages={"required": _("Indiquez la chambre qui accompagne la "
                                                                         "reprise (CCI, CMA...).")})
    contact_name = forms.CharField(label=_("Conseiller ou conseillère à contacter"), max_length=150,
                                   error_messages={"required": _("Indiquez le nom de la personne à contacter.")})
    contact_email = forms.EmailField(label=_("Son adresse e-mail"), widget=EmailTextInput, error_messages={
        "required": _("Indiquez l'adresse e-mail de la personne à contacter."),
        "invalid": _("Adresse e-mail non valide, par exemple prenom.nom@exemple.fr.")})
    contact_phone = forms.CharField(label=_("Son téléphone (facultatif)"), max_length=30, required=False)
    contact_consent = forms.BooleanField(
        label=_("La personne à contacter accepte d'être enregistrée et de recevoir les coordonnées des personnes "
                "qui acceptent une mise en relation"), required=False)
    status = forms.ChoiceField(label=_("État"), choices=TakeoverBusiness.Status.choices, initial="open")

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        if len(networks) <= 1:
            del self.fields["network"]

    def apply_errors(self, error: ValidationError):
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class TakeoverFilters(forms.Form):
    """The lists' GET filters (staff and public): nothing here is trusted beyond its choices."""

    q = forms.CharField(label=_("Activité, commune ou chambre"), required=False, max_length=100)
    sector = forms.ChoiceField(label=_("Secteur"), required=False, choices=[("", _("Tous")), *Employer.Sector.choices])
    epci = forms.ModelChoiceField(label=_("Intercommunalité"), required=False, queryset=Epci.objects.none(),
                                  empty_label=_("Toutes"))
    status = forms.ChoiceField(label=_("État"), required=False,
                               choices=[("", _("Tous")), *TakeoverBusiness.Status.choices])

    def __init__(self, *args, departements, public=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["epci"].queryset = Epci.objects.filter(departement__in=departements).order_by("name")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
        if public:
            del self.fields["q"], self.fields["status"]

    def values(self):
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
