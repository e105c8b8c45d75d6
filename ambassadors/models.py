"""The ambassadors' network: residents (often newcomers themselves) who talk
about the territory and welcome others.

An ambassador is a person, so a crm.Contact of the network (the same e-mail
in the network is the same person: a newcomer who became an ambassador keeps
one contact), with an `Ambassador` profile. Its status changes only through
ambassadors.services, each change an `AmbassadorEvent` row. A project that
came through an ambassador's referral link has a `Referral` row; an
introduction to a project is an onboarding.Proposal of kind "ambassador".
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from testimonials.models import Household
from testimonials.regions import Region


class Share(models.Model):
    """What an ambassador can share with a newcomer (reference data the
    coordinators edit: their professional network, school life, associations,
    a coffee...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("libellé"), max_length=120)
    name_en = models.CharField(_("libellé en anglais"), max_length=120, blank=True,
                               help_text=_("En anglais, pour les pages publiques en anglais ; vide : le texte français."))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("proposé à l'inscription"), default=True)

    class Meta:
        verbose_name = _("ce qu'un ambassadeur partage")
        verbose_name_plural = _("ce que les ambassadeurs partagent")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Language(models.TextChoices):
    FRENCH = "fr", _("Français")
    ENGLISH = "en", _("Anglais")
    SPANISH = "es", _("Espagnol")
    GERMAN = "de", _("Allemand")
    ITALIAN = "it", _("Italien")
    PORTUGUESE = "pt", _("Portugais")
    DUTCH = "nl", _("Néerlandais")
    ARABIC = "ar", _("Arabe")
    OCCITAN = "oc", _("Occitan")


class Ambassador(models.Model):
    """A resident's profile in the network. `public_id` is what their links
    carry (never the database id)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("candidature reçue")
        APPROVED = "approved", _("actif")
        PAUSED = "paused", _("en pause")
        REMOVED = "removed", _("retiré du réseau")

    contact = models.OneToOneField("crm.Contact", on_delete=models.PROTECT, related_name="ambassador",
                                   verbose_name=_("personne"))
    network = models.ForeignKey("crm.Network", on_delete=models.PROTECT, related_name="ambassadors",
                                verbose_name=_("réseau"))
    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    commune = models.ForeignKey("crm.Commune", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("commune"))
    occupation = models.CharField(_("métier"), max_length=200, blank=True)
    came_from = models.CharField(_("venu(e) de"), max_length=150, blank=True)
    former_region = models.CharField(_("région d'origine"), max_length=10, choices=Region.choices, blank=True)
    arrived_year = models.PositiveSmallIntegerField(_("arrivé(e) en"), null=True, blank=True)
    household = models.CharField(_("foyer"), max_length=10, choices=Household.choices, blank=True)
    # The Language codes between commas (",en,es,"), so that one language is
    # found by `languages__contains=",en,"` on SQLite as on PostgreSQL.
    languages = models.CharField(_("langues parlées"), max_length=60, blank=True)
    shares = models.ManyToManyField(Share, blank=True, related_name="ambassadors", verbose_name=_("peut partager"))
    # Consent to be contacted and to appear in suggestions: the very words accepted.
    consent_text = models.TextField(_("texte accepté"), blank=True)
    consent_version = models.CharField(_("version du texte accepté"), max_length=40, blank=True)
    consent_at = models.DateTimeField(_("accord donné le"), null=True, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    status_changed_at = models.DateTimeField(_("état changé le"), default=timezone.now)
    status_changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+", verbose_name=_("état changé par"))
    applied_at = models.DateTimeField(_("candidature le"), default=timezone.now)
    erased_at = models.DateTimeField(_("données effacées le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ambassadeur")
        verbose_name_plural = _("ambassadeurs")
        ordering = ["-applied_at", "-pk"]
        indexes = [models.Index(fields=["network", "status"], name="ambassadors_network_status")]

    def __str__(self):
        return _("Ambassadeur n°%(id)s") % {"id": self.pk}

    @property
    def language_codes(self):
        return [code for code in self.languages.split(",") if code]

    def language_names(self):
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.language_codes]

    @staticmethod
    def languages_stored(codes):
        return f",{','.join(sorted(set(codes)))}," if codes else ""

    @property
    def counts(self):
        """A referral link counts, and introductions may be proposed, only while approved."""
        return self.status == self.Status.APPROVED and self.erased_at is None


class AmbassadorEvent(models.Model):
    """One change of an ambassador's status: who, when, from, to."""

    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="events",
                                   verbose_name=_("ambassadeur"))
    from_status = models.CharField(_("de"), max_length=10, blank=True)
    to_status = models.CharField(_("vers"), max_length=10)
    at = models.DateTimeField(_("le"), default=timezone.now)
    # None: the ambassador, from their own link.
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("par"))

    class Meta:
        verbose_name = _("changement d'état d'un ambassadeur")
        verbose_name_plural = _("changements d'état des ambassadeurs")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status or '-'} -> {self.to_status}"


class Referral(models.Model):
    """A project that came through an ambassador's referral link (written
    with the project, in its creation transaction)."""

    ambassador = models.ForeignKey(Ambassador, on_delete=models.PROTECT, related_name="referrals",
                                   verbose_name=_("ambassadeur"))
    project = models.OneToOneField("onboarding.Project", on_delete=models.CASCADE, related_name="referral",
                                   verbose_name=_("projet"))
    created_at = models.DateTimeField(_("le"), default=timezone.now)
    # The prospect agreed, on the form, that the ambassador hears their first name and commune.
    prospect_agreed = models.BooleanField(_("la personne accepte que l'ambassadeur soit informé"), default=False)

    class Meta:
        verbose_name = _("projet venu par un ambassadeur")
        verbose_name_plural = _("projets venus par un ambassadeur")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return _("Parrainage du projet n°%(id)s") % {"id": self.project_id}
