"""The report's filters: a form for the page and the exports, and the values
the selectors take (`ReportFilters`)."""

import datetime
from dataclasses import dataclass, fields
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.models import Departement, Epci, Event, Need, Network, Referent, Segment
from onboarding.states import Source

User = get_user_model()

# A longer period makes charts of hundreds of months and says nothing more.
MAX_PERIOD_DAYS = 366 * 10


def default_period(today=None):
    """The last twelve months: from the first day of the month eleven months
    ago to today."""
    today = today or timezone.localdate()
    month = today.month - 11
    year = today.year
    if month < 1:
        month += 12
        year -= 1
    return datetime.date(year, month, 1), today


@dataclass(frozen=True)
class ReportFilters:
    start: datetime.date
    end: datetime.date
    departement: Departement | None = None
    epci: Epci | None = None
    segment: Segment | None = None
    need: Need | None = None
    source: str = ""
    event: Event | None = None
    referent: Referent | None = None

    @property
    def starts_at(self):
        """The period as aware datetimes, [starts_at, ends_at), in local time."""
        return _local_midnight(self.start)

    @property
    def ends_at(self):
        return _local_midnight(self.end + datetime.timedelta(days=1))

    @property
    def years(self):
        return list(range(self.start.year, self.end.year + 1))

    def as_params(self):
        """The filters as the form's GET parameters (for links and exports)."""
        params = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name in ("start", "end") or not value:
                continue
            params[field.name] = value if isinstance(value, str) else value.pk
        return params

    def querystring(self):
        return urlencode(self.as_params())

    def describe(self):
        """[(label, value)] of the filters in use, for the PDF and the spreadsheets."""
        rows = [(str(_("Période")), f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}")]
        labels = {
            "departement": _("Département"), "epci": _("Intercommunalité"), "segment": _("Segment"),
            "need": _("Besoin"), "source": _("Source"), "event": _("Événement"), "referent": _("Référent"),
        }
        for name, label in labels.items():
            value = getattr(self, name)
            if value:
                rows.append((str(label), str(Source(value).label) if name == "source" else str(value)))
        return rows

    def slug(self):
        """A file-name fragment: rapport_2025-01-01_2025-12-31."""
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def _local_midnight(day):
    zone = timezone.get_current_timezone() if settings.USE_TZ else ZoneInfo("UTC")
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)


class ReportFilterForm(forms.Form):
    start = forms.DateField(
        label=_("Du"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Au"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    departement = forms.ModelChoiceField(
        label=_("Département"), required=False, queryset=Departement.objects.all(), empty_label=_("Tous")
    )
    epci = forms.ModelChoiceField(
        label=_("Intercommunalité"), required=False, queryset=Epci.objects.all(), empty_label=_("Toutes")
    )
    segment = forms.ModelChoiceField(
        label=_("Segment"), required=False, queryset=Segment.objects.all(), empty_label=_("Tous")
    )
    need = forms.ModelChoiceField(label=_("Besoin"), required=False, queryset=Need.objects.all(), empty_label=_("Tous"))
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("Toutes"))] + Source.choices)
    event = forms.ModelChoiceField(
        label=_("Événement"), required=False, queryset=Event.objects.all(), empty_label=_("Tous")
    )
    referent = forms.ModelChoiceField(
        label=_("Référent"), required=False, queryset=Referent.objects.select_related("user"), empty_label=_("Tous")
    )

    def __init__(self, data=None, *, today=None, user=None, **kwargs):
        # Always bound: a missing or empty period is the default one, shown
        # in the fields so that what the figures cover is on the screen.
        self.today = today or timezone.localdate()
        start, end = default_period(self.today)
        data = data.copy() if data is not None else {}
        for key, default in (("start", start), ("end", end)):
            if not data.get(key):
                data[key] = default.isoformat()
        super().__init__(data, **kwargs)
        if user is not None and not user.is_superuser:
            # The events and the staff of the reader's networks only (shared
            # events too): another programme's are none of their business.
            networks = Network.objects.filter(members=user).values("pk")
            self.fields["event"].queryset = Event.objects.filter(Q(network__in=networks) | Q(network=None))
            self.fields["referent"].queryset = Referent.objects.select_related("user").filter(
                user__in=User.objects.filter(networks__in=networks))
        _bootstrap(self)

    def _post_clean(self):
        super()._post_clean()
        _mark_errors(self)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None or end is None:
            return cleaned
        if start > end:
            self.add_error("end", _("La fin de la période doit suivre son début."))
        elif (end - start).days > MAX_PERIOD_DAYS:
            self.add_error("start", _("La période ne peut pas dépasser dix ans."))
        return cleaned

    def filters(self):
        """The ReportFilters of a valid form (call is_valid() first)."""
        data = self.cleaned_data
        return ReportFilters(
            start=data["start"], end=data["end"], departement=data.get("departement"), epci=data.get("epci"),
            segment=data.get("segment"), need=data.get("need"), source=data.get("source") or "",
            event=data.get("event"), referent=data.get("referent"),
        )


class RegionalFilterForm(ReportFilterForm):
    """The regional page's period: the report's, without the filters that
    name a territory, an event or a person."""

    departement = epci = segment = need = source = event = referent = None


class TargetForm(forms.Form):
    """The yearly installation target of a network, set by its coordinators.
    `networks`: [(id, name)] of the user's networks, read with the report's
    targets (no query of its own); the field is shown when there are several."""

    network = forms.TypedChoiceField(label=_("Réseau"), coerce=int)
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)
    installations = forms.IntegerField(label=_("Installations visées"), min_value=0, max_value=1_000_000)

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].choices = list(networks)
        if len(networks) == 1:
            self.fields["network"].initial = networks[0][0]
        _bootstrap(self)

    @property
    def several_networks(self):
        return len(self.fields["network"].choices) > 1


# The page renders these fields by hand (templates/reports/_field.html):
# crispy-forms would cost more than the figures on a small database.
def _bootstrap(form):
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs["class"] = css


def _mark_errors(form):
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["class"] += " is-invalid"
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{form[name].auto_id}-errors"
