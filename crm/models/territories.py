import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _


def normalize_name(text):
    """Lower-case, accent-free, hyphens as spaces: the key of name look-ups.

    "Saint-Céré" and "saint cere" both become "saint cere", so that a search
    typed on a phone finds the commune whatever the accents and dashes.
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = stripped.lower().replace("-", " ").replace("'", " ").replace("’", " ")
    return " ".join(cleaned.split())


class Departement(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self):
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    class Nature(models.TextChoices):
        CA = "CA", _("Communauté d'agglomération")
        CC = "CC", _("Communauté de communes")

    siren = models.CharField(_("SIREN"), max_length=9, unique=True)
    name = models.CharField(_("nom"), max_length=150)
    nature = models.CharField(_("nature"), max_length=2, choices=Nature.choices)
    # The département most of its communes belong to (Grand-Figeac spans two).
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="epcis", verbose_name=_("département")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("EPCI (intercommunalité)")
        verbose_name_plural = _("EPCI (intercommunalités)")

    def __str__(self):
        return self.name


class Commune(models.Model):
    insee = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=150)
    name_search = models.CharField(max_length=150, db_index=True, editable=False)
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="communes", verbose_name=_("département")
    )
    epci = models.ForeignKey(
        Epci, on_delete=models.PROTECT, related_name="communes", verbose_name=_("EPCI")
    )
    population = models.PositiveIntegerField(_("population"), default=0)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_search = normalize_name(self.name)
        super().save(*args, **kwargs)
