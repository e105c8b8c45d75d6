import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

# Folded by hand: NFKD leaves the ligatures of "Cœur de Causse" whole.
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
# Hyphens, dashes, apostrophes and dots all separate words: "Puy-l’Évêque", "St.-Céré".
SEPARATORS = str.maketrans({c: " " for c in "-\u2010\u2011\u2012\u2013\u2014\u2212'\u2019\u2018\u02bc\u00b4`."})
# How people abbreviate the word Saint / Sainte.
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def normalize_name(text):
    """Lower-case, accent-free, ligatures spelled out, hyphens as spaces: the key of name look-ups.

    "Saint-Céré" and "saint cere" both become "saint cere", "Cœur de Causse"
    becomes "coeur de causse", so that a search typed on a phone finds the
    commune whatever the accents, ligatures and dashes. Abbreviations are
    kept as typed (see name_search_keys).
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = stripped.lower().translate(LIGATURES).translate(SEPARATORS)
    return " ".join(cleaned.split())


def name_search_keys(text):
    """The keys a typed name may mean: its normalised form, and the same with
    "St"/"Ste" read as "Saint"/"Sainte" ("St-Céré" → "saint cere"). The word
    as typed stays a candidate too ("st" is also the start of "Strenquels").
    A few words at most are abbreviations, so the list stays short (≤ 8)."""
    key = normalize_name(text)
    if not key:
        return []
    keys = [""]
    for position, word in enumerate(key.split(" ")):
        choices = [word]
        if word in ABBREVIATIONS and position < 3:
            choices.append(ABBREVIATIONS[word])
        keys = [f"{start} {choice}".strip() for start in keys for choice in choices]
    return list(dict.fromkeys(keys))


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
        # The normalised key, not the name: SQLite compares bytes and
        # PostgreSQL's collation may be "C", both of which put "Boé" after
        # "Bouziès" and "Œ" after "Z".
        ordering = ["name_search", "insee"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_search = normalize_name(self.name)
        super().save(*args, **kwargs)


class CommuneFormerName(models.Model):
    """A name a commune was known by: a commune merged into it (a commune
    nouvelle, often still a « commune déléguée ») or its own name before a
    renaming. Loaded with the territories (crm.services.territories); people
    still write "Cressensac" or "Vaillac" on a form."""

    class Change(models.TextChoices):
        MERGED = "merged", _("commune fusionnée")
        RENAMED = "renamed", _("ancien nom")

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="former_names", verbose_name=_("commune actuelle")
    )
    name = models.CharField(_("ancien nom"), max_length=150)
    name_search = models.CharField(max_length=150, db_index=True, editable=False)
    former_insee = models.CharField(_("ancien code INSEE"), max_length=5, blank=True)
    change = models.CharField(_("changement"), max_length=10, choices=Change.choices)

    class Meta:
        ordering = ["name_search"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name_search"], name="commune_former_name_once"),
        ]
        verbose_name = _("ancien nom de commune")
        verbose_name_plural = _("anciens noms de communes")

    def __str__(self):
        return f"{self.name} → {self.commune}"

    def save(self, *args, **kwargs):
        self.name_search = normalize_name(self.name)
        super().save(*args, **kwargs)
