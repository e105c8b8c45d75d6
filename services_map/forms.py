from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crm.validators import commune_resolve
from services_map.layers import LAYERS

DEFAULT_RADIUS_KM = 15
MAX_RADIUS_KM = 100


class MapFilterForm(forms.Form):
    """The page's filters, in its query string: the same for the map and the list.

    With JavaScript the layer boxes also show and hide the map's layers at
    once; without it they filter the list when the form is sent."""

    couches = forms.MultipleChoiceField(
        label=_("Catégories"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(layer.key, layer.label) for layer in LAYERS],
    )
    epci = forms.ModelChoiceField(
        label=_("Intercommunalité"), queryset=None, required=False, empty_label=_("Toutes"), to_field_name="siren",
    )
    autour_de = forms.CharField(
        label=_("Autour de la commune"), required=False, max_length=150,
        help_text=_("Son nom, par exemple « Figeac » ; laissez vide pour tout le territoire."),
    )
    rayon = forms.IntegerField(
        label=_("Rayon (km)"), required=False, min_value=1, max_value=MAX_RADIUS_KM,
        help_text=_("De 1 à %(max)s km ; %(default)s km si vide.") % {"max": MAX_RADIUS_KM,
                                                                       "default": DEFAULT_RADIUS_KM},
        error_messages={"min_value": _("Le rayon est d'au moins 1 km."),
                        "max_value": _("Le rayon est d'au plus %(limit_value)s km."),
                        "invalid": _("Le rayon s'écrit en kilomètres, par un nombre entier.")},
    )

    def __init__(self, *args, epcis, departement_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["epci"].queryset = epcis
        self.fields["epci"].error_messages["invalid_choice"] = _("Choisissez une intercommunalité de la liste.")
        self.departement_ids = set(departement_ids)

    def clean_autour_de(self):
        typed = self.cleaned_data.get("autour_de")
        try:
            commune = commune_resolve(typed)
        except ValidationError as error:
            if error.code == "unknown_commune":
                raise ValidationError(_("Nous ne trouvons pas « %(name)s » parmi les communes du territoire : "
                                        "vérifiez l'orthographe."), params={"name": typed}) from None
            raise
        if commune is not None and commune.epci.departement_id not in self.departement_ids:
            raise ValidationError(_("« %(name)s » n'est pas sur le territoire de ce programme."),
                                  params={"name": commune.name})
        return commune

    def layers(self):
        return self.cleaned_data.get("couches") or [layer.key for layer in LAYERS]

    def radius_km(self):
        return self.cleaned_data.get("rayon") or DEFAULT_RADIUS_KM
