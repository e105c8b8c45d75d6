from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The first segments of the site's own addresses: no network may take one as
# its prefix (onboarding.public_site's URL converter refuses them too).
RESERVED_SLUGS = (
    "admin", "api", "equipe", "connexion", "deconnexion", "i18n", "static", "media", "healthz",
    "je-depose-mon-projet", "donnees-personnelles", "communes", "suivi", "kit-de-bienvenue", "accessibilite",
    "langue",
)


def validate_not_reserved(value):
    if value.lower() in RESERVED_SLUGS:
        raise ValidationError(_("« %(slug)s » est une adresse du site : choisissez un autre préfixe."),
                              params={"slug": value}, code="reserved")


HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Une couleur s'écrit #RRVVBB, par exemple #a4343a."))


class Network(models.Model):
    """A programme: the unit of tenancy. Its staff see its prospects only.

    A network has its territories (départements), its staff (`members`:
    coordinators and referents alike; the role stays the account's group),
    and what the public side and the e-mails say in its name: brand,
    colours, sender, data controller. A project belongs to the network of
    its territory, or, before the territory is known, to the network whose
    form it came through (onboarding.services.projects.project_network).
    """

    slug = models.SlugField(
        _("préfixe d'adresse"), max_length=50, unique=True, validators=[validate_not_reserved],
        help_text=_("Le début des adresses publiques du réseau : « lot » donne /lot/je-depose-mon-projet/."),
    )
    name = models.CharField(_("nom"), max_length=100, unique=True, help_text=_("Par exemple « Lot »."))
    programme = models.CharField(_("programme"), max_length=100, help_text=_("Par exemple « Oh my Lot ! »."))
    welcome_to = models.CharField(
        _("bienvenue…"), max_length=100, help_text=_("La fin de « Bienvenue… » : « dans le Lot », « en Lot-et-Garonne »."),
    )
    tagline = models.CharField(_("accroche"), max_length=200, blank=True)
    # The public wording in English (crm.languages): blank, the French one.
    welcome_to_en = models.CharField(
        _("bienvenue… en anglais"), max_length=100, blank=True,
        help_text=_("Le lieu, en anglais, comme on le dit après « live » : « in the Lot », « in the Lot-et-Garonne » ; vide : le texte français."),
    )
    tagline_en = models.CharField(_("accroche en anglais"), max_length=200, blank=True, help_text=_("En anglais, pour les pages publiques et les kits en anglais ; vide : le texte français."))
    primary_colour = models.CharField(_("couleur principale"), max_length=7, validators=[HEX_COLOUR], default="#1f4e79")
    accent_colour = models.CharField(_("couleur d'accent"), max_length=7, validators=[HEX_COLOUR], default="#c8102e")
    departements = models.ManyToManyField(
        "crm.Departement", related_name="networks", verbose_name=_("départements"), blank=True,
    )
    disabled_segments = models.ManyToManyField(
        "crm.Segment", related_name="networks_disabled", blank=True, verbose_name=_("segments non proposés"),
        help_text=_("Les segments partagés que ce programme ne propose pas."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="networks", blank=True, verbose_name=_("équipe du réseau"),
        help_text=_("Les comptes (coordination et référents) qui travaillent pour ce réseau."),
    )
    email_from = models.CharField(
        _("expéditeur des e-mails"), max_length=200, blank=True,
        help_text=_("Par exemple « Oh my Lot ! <accueil@lot.fr> » ; vide : l'expéditeur du serveur."),
    )
    reply_to = models.EmailField(_("adresse de réponse"), blank=True)
    data_controller = models.TextField(
        _("responsable de traitement"), blank=True,
        help_text=_("Qui tient les données personnelles : nom et adresse, pour la notice."),
    )
    dpo_contact = models.CharField(_("contact du délégué à la protection des données"), max_length=300, blank=True)
    public_intro = models.TextField(_("texte d'accueil du formulaire"), blank=True)
    public_intro_en = models.TextField(_("texte d'accueil du formulaire en anglais"), blank=True, help_text=_("En anglais, pour les pages publiques et les kits en anglais ; vide : le texte français."))
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("réseau")
        verbose_name_plural = _("réseaux")

    def __str__(self):
        return self.programme or self.name
