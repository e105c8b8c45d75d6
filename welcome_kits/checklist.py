"""The administrative checklist of a move, fitted to the household.

Written in code rather than as content: it is the same for everyone in both
départements, and what it says follows the national rules (service-public.fr).
An item for part of the households names a KitProfile property (`only_if`):
the school for school-age children, childcare for young ones, France Travail
when someone in the household looks for work.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ChecklistItem:
    when: str
    title: str
    detail: str
    only_if: str = ""  # a KitProfile property that must be true, or "" for everyone


BEFORE = _("Avant le déménagement")
MOVING = _("Le mois du déménagement")
AFTER = _("Dans les semaines qui suivent")

ITEMS = (
    ChecklistItem(BEFORE, _("Faire suivre votre courrier"),
                  _("Souscrivez le contrat de réexpédition de La Poste (6 ou 12 mois) une à deux semaines "
                    "avant le départ.")),
    ChecklistItem(BEFORE, _("Résilier ou transférer vos contrats"),
                  _("Électricité, gaz, eau, box internet et assurance habitation : prévenez vos fournisseurs "
                    "et souscrivez pour le nouveau logement (relevé des compteurs le jour J).")),
    ChecklistItem(BEFORE, _("Inscrire vos enfants à l'école"),
                  _("Inscription à la mairie de votre nouvelle commune (livret de famille, justificatif de "
                    "domicile, carnet de vaccinations), puis admission auprès du directeur de l'école. "
                    "Pour le collège et le lycée, contactez l'établissement de secteur."),
                  only_if="has_school_age_children"),
    ChecklistItem(BEFORE, _("Chercher un mode de garde"),
                  _("Les places en crèche se demandent tôt : contactez le relais petite enfance (RPE) de "
                    "votre intercommunalité et consultez monenfant.fr."),
                  only_if="has_young_children"),
    ChecklistItem(MOVING, _("Déclarer votre changement d'adresse en une fois"),
                  _("Le service en ligne « Déclarer un changement de coordonnées » (service-public.fr) "
                    "prévient ensemble les impôts, la CAF, l'Assurance maladie, France Travail, la caisse "
                    "de retraite et les fournisseurs d'énergie.")),
    ChecklistItem(MOVING, _("Assurance maladie (CPAM)"),
                  _("Mettez à jour votre adresse sur votre compte ameli.fr ; votre dossier passe à la CPAM "
                    "de votre nouveau département sans autre démarche.")),
    ChecklistItem(MOVING, _("Allocations familiales (CAF ou MSA)"),
                  _("Déclarez votre nouvelle adresse et votre nouveau loyer sur caf.fr (ou msa.fr) : "
                    "l'aide au logement est recalculée.")),
    ChecklistItem(MOVING, _("France Travail"),
                  _("Si vous ou votre conjoint êtes inscrit, mettez à jour l'adresse dans votre espace "
                    "personnel : votre dossier est transféré à l'agence de votre nouveau domicile."),
                  only_if="seeks_job"),
    ChecklistItem(AFTER, _("Carte grise"),
                  _("Changement d'adresse obligatoire dans le mois, gratuit, sur le site de l'ANTS.")),
    ChecklistItem(AFTER, _("Liste électorale"),
                  _("Inscrivez-vous sur la liste électorale de votre nouvelle commune, en mairie ou en ligne "
                    "sur service-public.fr.")),
    ChecklistItem(AFTER, _("Choisir un médecin traitant"),
                  _("Déclarez-le sur ameli.fr. Si vous n'en trouvez pas, votre référent accueil connaît les "
                    "maisons de santé qui prennent de nouveaux patients.")),
    ChecklistItem(AFTER, _("Vous présenter en mairie"),
                  _("Beaucoup de communes accueillent les nouveaux habitants : c'est l'occasion de connaître "
                    "les associations, le marché et les services de proximité.")),
)


def checklist_for(profile):
    """[(when, [items])] for the profile, in the order of the move."""
    grouped = {}
    for item in ITEMS:
        if item.only_if and not getattr(profile, item.only_if):
            continue
        grouped.setdefault(item.when, []).append(item)
    return list(grouped.items())
