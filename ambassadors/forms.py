"""The ambassadors' forms: the public sign-up (with the public forms' bot
guards, onboarding.bot_guards), the ambassador's own profile, the staff
list's filters."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambassadors.models import Ambassador, Language, Share
from ambassadors.services import CONSENT_TEXT
from crm.models import Epci
from crm.validators import commune_resolve, phone_normalize
from crm.widgets import EmailTextInput, TranslatedNameMultipleChoiceField
from onboarding.bot_guards import HumanCheckMixin
from testimonials.models import Household


def _this_year():
    return timezone.localdate().year


class ProfileForm(forms.Form):
    """What an ambassador says of themselves (the sign-up and their own page)."""

    phone = forms.CharField(
        label=_("Téléphone"), max_length=30, required=False,
        help_text=_("Facultatif. Transmis seulement aux personnes qui acceptent une mise en relation avec vous."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}))
    commune = forms.CharField(label=_("Votre commune"), max_length=160,
                              help_text=_("Dans le Lot ou en Lot-et-Garonne, par exemple Figeac."),
                              widget=forms.TextInput(attrs={"autocomplete": "address-level2"}))
    occupation = forms.CharField(label=_("Votre métier"), max_length=200, required=False,
                                 help_text=_("Par exemple : infirmière, boulanger, développeuse en télétravail."))
    came_from = forms.CharField(label=_("D'où veniez-vous ?"), max_length=150, required=False,
                                help_text=_("Facultatif. Ville, et pays si c'était à l'étranger. Laissez vide si "
                                            "vous avez toujours vécu ici."))
    arrived_year = forms.IntegerField(
        label=_("Arrivé(e) en quelle année ?"), required=False, min_value=1900,
        help_text=_("Facultatif, par exemple 2019."),
        error_messages={"invalid": _("Indiquez une année en chiffres, par exemple 2019."),
                        "min_value": _("Indiquez une année après 1900.")})
    household = forms.ChoiceField(label=_("Votre foyer"), required=False, widget=forms.RadioSelect,
                                  choices=[("", _("Je préfère ne pas le dire")), *Household.choices])
    languages = forms.MultipleChoiceField(label=_("Les langues que vous parlez"), required=False,
                                          choices=Language.choices, widget=forms.CheckboxSelectMultiple)
    shares = TranslatedNameMultipleChoiceField(label=_("Ce que vous pouvez partager avec un nouvel arrivant"),
                                            queryset=Share.objects.none(), widget=forms.CheckboxSelectMultiple,
                                            error_messages={"required": _("Choisissez au moins une chose à "
                                                                          "partager.")})

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["shares"].queryset = Share.objects.filter(is_active=True).order_by("position", "name")
        self.fields["languages"].summary_label = _("Langues")
        self.fields["shares"].summary_label = _("Partage")

    def clean_phone(self):
        return phone_normalize(self.cleaned_data.get("phone"))

    def clean_commune(self):
        try:
            commune = commune_resolve(self.cleaned_data.get("commune"))
        except ValidationError as refused:
            if refused.code == "ambiguous_commune":  # « Cambes (47) »: the message says how to write it
                raise
            commune = None
        if commune is None or (self.network is not None
                               and not self.network.departements.filter(pk=commune.departement_id).exists()):
            raise ValidationError(_("Nous ne trouvons pas cette commune sur le territoire du programme. Vérifiez "
                                    "l'orthographe, par exemple « Figeac » ou « Saint-Céré »."))
        return commune

    def clean_arrived_year(self):
        year = self.cleaned_data.get("arrived_year")
        if year is not None and year > _this_year():
            raise ValidationError(_("L'année d'arrivée ne peut pas être dans le futur."))
        return year


class SignUpForm(HumanCheckMixin, ProfileForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=100,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Nom"), max_length=100,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(label=_("Adresse e-mail"), max_length=254,
                             help_text=_("Nous y envoyons votre lien personnel d'ambassadeur."),
                             widget=EmailTextInput(attrs={"autocomplete": "email"}))
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Votre accord est nécessaire pour rejoindre le réseau des ambassadeurs.")})

    field_order = ["first_name", "last_name", "email", "phone", "commune", "occupation", "came_from",
                   "arrived_year", "household", "languages", "shares", "consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].summary_label = _("Consentement")

    def clean(self):
        cleaned = super().clean()
        self.check_human()
        return cleaned


class LeaveForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je quitte le réseau des ambassadeurs et je demande l'effacement de mon profil."),
        error_messages={"required": _("Cochez la case pour confirmer que vous quittez le réseau.")})


def profile_initial(ambassador):
    return {"phone": ambassador.contact.phone, "commune": ambassador.commune.name,
            "occupation": ambassador.occupation, "came_from": ambassador.came_from,
            "arrived_year": ambassador.arrived_year, "household": ambassador.household,
            "languages": ambassador.language_codes, "shares": list(ambassador.shares.all())}


class AmbassadorFilters(forms.Form):
    q = forms.CharField(label=_("Rechercher"), max_length=100, required=False,
                        help_text=_("Nom, e-mail, métier ou commune."))
    status = forms.ChoiceField(label=_("État"), required=False,
                               choices=[("", _("Tous")), *Ambassador.Status.choices])
    epci = forms.ModelChoiceField(label=_("Intercommunalité"), required=False, queryset=Epci.objects.none(),
                                  empty_label=_("Toutes"))
    share = forms.ModelChoiceField(label=_("Partage"), required=False, queryset=Share.objects.none(),
                                   empty_label=_("Tout"))
    language = forms.ChoiceField(label=_("Langue"), required=False, choices=[("", _("Toutes")), *Language.choices])

    def __init__(self, *args, network_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["epci"].queryset = Epci.objects.filter(
            departement__networks__in=network_ids).distinct().order_by("name")
        self.fields["share"].queryset = Share.objects.order_by("position", "name")

    def values(self):
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"q": data["q"], "status": data["status"], "epci": data["epci"], "share": data["share"],
                "language": data["language"]}
