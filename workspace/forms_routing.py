from django import forms
from django.utils.translation import gettext_lazy as _

from crm.models import Commune, Departement, Epci, Need, Network, Referent, Segment
from crm.scope import scoped
from crm.widgets import CommuneChoiceField, EmailTextInput
from onboarding.access import referents_of_networks_of, teams_of_networks_of
from onboarding.models import RoutingRule


class ReferentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj} – {obj.organisation}" if obj.organisation_id else str(obj)
        if not (obj.is_active and obj.user.is_active):
            label += " " + str(_("(inactif)"))
        return label


def _networks_field(form, user, **kwargs):
    """The user's networks; required but for a superuser (who may leave it
    empty: a rule, or a preview, for every network). An account of one
    network is not asked: `form.only_network` is the answer."""
    networks = list(scoped(Network.objects.all(), user))
    form.only_network = networks[0] if len(networks) == 1 and not user.is_superuser else None
    field = forms.ModelChoiceField(
        queryset=scoped(Network.objects.all(), user), required=not user.is_superuser and not form.only_network,
        empty_label=_("— tous les réseaux —") if user.is_superuser else None, **kwargs,
    )
    if form.only_network is not None:
        field.widget = forms.HiddenInput()
    return field


def _network_given(form, cleaned):
    if form.only_network is not None:
        cleaned["network"] = form.only_network
    return cleaned.get("network")


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = [
            "name", "network", "priority", "is_active",
            "needs", "segments", "epcis", "departements",
            "target_referent", "target_team", "any_departement", "keep_previous_referent",
        ]
        field_classes = {"target_referent": ReferentChoiceField}
        widgets = {
            "needs": forms.CheckboxSelectMultiple,
            "segments": forms.CheckboxSelectMultiple,
            "epcis": forms.CheckboxSelectMultiple,
            "departements": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "needs": _("Au moins un des besoins cochés. Rien de coché : tous les projets."),
            "segments": _("L'un des segments cochés. Rien de coché : tous les projets."),
            "epcis": _("L'intercommunalité visée (ou celle de la commune visée). Rien de coché : partout."),
            "departements": _("Le département visé. Rien de coché : partout."),
            "target_team": _("Dans une équipe, le membre disponible le moins chargé reçoit le projet."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"] = _networks_field(self, user, label=_("Réseau"), help_text=_(
            "La règle ne vaut que pour les projets de ce réseau."))
        self.fields["target_referent"].queryset = referents_of_networks_of(user).select_related("user", "organisation")
        self.fields["target_team"].queryset = teams_of_networks_of(user).select_related("organisation")
        self.fields["needs"].queryset = Need.objects.filter(is_active=True)
        self.fields["segments"].queryset = Segment.objects.filter(is_active=True)
        self.fields["epcis"].queryset = Epci.objects.all()
        self.fields["departements"].queryset = Departement.objects.all()

    def clean(self):
        cleaned = super().clean()
        referent, team = cleaned.get("target_referent"), cleaned.get("target_team")
        if bool(referent) == bool(team):
            # On the field, so that the database constraint's own message is not added too.
            self.add_error(
                "target_team", _("Choisissez soit un référent, soit une équipe (l'un des deux, pas les deux).")
            )
        network = _network_given(self, cleaned)
        if referent and network and not referent.user.networks.filter(pk=network.pk).exists():
            self.add_error("target_referent", _("Cette personne ne travaille pas pour ce réseau."))
        return cleaned


class RoutingPreviewForm(forms.Form):
    """A hypothetical project: nothing here is ever stored. The network is
    found as real routing finds it: the territory's, else the one chosen."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"] = _networks_field(
            self, user, label=_("Réseau"), help_text=_("Celui du formulaire, si le territoire n'est pas précisé."))
        self.order_fields(["network"])

    def clean(self):
        cleaned = super().clean()
        _network_given(self, cleaned)
        return cleaned

    needs = forms.ModelMultipleChoiceField(
        label=_("Besoins"), queryset=Need.objects.filter(is_active=True), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    occupation = forms.CharField(
        label=_("Métier ou projet déclaré"), max_length=300, required=False,
        help_text=_("Comme la personne l'écrirait dans le formulaire, par exemple « infirmière » ou « reprise "
                    "d'une boulangerie » : le segment en est déduit comme à l'arrivée d'une vraie demande."),
    )
    epci = forms.ModelChoiceField(
        label=_("Intercommunalité visée"), queryset=Epci.objects.select_related("departement"), required=False,
        empty_label=_("— non précisée —"),
    )
    commune = CommuneChoiceField(
        label=_("Commune visée"), required=False, empty_label=_("— non précisée —"),
        queryset=Commune.objects.select_related("departement", "epci__departement").order_by("name_search", "insee"),
        help_text=_("Si elle est donnée, son intercommunalité et son département comptent."),
    )
    contact_email = forms.EmailField(
        label=_("E-mail du contact"), required=False, widget=EmailTextInput,
        help_text=_("Facultatif : pour voir si un référent l'a déjà accompagné."),
    )


class ReassignForm(forms.Form):
    referent = ReferentChoiceField(label=_("Confier le projet à"), queryset=Referent.objects.none())
    reason = forms.CharField(
        label=_("Motif"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Il est conservé dans l'historique du projet et transmis au nouveau référent."),
    )
    override_availability = forms.BooleanField(
        label=_("Confier quand même"), required=False,
        help_text=_("À cocher pour confier le projet à une personne absente aujourd'hui ou qui a atteint sa "
                    "capacité : l'historique le dira."),
    )

    def __init__(self, *args, referents, unavailable=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = referents
        # {referent id: "absent aujourd'hui" / "complet"}: said in the list, before choosing.
        unavailable = unavailable or {}
        field = self.fields["referent"]
        base = field.label_from_instance
        field.label_from_instance = lambda obj: (
            f"{base(obj)} ({unavailable[obj.pk]})" if obj.pk in unavailable else base(obj)
        )
