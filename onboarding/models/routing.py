from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RoutingRule(models.Model):
    """Coordinators' rule: which projects go to which referent or team.

    An empty condition means "any". The active rule with the lowest priority
    number that matches wins.
    """

    name = models.CharField(_("nom"), max_length=200)
    priority = models.PositiveIntegerField(_("priorité"), default=100, help_text=_("Plus petit = examiné en premier."))
    is_active = models.BooleanField(_("active"), default=True)
    network = models.ForeignKey(
        "crm.Network", on_delete=models.PROTECT, null=True, blank=True, related_name="routing_rules",
        verbose_name=_("réseau"),
        help_text=_("Le programme dont la règle oriente les projets ; vide : tous."),
    )
    needs = models.ManyToManyField("crm.Need", blank=True, verbose_name=_("besoins"))
    segments = models.ManyToManyField("crm.Segment", blank=True, verbose_name=_("segments"))
    epcis = models.ManyToManyField("crm.Epci", blank=True, verbose_name=_("EPCI"))
    departements = models.ManyToManyField("crm.Departement", blank=True, verbose_name=_("départements"))
    target_referent = models.ForeignKey(
        "crm.Referent", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("référent cible"),
    )
    target_team = models.ForeignKey(
        "crm.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("équipe cible"),
    )
    any_departement = models.BooleanField(
        _("hors de son département"), default=False,
        help_text=_("Sans cette option, une règle dont l'équipe ou le référent cible appartient à une organisation "
                    "d'un département (par son intercommunalité) ne prend pas les projets d'un autre département : "
                    "les chambres consulaires sont départementales. Une règle qui nomme elle-même des "
                    "intercommunalités ou des départements n'est pas concernée : elle vaut là où elle le dit."),
    )
    keep_previous_referent = models.BooleanField(
        _("garder le référent précédent"), default=False,
        help_text=_("Quand cette règle oriente le projet d'un contact qui revient, il garde son référent précédent "
                    "même si aucune règle de ce référent ne couvre le nouveau projet (un autre territoire, "
                    "un autre profil). Sans cette option, il ne le garde que si l'une de ses règles le couvre."),
    )

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = _("règle d'orientation")
        verbose_name_plural = _("règles d'orientation")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(target_referent__isnull=False, target_team__isnull=True)
                    | models.Q(target_referent__isnull=True, target_team__isnull=False)
                ),
                name="routing_rule_one_target",
            )
        ]

    def __str__(self):
        return self.name


class RoutingDecision(models.Model):
    """Why a project went to whom: automatic routing, every reassignment and
    every re-routing after a change of territory."""

    class Kind(models.TextChoices):
        AUTOMATIC = "automatic", _("Orientation automatique")
        REASSIGNMENT = "reassignment", _("Réaffectation")
        # The territory changed: routed again inside the network, or kept
        # by the referent's choice (onboarding.services.routing.project_reroute_on_move).
        REROUTE = "reroute", _("Réorientation après changement de territoire")

    project = models.ForeignKey(
        "onboarding.Project", on_delete=models.CASCADE, related_name="routing_decisions"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    rule = models.ForeignKey(
        RoutingRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("règle"),
    )
    team = models.ForeignKey(
        "crm.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    referent = models.ForeignKey(
        "crm.Referent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("référent choisi"),
    )
    previous_referent = models.ForeignKey(
        "crm.Referent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    candidates = models.JSONField(_("candidats examinés"), default=list, blank=True)
    reason = models.TextField(_("motif"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("décision d'orientation")
        verbose_name_plural = _("décisions d'orientation")

    def __str__(self):
        return self.reason
