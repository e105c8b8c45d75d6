from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from testimonials.regions import Region

https_only = URLValidator(schemes=["https"], message=_("Donnez une adresse qui commence par https://."), code="not_https")


class Household(models.TextChoices):
    ALONE = "alone", _("seul ou seule")
    COUPLE = "couple", _("en couple")
    CHILDREN = "children", _("avec des enfants")


class Testimonial(models.Model):
    """The story of someone who settled here, told with their written
    consent, shown to the prospects who resemble them.

    Its status changes only through testimonials.services (a
    TestimonialEvent per change); the withdrawal of consent archives it at
    once and for good."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        PUBLISHED = "published", _("publié")
        ARCHIVED = "archived", _("archivé")

    network = models.ForeignKey("crm.Network", on_delete=models.PROTECT, related_name="testimonials",
                                verbose_name=_("réseau"))
    shown_name = models.CharField(
        _("prénom ou pseudonyme affiché"), max_length=60,
        help_text=_("Ce que la personne a choisi de montrer : son prénom ou un pseudonyme, jamais son nom."),
    )
    text = models.TextField(_("témoignage"), max_length=4000)
    # The story in English, when the person gave one (crm.languages); blank: the French text.
    text_en = models.TextField(_("témoignage en anglais"), max_length=4000, blank=True, help_text=_("En anglais, pour les pages publiques et les kits en anglais ; vide : le texte français."))
    photo = models.FileField(_("photo"), max_length=200, blank=True, editable=False)
    video_url = models.URLField(_("lien vers une courte vidéo"), max_length=500, blank=True, validators=[https_only])
    occupation = models.CharField(_("métier"), max_length=200, blank=True)
    household = models.CharField(_("foyer"), max_length=10, choices=Household.choices, blank=True)
    former_region = models.CharField(_("région d'origine"), max_length=10, choices=Region.choices, blank=True)
    segment = models.ForeignKey("crm.Segment", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("segment"))
    needs = models.ManyToManyField("crm.Need", blank=True, related_name="+", verbose_name=_("besoins"))
    epci = models.ForeignKey("crm.Epci", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("intercommunalité où la personne vit"))

    consent_given_on = models.DateField(_("consentement écrit donné le"))
    consent_wording = models.TextField(
        _("texte du consentement signé"), help_text=_("Le texte (ou sa version) que la personne a signé."),
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False, verbose_name=_("consentement enregistré par"),
    )
    consent_recorded_at = models.DateTimeField(_("consentement enregistré le"), default=timezone.now, editable=False)
    consent_withdrawn_at = models.DateTimeField(_("consentement retiré le"), null=True, blank=True, editable=False)

    published_from = models.DateField(_("publié à partir du"), default=timezone.localdate)
    published_until = models.DateField(_("publié jusqu'au"), null=True, blank=True,
                                       help_text=_("Vide : sans date de fin."))
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT,
                              editable=False, db_index=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    # Set by the erasure: the row stays (its history says it was there), nobody is named.
    erased_at = models.DateTimeField(_("données effacées le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("témoignage")
        verbose_name_plural = _("témoignages")
        ordering = ["-published_from", "-pk"]
        indexes = [models.Index(fields=["network", "status", "published_from"], name="testimonial_shown")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_until__isnull=True) | models.Q(published_until__gte=models.F("published_from")),
                name="testimonial_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.shown_name} ({self.occupation})" if self.occupation else self.shown_name


class TestimonialEvent(models.Model):
    """One change of a testimonial: who, when, what (the moderation's history)."""

    class Action(models.TextChoices):
        CREATE = "create", _("créé")
        PUBLISH = "publish", _("publié")
        ARCHIVE = "archive", _("archivé")
        UNPUBLISH = "unpublish", _("remis en brouillon")
        WITHDRAW = "withdraw", _("consentement retiré : dépublié")
        EDIT = "edit", _("modifié")
        ERASE = "erase", _("données effacées")

    testimonial = models.ForeignKey(Testimonial, on_delete=models.CASCADE, related_name="events",
                                    verbose_name=_("témoignage"))
    at = models.DateTimeField(_("le"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("par"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_status = models.CharField(_("de"), max_length=10, choices=Testimonial.Status.choices, blank=True)
    to_status = models.CharField(_("à"), max_length=10, choices=Testimonial.Status.choices, blank=True)
    note = models.CharField(_("précision"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("historique d'un témoignage")
        verbose_name_plural = _("historique des témoignages")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.at:%d/%m/%Y %H:%M})"
