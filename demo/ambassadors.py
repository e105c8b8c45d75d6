"""Demo ambassadors: a dozen over the two départements, made through the
services (applied, then approved by the network's coordinator; one paused,
one still applying), a few projects that came through their referral links
and a few introductions (proposed, some accepted). Idempotent: an
ambassador already there (same e-mail) is left as it is, and referrals and
introductions are only added while there are fewer than planned."""

from ambassadors.models import Ambassador, Referral, Share
from ambassadors.proposals import KIND
from ambassadors.selectors import suggestions_for
from ambassadors.services import ambassador_apply, ambassador_status_set, referral_record
from crm.models import Commune
from onboarding.models import Project, Proposal
from onboarding.services.proposals import proposal_accept, proposal_create
from onboarding.states import OPEN_STATES, Source

# (département, first name, last name, commune, occupation, came from, arrived, household, languages, shares, status)
AMBASSADORS = [
    ("46", "Hélène", "Bouscarel", "Figeac", "Infirmière", "Montreuil (93)", 2019, "children", ["fr", "en"],
     ["vie-scolaire", "cafe"], "approved"),
    ("46", "Olivier", "Magne", "Cahors", "Développeur", "Lyon", 2021, "couple", ["fr", "en", "es"],
     ["reseau-pro", "cafe"], "approved"),
    ("46", "Nadia", "Ferrand", "Gourdon", "Boulangère", "Rennes", 2017, "children", ["fr", "ar"],
     ["associations", "vie-scolaire"], "approved"),
    ("46", "Pieter", "Janssens", "Souillac", "Guide de randonnée", "Gand, Belgique", 2015, "couple",
     ["nl", "en", "fr"], ["associations", "cafe"], "approved"),
    ("46", "Claire", "Delpech", "Gramat", "Médecin généraliste", "", None, "children", ["fr", "oc"],
     ["reseau-pro"], "approved"),
    ("46", "Yann", "Le Goff", "Saint-Céré", "Menuisier", "Brest", 2020, "alone", ["fr"], ["cafe"], "applied"),
    ("47", "Sandrine", "Castagné", "Agen", "Comptable", "Bordeaux", 2018, "children", ["fr", "es"],
     ["reseau-pro", "vie-scolaire"], "approved"),
    ("47", "Julien", "Moreau", "Marmande", "Ingénieur agronome", "Paris", 2022, "couple", ["fr", "en"],
     ["reseau-pro", "cafe"], "approved"),
    ("47", "Fatou", "Diallo", "Villeneuve-sur-Lot", "Aide-soignante", "Dakar, Sénégal", 2016, "children",
     ["fr", "en"], ["associations", "cafe"], "approved"),
    ("47", "Marie", "Lagarde", "Nérac", "Viticultrice", "", None, "couple", ["fr", "it"], ["associations"],
     "approved"),
    ("47", "Hugo", "Bernard", "Tonneins", "Professeur des écoles", "Lille", 2019, "children", ["fr", "de"],
     ["vie-scolaire"], "paused"),
    ("47", "Emma", "Roussel", "Fumel", "Graphiste en télétravail", "Nantes", 2023, "alone", ["fr", "en"],
     ["cafe"], "approved"),
]
DOMAIN = "ambassadeurs-demo.fr"
REFERRALS_PER_NETWORK = 4
INTRODUCTIONS_PER_NETWORK = 4


def _ambassadors(networks, coordinators):
    shares = {share.code: share for share in Share.objects.all()}
    made = 0
    for code, first, last, commune_name, occupation, came_from, year, household, languages, share_codes, status \
            in AMBASSADORS:
        network = networks.get(code)
        commune = Commune.objects.filter(departement__code=code, name=commune_name).first()
        email = f"{first.lower()}.{last.lower().replace(' ', '')}@{DOMAIN}".replace("é", "e")
        if network is None or commune is None or Ambassador.objects.filter(contact__email=email).exists():
            continue
        ambassador, _created = ambassador_apply(network=network, data={
            "first_name": first, "last_name": last, "email": email, "phone": "06 00 00 00 00", "commune": commune,
            "occupation": occupation, "came_from": came_from, "arrived_year": year, "household": household,
            "languages": languages, "shares": [shares[c] for c in share_codes if c in shares]})
        by = coordinators.get(network.pk)
        if status != "applied":
            ambassador_status_set(ambassador=ambassador, status=Ambassador.Status.APPROVED, user=by)
        if status == "paused":
            ambassador_status_set(ambassador=ambassador, status=Ambassador.Status.PAUSED, user=by)
        made += 1
    return made


def _referrals(network):
    ambassadors = list(Ambassador.objects.filter(network=network, status=Ambassador.Status.APPROVED).order_by("pk"))
    missing = REFERRALS_PER_NETWORK - Referral.objects.filter(ambassador__network=network).count()
    if not ambassadors or missing <= 0:
        return
    # The projects whose source says "Ambassadeur" first; a small demo may have too few, then web ones
    # are taken as having come through a link (their source follows, as the form would have set it).
    candidates = Project.objects.filter(network=network, referral__isnull=True, source__in=(
        Source.AMBASSADOR, Source.WEBSITE))
    projects = sorted(candidates.order_by("pk")[:200], key=lambda p: (p.source != Source.AMBASSADOR, p.pk))
    for index, project in enumerate(projects[:missing]):
        Project.objects.filter(pk=project.pk).update(source=Source.AMBASSADOR)
        referral_record(ambassador=ambassadors[index % len(ambassadors)], project=project,
                        prospect_agreed=index % 2 == 0)


def _introductions(network, coordinator):
    missing = INTRODUCTIONS_PER_NETWORK - Proposal.objects.filter(kind=KIND, project__network=network).count()
    if missing <= 0:
        return
    projects = (Project.objects.filter(network=network, state__in=OPEN_STATES, target_commune__isnull=False)
                .select_related("contact").order_by("pk")[:40])
    for project in projects:
        if missing <= 0:
            break
        suggestions = suggestions_for(project, limit=1)
        if not suggestions:
            continue
        proposal, created = proposal_create(project=project, kind=KIND, target_id=suggestions[0].ambassador.pk,
                                            user=coordinator)
        if created and missing % 2 == 0:
            proposal_accept(proposal=proposal)
        missing -= 1


def demo_ambassadors(networks, coordinators):
    """`networks`: {département code: network}; `coordinators`: {network pk: user}. The number made."""
    made = _ambassadors(networks, coordinators)
    for network in networks.values():
        _referrals(network)
        _introductions(network, coordinators.get(network.pk))
    return made
