"""The housing app's forms: the filters of the lists, an offer, a stay."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.access import is_coordinator, networks_of, referent_of
from crm.models import Commune, Network, Organisation
from crm.scope import scoped
from housing.models import HousingOffer
from housing.selectors import epcis_of_network
from housing.services import OUTSIDE_TERRITORY, offer_errors


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OfferFilters(forms.Form):
    """The filters of the public and the staff lists (GET: they work without JavaScript)."""

    q = forms.CharField(label=_("Rechercher (intitulé, commune, organisation)"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Nature de l'offre"), required=False,
                             choices=[("", _("Toutes"))] + list(HousingOffer.Kind.choices))
    epci = forms.ModelChoiceField(label=_("Intercommunalité"), required=False, queryset=None,
                                  empty_label=_("Toutes"))
    available = forms.BooleanField(label=_("Disponibles aujourd'hui"), required=False)

    def __init__(self, *args, network_ids, public=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["epci"].queryset = epcis_of_network(network_ids)
        if public:
            del self.fields["q"]
            del self.fields["available"]
            for field in self.fields.values():
                field.widget.attrs["class"] = "form-select"

    def values(self):
        """The filters as the selectors take them; an invalid one is ignored (never a 500)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {"kind": data.get("kind") or "", "epci": data.get("epci"),
                **({"search": (data.get("q") or "").strip(), "available": bool(data.get("available"))}
                   if "q" in self.fields else {})}


class OfferForm(forms.ModelForm):
    """An offer, entered by the staff of its managing organisation or a coordinator."""

    class Meta:
        model = HousingOffer
        fields = ["network", "kind", "title", "commune", "housing_type", "rooms", "surface", "price",
                  "available_from", "available_until", "organisation", "contact_name", "contact_email",
                  "contact_phone", "description", "status"]
        widgets = {"available_from": DateInput(), "available_until": DateInput(),
                   "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        mine = networks_of(user)
        self.fields["network"].queryset = Network.objects.filter(pk__in=mine)
        if len(mine) == 1 and not self.instance.pk:
            self.fields["network"].initial = mine[0]
        self.fields["commune"].queryset = Commune.objects.filter(
            departement__networks__in=mine).select_related("departement").distinct()
        if is_coordinator(user):
            self.fields["organisation"].queryset = scoped(Organisation.objects.all(), user)
        else:
            referent = referent_of(user)
            self.fields["organisation"].queryset = Organisation.objects.filter(
                pk=referent.organisation_id if referent else None)
            if referent:
                self.fields["organisation"].initial = referent.organisation_id
        for name in ("network", "commune", "organisation"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Ce choix n'est pas dans la liste : choisissez-en un proposé.")
        self.fields["commune"].error_messages["invalid_choice"] = OUTSIDE_TERRITORY

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        for name, message in offer_errors(self.instance).items():
            self.add_error(name if name in self.fields else None, message)


class BookingRequestForm(forms.Form):
    offer = forms.IntegerField(widget=forms.HiddenInput)
    start_on = forms.DateField(label=_("Arrivée le"), widget=DateInput())
    end_on = forms.DateField(label=_("Départ le"), widget=DateInput())
    household_size = forms.IntegerField(label=_("Nombre de personnes"), min_value=1, max_value=20)

    def clean(self):
        data = super().clean()
        if data.get("start_on") and data.get("end_on") and data["end_on"] <= data["start_on"]:
            self.add_error("end_on", _("La date de départ doit être après la date d'arrivée."))
        return data


class BookingDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accepter")), ("decline", _("Refuser")),
                                          ("cancel", _("Annuler"))])
