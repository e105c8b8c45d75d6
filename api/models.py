import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_token_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """An API key: a partner's (may only create leads) or a staff member's.

    Only the SHA-256 of the key is stored; the key itself is shown once.
    """

    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partenaire (dépôt de contacts uniquement)")
        STAFF = "staff", _("Membre de l'équipe")

    name = models.CharField(_("nom"), max_length=200, help_text=_("Le nom du partenaire ou de l'outil."))
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    organisation = models.ForeignKey(
        "crm.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="api_tokens",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="api_tokens",
        verbose_name=_("compte"), help_text=_("Pour une clé d'équipe : le compte au nom duquel elle agit."),
    )
    # A key belongs to one network: the leads it brings are that programme's.
    network = models.ForeignKey(
        "crm.Network", on_delete=models.PROTECT, null=True, blank=True, related_name="api_tokens",
        verbose_name=_("réseau"),
    )
    key_prefix = models.CharField(_("début de la clé"), max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("clé d'API")
        verbose_name_plural = _("clés d'API")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="partner") | models.Q(user__isnull=False),
                name="api_token_staff_has_user",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def generate_key():
        return secrets.token_urlsafe(32)

    def set_key(self, key):
        self.key_prefix = key[:8]
        self.key_hash = hash_token_key(key)


class LeadReceipt(models.Model):
    """A lead received through the API, under a reference of its own.

    A partner gets the reference only, whether the person was new or already
    had a project: which project, and in which state, is not a partner's to
    know (nor whether someone with that e-mail is known here). Coordinators
    find the project from the reference in the admin. No personal data here.
    """

    reference = models.UUIDField(_("référence"), default=uuid.uuid4, unique=True, editable=False)
    token = models.ForeignKey(ApiToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="receipts",
                              verbose_name=_("clé d'API"))
    project = models.ForeignKey("onboarding.Project", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("projet"))
    created = models.BooleanField(_("projet créé"), help_text=_("Faux : la demande a rejoint un projet en cours."))
    received_at = models.DateTimeField(_("reçu le"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("contact reçu par l'API")
        verbose_name_plural = _("contacts reçus par l'API")

    def __str__(self):
        return str(self.reference)


class IdempotencyKey(models.Model):
    """Makes a partner's retried POST return the answer it already got."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="idempotency_keys")
    key = models.CharField(max_length=255)
    request_fingerprint = models.CharField(max_length=64)
    project = models.ForeignKey("onboarding.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    receipt = models.OneToOneField(LeadReceipt, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="idempotency_key_unique_per_token")]

    def __str__(self):
        return f"{self.token_id}:{self.key[:20]}"
