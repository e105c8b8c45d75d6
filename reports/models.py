from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportTarget(models.Model):
    """The number of installations the programme aims at in a calendar year.

    Coordinators set it; the reports draw installations month by month
    against it (the target spread evenly over the twelve months).
    """

    network = models.ForeignKey(
        "crm.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="targets",
        verbose_name=_("réseau"),
    )
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    installations = models.PositiveIntegerField(_("installations visées"))
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["network", "year"], name="report_target_one_per_network_year")]
        verbose_name = _("objectif annuel d'installations")
        verbose_name_plural = _("objectifs annuels d'installations")

    def __str__(self):
        return _("%(year)s : %(n)s installations") % {"year": self.year, "n": self.installations}
