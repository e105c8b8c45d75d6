from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportTarget(models.Model):
    """The number of installations the programme aims at in a calendar year.

    Coordinators set it; the reports draw installations month by month
    against it (the target spread evenly over the twelve months).
    """

    year = models.PositiveSmallIntegerField(
        _("année"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    installations = models.PositiveIntegerField(_("installations visées"))
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("objectif annuel d'installations")
        verbose_name_plural = _("objectifs annuels d'installations")

    def __str__(self):
        return _("%(year)s : %(n)s installations") % {"year": self.year, "n": self.installations}
