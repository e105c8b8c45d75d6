"""Reads: which testimonials are shown, and which resemble a project.

Shown means published, within its period, consent not withdrawn, in the
project's (or the page's) network. Matching scores what a story shares with
the project; a story that shares nothing is not offered."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crm.models.territories import normalize_name
from testimonials.models import Household, Testimonial
from testimonials.regions import region_of_place

# What each shared trait weighs: the job and the place first, then the profile.
WEIGHTS = {"occupation": 4, "epci": 3, "segment": 2, "need": 1, "household": 2, "region": 1}


def testimonials_shown(network, *, today=None):
    today = today or timezone.localdate()
    return Testimonial.objects.filter(
        network=network, status=Testimonial.Status.PUBLISHED, consent_withdrawn_at__isnull=True,
        erased_at__isnull=True, published_from__lte=today,
    ).filter(Q(published_until__isnull=True) | Q(published_until__gte=today))


def household_of(contact):
    if contact.children_ages:
        return Household.CHILDREN
    return Household.COUPLE if contact.has_partner else Household.ALONE


def _occupation_key(text):
    return normalize_name(text)


def same_occupation(one, other):
    """« Infirmière » and « infirmier », « Médecin » and « médecin généraliste »: the same job."""
    one, other = _occupation_key(one), _occupation_key(other)
    if not one or not other:
        return False
    shorter, longer = sorted((one, other), key=len)
    return longer == shorter or (len(shorter) >= 5 and longer.startswith(shorter))


@dataclass(frozen=True)
class Profile:
    """What of a project a story can share."""

    network_id: int
    segment_id: int | None = None
    need_ids: frozenset = frozenset()
    household: str = ""
    epci_id: int | None = None
    region: str = ""
    occupation: str = ""


def project_profile(project):
    contact = project.contact
    return Profile(
        network_id=project.network_id, segment_id=project.segment_id,
        need_ids=frozenset(need.pk for need in project.needs.all()),  # prefetched by the pages
        household=household_of(contact), epci_id=project.epci_id or project.target_epci_id,
        region=region_of_place(contact.current_city), occupation=contact.occupation,
    )


@dataclass
class Match:
    testimonial: Testimonial
    score: int = 0
    reasons: list = field(default_factory=list)

    @property
    def reason(self):
        return ", ".join(self.reasons)


def match(testimonial, profile, need_names):
    """What `testimonial` shares with `profile`, most telling first (for staff, in French)."""
    found = Match(testimonial)

    def add(kind, words, times=1):
        found.score += WEIGHTS[kind] * times
        found.reasons.append(words)

    if same_occupation(testimonial.occupation, profile.occupation):
        add("occupation", _("même métier"))
    if profile.epci_id and testimonial.epci_id == profile.epci_id:
        add("epci", _("même intercommunalité"))
    if profile.segment_id and testimonial.segment_id == profile.segment_id:
        add("segment", _("même profil"))
    shared = [need.pk for need in testimonial.needs.all() if need.pk in profile.need_ids]
    if shared:
        names = ", ".join(need_names[pk] for pk in shared)
        add("need", ngettext("un besoin en commun (%(names)s)", "%(count)d besoins en commun (%(names)s)",
                             len(shared)) % {"count": len(shared), "names": names.lower()}, times=len(shared))
    if profile.household and testimonial.household == profile.household:
        add("household", _("même foyer (%(kind)s)") % {"kind": testimonial.get_household_display()})
    if profile.region and testimonial.former_region == profile.region:
        add("region", _("même région d'origine (%(region)s)") % {"region": testimonial.get_former_region_display()})
    return found


def testimonials_for_profile(profile, *, limit=None, today=None):
    """The shown testimonials of the profile's network that share something
    with it, most relevant first (then the most recent): two queries."""
    rows = testimonials_shown(profile.network_id, today=today).select_related("epci", "segment") \
        .prefetch_related("needs")
    need_names = {}
    matches = []
    for testimonial in rows:
        for need in testimonial.needs.all():
            need_names[need.pk] = need.name
        found = match(testimonial, profile, need_names)
        if found.score:
            matches.append(found)
    matches.sort(key=lambda m: (-m.score, -m.testimonial.published_from.toordinal(), -m.testimonial.pk))
    return matches[:limit] if limit else matches


def testimonials_for_project(project, *, limit=None, today=None):
    return testimonials_for_profile(project_profile(project), limit=limit, today=today)


def testimonials_public(network, *, segment=None, household="", epci=None):
    """The network's public page: every shown story, filtered by profile."""
    rows = testimonials_shown(network).select_related("epci", "segment").prefetch_related("needs")
    if segment is not None:
        rows = rows.filter(segment=segment)
    if household:
        rows = rows.filter(household=household)
    if epci is not None:
        rows = rows.filter(epci=epci)
    return rows.order_by("-published_from", "-pk")


def testimonial_shown_or_none(network, pk):
    return testimonials_shown(network).filter(pk=pk).first()
