"""Intake forms: the public project form, the job-fair capture and the
prospect's tracking page. They validate and translate what people type into
the `data` that `onboarding.services.intake.intake_submit` takes; the field
validators (phone, commune, children's ages) are reused by the API.
"""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.languages import active_language
from crm.models import ConsentText, Epci, Event, Need, PrivacyRequest
from crm.services.consent import consent_text_for_intake
from crm.validators import children_ages_parse, commune_resolve, phone_normalize
from crm.widgets import EmailTextInput, TranslatedNameMultipleChoiceField
from onboarding.bot_guards import (  # noqa: F401  (re-exported: the intake tests use them)
    HONEYPOT_FIELD,
    STARTED_FIELD,
    STARTED_MAX_AGE,
    STARTED_SALT,
    HumanCheckMixin,
    started_token,
)
from onboarding.services.intake import IntakeData, TerritoryChoice, territory_choose
from onboarding.states import Horizon, Source


class PhoneField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def clean(self, value):
        return phone_normalize(super().clean(value))


class CommuneField(forms.CharField):
    """A commune typed by name; JavaScript may suggest names from a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 160)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # The suggestions list (a <datalist>) is filled by static/js/intake.js.
        attrs.update({"list": "commune-suggestions", "autocomplete": "off", "data-commune-autocomplete": ""})
        return attrs

    def clean(self, value):
        return commune_resolve(super().clean(value))


def active_needs():
    return Need.objects.filter(is_active=True).order_by("position", "name")


# --- bots: a honeypot and a minimum fill time (onboarding.bot_guards, shared with the other public forms)

CONSENT_TEXT_FIELD = "consent_text"


# --- the public project form ------------------------------------------------------

# How they heard of the programme: the sources a person can name themselves.
HEARD_VIA_CHOICES = [
    (Source.WEBSITE, _("Sur internet")),
    (Source.EVENT, _("Lors d'un salon ou d'un événement")),
    (Source.AMBASSADOR, _("Par un ambassadeur ou un proche")),
    (Source.OTHER, _("Autrement")),
]

CONSENT_ERROR = _("Votre accord est nécessaire pour que nous puissions traiter votre projet.")


class ProjectIntakeForm(HumanCheckMixin, forms.Form):
    # Who
    first_name = forms.CharField(label=_("Prénom"), max_length=100,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Nom"), max_length=100,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(
        label=_("Adresse e-mail"), max_length=254,
        help_text=_("Nous y envoyons la confirmation et le lien privé pour suivre votre projet."),
        widget=EmailTextInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneField(
        label=_("Téléphone"), required=False,
        help_text=_("Facultatif. Par exemple 06 12 34 56 78, ou +32 470 12 34 56 depuis l'étranger."),
    )
    current_city = forms.CharField(
        label=_("Où habitez-vous aujourd'hui ?"), max_length=150, required=False,
        help_text=_("Facultatif. Ville, et pays si vous vivez à l'étranger."),
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    # Household
    has_partner = forms.BooleanField(label=_("Je viendrais en couple"), required=False)
    partner_occupation = forms.CharField(label=_("Métier de votre conjoint ou conjointe"), max_length=200,
                                         required=False)
    partner_seeks_job = forms.BooleanField(label=_("Mon conjoint ou ma conjointe cherchera un emploi ici"),
                                           required=False)
    children_ages = forms.CharField(
        label=_("Âges des enfants qui viendraient avec vous"), max_length=100, required=False,
        help_text=_("Séparez les âges par des virgules, par exemple : 4, 9. Laissez vide sans enfant."),
    )
    # The project
    summary = forms.CharField(
        label=_("Votre métier ou votre projet professionnel"), max_length=300, required=False,
        help_text=_("Par exemple : infirmière, reprise d'une boulangerie, développeur en télétravail."),
    )
    needs = TranslatedNameMultipleChoiceField(
        label=_("Sur quoi souhaitez-vous être accompagné(e) ?"), queryset=Need.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    territory_choice = forms.ChoiceField(
        label=_("Où aimeriez-vous vous installer ?"), choices=TerritoryChoice.CHOICES,
        initial=TerritoryChoice.UNDECIDED, widget=forms.RadioSelect,
    )
    target_commune = CommuneField(
        label=_("Commune"), required=False,
        help_text=_("Dans le Lot ou en Lot-et-Garonne, par exemple Figeac ou Villeneuve-sur-Lot."),
    )
    target_epci = forms.ModelChoiceField(
        label=_("Intercommunalité"), queryset=Epci.objects.none(), required=False,
        empty_label=_("— Choisir un secteur —"),
    )
    horizon = forms.ChoiceField(label=_("Quand pensez-vous vous installer ?"), choices=Horizon.choices,
                                initial=Horizon.UNKNOWN)
    heard_via = forms.ChoiceField(
        label=_("Comment avez-vous connu le dispositif ?"), choices=HEARD_VIA_CHOICES, initial=Source.WEBSITE,
    )
    event = forms.ModelChoiceField(
        label=_("Lors de quel événement ?"), queryset=Event.objects.none(), required=False,
        empty_label=_("— Aucun, ou il n'est pas dans la liste —"),
    )
    referrer = forms.CharField(
        label=_("Précisez si vous le souhaitez"), max_length=200, required=False,
        help_text=_("Le nom de l'ambassadeur, de l'événement, du site…"),
    )
    message = forms.CharField(
        label=_("Voulez-vous nous en dire plus ?"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Facultatif, 5000 caractères au plus."),
    )
    # Consent
    consent = forms.BooleanField(
        label=_("J'accepte que ces informations soient utilisées pour m'accompagner dans mon projet "
                "d'installation, comme décrit ci-dessus."),
        error_messages={"required": CONSENT_ERROR},
    )
    def __init__(self, *args, network=None, referral=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        # The ambassador whose referral link brought the person (ambassadors.links), when it counts:
        # the source is theirs, and only then is the person asked whether the ambassador may hear of them.
        self.referral = referral
        if referral is not None:
            self.fields["share_with_ambassador"] = forms.BooleanField(
                label=_("J'accepte que %(name)s, l'ambassadeur ou l'ambassadrice qui m'a transmis ce lien, soit "
                        "prévenu(e) de mon installation, avec mon prénom et ma commune.")
                % {"name": referral.contact.first_name},
                required=False,
                help_text=_("Facultatif. Sans votre accord, nous lui disons seulement qu'une personne venue par "
                            "son lien s'est installée, sans rien de vous."))
            self.fields["share_with_ambassador"].summary_label = _("Ambassadeur")
            self.fields["heard_via"].initial = Source.AMBASSADOR
        self.consent_text_shown = consent_text_for_intake(network)
        self.fields["needs"].queryset = active_needs()
        self.fields["target_epci"].queryset = Epci.objects.order_by("name")
        # Recent and coming events: the ones a person may have met this network at.
        since = timezone.localdate() - datetime.timedelta(days=400)
        events = Event.objects.filter(ends_on__gte=since)
        if network is not None:
            events = events.filter(Q(network=network) | Q(network__isnull=True))
        self.fields["event"].queryset = events.order_by("-starts_on", "name")
        # The error summary names a field by a few words, not by its whole label.
        self.fields["consent"].summary_label = _("Consentement")
        self.fields["needs"].summary_label = _("Besoins")
        self.fields["territory_choice"].summary_label = _("Territoire")

    def clean_children_ages(self):
        return children_ages_parse(self.cleaned_data.get("children_ages"))

    def clean(self):
        cleaned = super().clean()
        self.check_human()
        self._clean_territory(cleaned)
        if cleaned.get("partner_occupation") or cleaned.get("partner_seeks_job"):
            cleaned["has_partner"] = True
        if cleaned.get("event") is not None and cleaned.get("heard_via") != Source.EVENT:
            cleaned["heard_via"] = Source.EVENT
        return cleaned

    def _clean_territory(self, cleaned):
        commune_typed = bool((self.data.get(self.add_prefix("target_commune")) or "").strip())
        choice, commune, epci, errors = territory_choose(
            cleaned.get("territory_choice"), commune=cleaned.get("target_commune"),
            epci=cleaned.get("target_epci"), commune_given=commune_typed,
        )
        for field, message in errors.items():
            self.add_error(field, message)
        cleaned.update(territory_choice=choice, target_commune=commune, target_epci=epci)

    # What intake_submit takes.

    @property
    def source(self):
        return Source.AMBASSADOR if self.referral is not None else self.cleaned_data["heard_via"]

    @property
    def prospect_agreed(self):
        """The person agreed that the referring ambassador hears of their installation."""
        return bool(self.cleaned_data.get("share_with_ambassador"))

    @property
    def event_chosen(self):
        return self.cleaned_data.get("event") if self.cleaned_data["heard_via"] == Source.EVENT else None

    def intake_data(self):
        data = self.cleaned_data
        return IntakeData(
            first_name=data["first_name"], last_name=data["last_name"], email=data["email"], phone=data["phone"],
            current_city=data["current_city"], has_partner=data["has_partner"],
            partner_occupation=data["partner_occupation"], partner_seeks_job=data["partner_seeks_job"],
            children_ages=tuple(data["children_ages"]), summary=data["summary"], needs=tuple(data["needs"]),
            target_commune=data["target_commune"], target_epci=data["target_epci"], horizon=data["horizon"],
            referrer=data["referrer"], message=data["message"], consent=data["consent"],
            consent_text=self._consent_text_accepted(), language=active_language(),
        )

    def _consent_text_accepted(self):
        """The version of the text the page showed (a hidden field, like the
        start time): the one the person accepts, even if a new one is published
        while they fill the form. None (the current one) if it is not one this
        network shows."""
        pk = str(self.data.get(CONSENT_TEXT_FIELD) or "").strip()[:20]
        if not pk.isascii() or not pk.isdigit() or not 0 < int(pk) < 2**63:
            return None
        texts = ConsentText.objects.filter(pk=pk)
        texts = texts.filter(Q(network=self.network) | Q(network__isnull=True)) if self.network is not None \
            else texts.filter(network__isnull=True)
        return texts.first()


# --- the job-fair capture (staff) ------------------------------------------------------

class FairEventForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Événement"), queryset=Event.objects.none(),
                                   empty_label=_("— Choisir l'événement —"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.order_by("-starts_on", "name")


class FairCaptureForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=100,
                                 widget=forms.TextInput(attrs={"autocomplete": "off"}))
    last_name = forms.CharField(label=_("Nom"), max_length=100,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False,
                             widget=EmailTextInput(attrs={"autocomplete": "off"}))
    phone = PhoneField(label=_("Téléphone"), required=False, help_text=_("L'e-mail ou le téléphone, au moins un."))
    summary = forms.CharField(label=_("Intérêt, métier ou projet"), max_length=300, required=False)
    needs = forms.ModelMultipleChoiceField(label=_("Besoins"), queryset=Need.objects.none(), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    message = forms.CharField(label=_("Note"), max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.BooleanField(
        label=_("La personne accepte d'être recontactée et que ces informations soient utilisées pour "
                "l'accompagner (elle a été informée de ses droits)."),
        error_messages={"required": _("Sans l'accord de la personne, nous ne pouvons pas enregistrer ses "
                                      "coordonnées.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = active_needs()
        self.fields["consent"].summary_label = _("Accord de la personne")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors \
                and "phone" not in self.errors:
            self.add_error("email", _("Indiquez un e-mail ou un numéro de téléphone pour pouvoir recontacter "
                                      "la personne."))
        return cleaned

    def intake_data(self):
        data = self.cleaned_data
        return IntakeData(
            first_name=data["first_name"], last_name=data["last_name"], email=data["email"], phone=data["phone"],
            summary=data["summary"], needs=tuple(data["needs"]), message=data["message"], consent=data["consent"],
        )


# --- the tracking page ------------------------------------------------------------------

class ContactCorrectionForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail"), max_length=254,
                             widget=EmailTextInput(attrs={"autocomplete": "email"}))
    phone = PhoneField(label=_("Téléphone"), required=False)
    current_city = forms.CharField(label=_("Où habitez-vous aujourd'hui ?"), max_length=150, required=False,
                                   widget=forms.TextInput(attrs={"autocomplete": "address-level2"}))


class DeletionRequestForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je demande la suppression de mes données personnelles et l'arrêt de mon accompagnement."),
        error_messages={"required": _("Cochez la case pour confirmer votre demande.")},
    )
    message = forms.CharField(label=_("Un message pour l'équipe (facultatif)"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


# The rights the tracking page's form offers besides erasure (which has its
# own form and confirmation box), each in a plain sentence.
RIGHTS = {
    PrivacyRequest.Kind.ACCESS: _("recevoir une copie de mes données (par exemple par courrier) et savoir à quoi "
                                  "elles servent, à qui elles sont transmises et combien de temps elles sont "
                                  "gardées."),
    PrivacyRequest.Kind.RECTIFICATION: _("faire corriger des informations inexactes ou incomplètes, autres que mes "
                                         "coordonnées (que je peux changer moi-même ci-dessus)."),
    PrivacyRequest.Kind.OBJECTION: _("m'opposer à l'utilisation de mes données pour une raison qui tient à ma "
                                     "situation."),
    PrivacyRequest.Kind.RESTRICTION: _("faire geler l'utilisation de mes données le temps de vérifier une "
                                       "contestation (par exemple sur leur exactitude)."),
}


class RightsRequestForm(forms.Form):
    """Exercise a right (erasure aside); `open_kinds`: the kinds already
    asked and waiting, not offered again."""

    kind = forms.ChoiceField(label=_("Votre demande"), widget=forms.RadioSelect,
                             error_messages={"required": _("Choisissez le droit que vous souhaitez exercer.")})
    message = forms.CharField(label=_("Précisez votre demande (facultatif)"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Pour une rectification, dites ce qui doit être corrigé."))

    def __init__(self, *args, open_kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind, f"{PrivacyRequest.Kind(kind).label} : {sentence}")
            for kind, sentence in RIGHTS.items() if kind not in open_kinds
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == PrivacyRequest.Kind.RECTIFICATION and not cleaned.get("message", "").strip():
            self.add_error("message", _("Dites-nous ce qui doit être corrigé."))
        return cleaned


class ResendLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse e-mail"), max_length=254,
        help_text=_("Celle que vous avez indiquée en déposant votre projet."),
        widget=EmailTextInput(attrs={"autocomplete": "email"}),
    )
