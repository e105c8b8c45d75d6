import phonenumbers
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .territories import normalize_name


def contact_search_key(first_name, last_name, email):
    """The stored key the staff search matches: "jean martin|jean martin@exemple fr"
    for Jean Martin <Jean.Martin@exemple.fr>. The bar keeps a search from
    matching across the name and the address."""
    return f"{normalize_name(f'{first_name} {last_name}')}|{normalize_name(email)}"


class Contact(models.Model):
    """A person thinking of moving here, with their household.

    One e-mail (case-insensitive) is one person: intake finds the contact by
    it before creating another; without an e-mail, the same phone and name
    is the same person. Anything less certain (the same phone with another
    e-mail, the same last name aiming at the same place) is flagged for a
    referent to decide (onboarding.services.duplicates), never merged alone.
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
    # Ages go stale: the day they were given, from which the current ages are
    # counted (`children_ages_now`). Set by every service that writes the ages.
    children_ages_on = models.DateField(_("âges des enfants donnés le"), null=True, blank=True)
    # The language the person reads (a code of settings.LANGUAGES): set at
    # intake from the page's language, changed from the tracking page; their
    # e-mails and welcome kit are written in it (crm.outbox.contact_language).
    language = models.CharField(_("langue"), max_length=10, default="fr")

    # Look-up keys kept by save() (never typed): the phone in E.164 form and
    # the folded last name, which intake and the likely-duplicate check
    # (onboarding.services.duplicates) match on.
    phone_key = models.CharField(_("téléphone (forme normalisée)"), max_length=20, blank=True, db_index=True,
                                 editable=False)
    last_name_key = models.CharField(_("nom (forme normalisée)"), max_length=100, blank=True, db_index=True,
                                     editable=False)
    # What the staff list's search reads (onboarding.filters.projects_search):
    # "first last|e-mail", each folded by normalize_name, so that a search is
    # accent- and case-insensitive alike on PostgreSQL (where a trigram index,
    # crm migration 0013, serves it) and on SQLite. A database default too:
    # rows written without it (a bulk COPY) are found once saved again.
    search_key = models.TextField(_("recherche (forme normalisée)"), blank=True, default="", db_default="",
                                  editable=False)

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

    def save(self, *args, **kwargs):
        self.phone_key = phone_key(self.phone)
        self.last_name_key = normalize_name(self.last_name)[:100]
        self.search_key = contact_search_key(self.first_name, self.last_name, self.email)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            extra = {"phone": ("phone_key",), "last_name": ("last_name_key", "search_key"),
                     "first_name": ("search_key",), "email": ("search_key",)}
            kwargs["update_fields"] = {*update_fields, *(key for name in update_fields for key in extra.get(name, ()))}
        super().save(*args, **kwargs)

    def children_ages_at(self, day):
        """The children's ages on `day`: as given, plus the whole years since
        they were given (an age given without its date is taken as of today;
        what is not a whole number is left out)."""
        given_on = self.children_ages_on or day
        years = max(day.year - given_on.year - ((day.month, day.day) < (given_on.month, given_on.day)), 0)
        ages = []
        for value in self.children_ages or []:
            try:
                ages.append(int(value) + years)
            except (TypeError, ValueError):
                continue  # a malformed age (typed in the admin) says nothing
        return ages

    @property
    def children_ages_now(self):
        return self.children_ages_at(timezone.localdate())

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def has_children(self):
        return bool(self.children_ages)


def phone_parse(value):
    """The number written in `value` (French unless it says otherwise), or
    None for a blank or what is no number (phonenumbers' reading, shared by
    the key below and crm.validators.phone_normalize)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return None


def phone_key(value):
    """A phone number's key: E.164 ("+33612345678") whatever way it was
    written ("06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678"); the
    digits alone for what cannot be parsed; "" for none."""
    number = phone_parse(value)
    if number is None:
        return "".join(c for c in (value or "") if c.isdigit())[:20]
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[:20]
