"""Reads of the ambassadors' network, each in a bounded number of queries:
the staff list and page, the suggestions for a project, the figures."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower

from ambassadors.models import Ambassador, Referral
from ambassadors.proposals import KIND
from crm.access import networks_of
from crm.models.territories import normalize_name
from onboarding.models import Project, Proposal
from testimonials.regions import Region, region_of_place
from testimonials.selectors import household_of, same_occupation

# What each shared trait weighs in a suggestion: the place first, then the job.
WEIGHTS = {"commune": 4, "epci": 3, "occupation": 3, "region": 2, "household": 1, "language": 1}
SUGGESTIONS = 5


def staff_ambassadors(user, *, status="", epci=None, commune=None, share=None, language="", q=""):
    """The ambassadors of the user's networks, filtered; the erased left out."""
    rows = (Ambassador.objects.filter(network__in=networks_of(user), erased_at__isnull=True)
            .select_related("contact", "commune", "commune__epci").prefetch_related("shares"))
    if status:
        rows = rows.filter(status=status)
    if epci is not None:
        rows = rows.filter(commune__epci=epci)
    if commune is not None:
        rows = rows.filter(commune=commune)
    if share is not None:
        rows = rows.filter(shares=share)
    if language:
        rows = rows.filter(languages__contains=f",{language},")
    words = normalize_name(q or "")[:100].split()
    for word in words[:5]:
        rows = rows.filter(Q(contact__search_key__contains=word) | Q(occupation__icontains=word)
                           | Q(commune__name_search__contains=word))
    return rows.order_by(Lower("contact__last_name"), Lower("contact__first_name"), "pk")


def ambassador_for(user, pk):
    """An ambassador of the user's networks, or None (the same whether hidden or absent)."""
    return (Ambassador.objects.select_related("contact", "commune", "commune__epci", "network",
                                              "status_changed_by")
            .prefetch_related("shares").filter(network__in=networks_of(user), pk=pk, erased_at__isnull=True)
            .first())


def ambassador_referrals(ambassador):
    return list(Referral.objects.filter(ambassador=ambassador).select_related("project__contact")
                .order_by("-created_at", "-pk")[:200])


def ambassador_introductions(ambassador):
    return list(Proposal.objects.filter(kind=KIND, target_id=ambassador.pk).select_related("project__contact")
                .order_by("-created_at", "-pk")[:200])


@dataclass
class Suggestion:
    ambassador: Ambassador
    score: int = 0
    reasons: list = field(default_factory=list)

    @property
    def reason(self):
        return ", ".join(self.reasons)


def _score(ambassador, *, commune_id, epci_id, occupation, region, household):
    found = Suggestion(ambassador)

    def add(kind, words):
        found.score += WEIGHTS[kind]
        found.reasons.append(words)

    if commune_id and ambassador.commune_id == commune_id:
        add("commune", "même commune")
    elif epci_id and ambassador.commune.epci_id == epci_id:
        add("epci", "même intercommunalité")
    if same_occupation(ambassador.occupation, occupation):
        add("occupation", "même métier")
    if region and ambassador.former_region == region:
        add("region", f"même région d'origine ({ambassador.get_former_region_display()})")
    if ambassador.household and ambassador.household == household:
        add("household", f"même foyer ({ambassador.get_household_display()})")
    if region == Region.ABROAD and any(code != "fr" for code in ambassador.language_codes):
        add("language", "parle une langue étrangère ({})".format(", ".join(ambassador.language_names())))
    return found


def suggestions_for(project, *, limit=SUGGESTIONS):
    """The approved ambassadors of the project's network that share the most
    with it (commune or EPCI aimed at, occupation, former region, household,
    languages for someone abroad), best first, those already proposed and
    open left out. One query; only the
    candidates of the project's département when its place is known."""
    contact = project.contact
    commune_id = project.installed_commune_id or project.target_commune_id
    epci_id = project.epci_id or project.target_epci_id
    proposed = Proposal.objects.filter(project=project, kind=KIND, status__in=Proposal.OPEN_STATUSES)
    rows = (Ambassador.objects.filter(network_id=project.network_id, status=Ambassador.Status.APPROVED,
                                      erased_at__isnull=True)
            .exclude(pk__in=proposed.values("target_id"))
            .select_related("contact", "commune"))
    if project.departement_id:
        rows = rows.filter(commune__departement_id=project.departement_id)
    region = region_of_place(contact.current_city)
    household = household_of(contact)
    occupation = contact.occupation or project.summary
    scored = [_score(row, commune_id=commune_id, epci_id=epci_id, occupation=occupation, region=region,
                     household=household) for row in rows[:1000]]
    scored = [one for one in scored if one.score > 0]
    scored.sort(key=lambda one: (-one.score, one.ambassador.pk))
    return scored[:limit]


def _by_epci(rows, lookup):
    return {row[lookup] or "": row["n"] for row in rows.values(lookup).annotate(n=Count("pk")).order_by()}


def ambassador_figures(user, *, start, end):
    """The network's figures for the period [start, end] (dates), by EPCI:
    ambassadors active today (by their commune's EPCI), projects referred,
    introductions accepted, and projects installed in the period with an
    ambassador's help (referred, or an introduction accepted), each by the
    project's EPCI. Four queries; rows sorted by EPCI, with the totals."""
    networks = networks_of(user)
    active = _by_epci(Ambassador.objects.filter(network__in=networks, status=Ambassador.Status.APPROVED,
                                                erased_at__isnull=True), "commune__epci__name")
    referrals = _by_epci(Referral.objects.filter(project__network__in=networks, created_at__date__gte=start,
                                                 created_at__date__lte=end), "project__epci__name")
    accepted = _by_epci(Proposal.objects.filter(kind=KIND, project__network__in=networks,
                                                consent_at__date__gte=start, consent_at__date__lte=end),
                        "project__epci__name")
    introduced = Proposal.objects.filter(kind=KIND, project=OuterRef("pk"), consent_at__isnull=False)
    installed = _by_epci(Project.objects.filter(network__in=networks, installed_on__gte=start,
                                                installed_on__lte=end)
                         .filter(Q(referral__isnull=False) | Exists(introduced)), "epci__name")
    names = sorted(set(active) | set(referrals) | set(accepted) | set(installed))
    lines = [{"epci": name, "active": active.get(name, 0), "referrals": referrals.get(name, 0),
              "accepted": accepted.get(name, 0), "installed": installed.get(name, 0)} for name in names]
    total = {key: sum(line[key] for line in lines) for key in ("active", "referrals", "accepted", "installed")}
    return lines, total


def invitable_ambassadors(network, *, epci=None):
    """The ambassadors an event of `network` may invite (active, not erased,
    with an e-mail), their contact loaded: what an events audience lists."""
    rows = (Ambassador.objects.filter(network=network, status=Ambassador.Status.APPROVED, erased_at__isnull=True)
            .exclude(contact__email="").select_related("contact", "commune"))
    if epci is not None:
        rows = rows.filter(commune__epci=epci)
    return rows.order_by(Lower("contact__last_name"), Lower("contact__first_name"), "pk")
