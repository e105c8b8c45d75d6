from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Contact(models.Model):
    """A person thinking of moving here, with their household.

    One e-mail (case-insensitive) is one person: intake finds the contact by
    it before creating another.
    """

    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    current_city = models.CharField(_("lieu de vie actuel"), max_length=150, blank=True)
    occupation = models.CharField(_("profession"), max_length=200, blank=True)

    has_partner = models.BooleanField(_("en couple"), default=False)
    partner_occupation = models.CharField(_("profession du conjoint"), max_length=200, blank=True)
    partner_seeks_job = models.BooleanField(_("le conjoint cherche un emploi"), default=False)
    children_ages = models.JSONField(_("âges des enfants"), default=list, blank=True)

    # People are per network: the same address written to two programmes is
    # two contacts, never matched, routed back or shown across the boundary.
    network = models.ForeignKey(
        "crm.Network", on_delete=models.PROTECT, null=True, blank=True, related_name="contacts",
        verbose_name=_("réseau"),
    )

    # Set by the erasure (onboarding.services.privacy): the one sign that this
    # row no longer names anybody. Never inferred from the name: a real person
    # may be called Anonyme.
    erased_at = models.DateTimeField(_("données effacées le"), null=True, blank=True, db_index=True, editable=False)

    # The retention clock: the last time the person themselves reached us (a
    # submission, an exchange with them, an action on their tracking page, a
    # renewal), never an e-mail we sent nor a staff edit. Their data is kept
    # PERSONAL_DATA_RETENTION_YEARS from it (onboarding.services.retention).
    last_person_contact_at = models.DateTimeField(
        _("dernier contact à l'initiative de la personne"), null=True, blank=True, db_index=True, editable=False,
    )
    # When the person was last asked whether to keep their file (the e-mail a
    # month before the limit): the purge waits a month after it.
    retention_reminder_at = models.DateTimeField(
        _("rappel de conservation envoyé le"), null=True, blank=True, editable=False,
    )

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "network",
                condition=~models.Q(email=""),
                name="contact_unique_email_ci_per_network",
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def has_children(self):
        return bool(self.children_ages)
