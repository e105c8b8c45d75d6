"""What the déclaration d'accessibilité declares: one source for the page
(intake/views_accessibility.py) and for the tests that keep it true.

The law (article 47 of loi n° 2005-102, décret n° 2019-768) requires a
public service's site to publish a declaration following the RGAA model.
Every figure here is checked by the suite, so the page cannot claim what
the code does not do:

- tests/browser/test_accessibility_statement.py runs axe-core on every page
  of `AUDITED_PAGES` and asserts it finds exactly `violations` (0) there,
  that the vendored axe is `AXE_VERSION` and that it holds `AXE_RULES`
  rules for `AXE_TAGS`;
- tests/browser/test_keyboard_and_zoom.py does the manual checks of
  `MANUAL_CHECKS` on the pages marked `manual`;
- tests/crm/test_pdf_tagged.py reads the PDFs' structure back.

When one of these changes (a new page, a new axe, a new audit), change it
here and the date with it. The status stays "non conforme" until an audit
of the 106 RGAA criteria has been made: the RGAA counts a site without a
valid audit as non conforme, whatever automated tools find (they see a
third of the criteria at best).
"""

import datetime
from dataclasses import dataclass

RGAA_VERSION = "4.1.2"
DECLARED_ON = datetime.date(2026, 11, 30)

STATUS = "non conforme"
STATUS_REASON = (
    "Aucun audit complet des 106 critères du RGAA n'a encore été réalisé : sans audit, le RGAA considère "
    "le site comme non conforme. Les vérifications décrites ci-dessous sont automatisées ou partielles ; "
    "elles ne remplacent pas un audit."
)

AXE_VERSION = "4.14.1"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
AXE_RULES = 69  # axe.getRules(AXE_TAGS).length for AXE_VERSION


@dataclass(frozen=True)
class AuditedPage:
    name: str
    url_name: str
    public: bool = True  # a page of the public site (False: the staff's space)
    manual: bool = True  # also checked with the keyboard, at 200 % and 400 % zoom, for names of controls
    violations: int = 0  # what axe-core found on it at the last run of the suite


AUDITED_PAGES = (
    AuditedPage("Accueil du site (les programmes)", "home"),
    AuditedPage("Accueil d'un programme", "network_home"),
    AuditedPage("Formulaire « Je dépose mon projet »", "intake_form"),
    AuditedPage("Confirmation du dépôt d'un projet", "intake_thanks"),
    AuditedPage("Politique de confidentialité", "privacy_notice"),
    AuditedPage("Page de suivi d'un projet et ses formulaires", "tracking"),
    AuditedPage("Télécharger mes données (copie de ses données)", "data_export"),
    AuditedPage("Demande d'un nouveau lien de suivi", "tracking_resend"),
    AuditedPage("Confirmation de l'envoi d'un nouveau lien", "tracking_resend_sent"),
    AuditedPage("Réponse à une proposition de transfert", "transfer_objection"),
    AuditedPage("Déclaration d'accessibilité", "accessibility"),
    AuditedPage("Connexion de l'équipe", "login", public=False, manual=False),
    AuditedPage("Tableau de bord de l'équipe", "staff_home", public=False, manual=False),
    AuditedPage("Liste des projets", "project_index", public=False, manual=False),
    AuditedPage("Page d'un projet", "project_detail", public=False, manual=False),
    AuditedPage("Rapports", "report", public=False, manual=False),
    AuditedPage("Registre des traitements", "privacy_register", public=False, manual=False),
    AuditedPage("Demandes sur les données personnelles (file)", "privacy_requests", public=False, manual=False),
)

MANUAL_CHECKS = (
    "navigation complète au clavier : chaque élément interactif est atteint dans l'ordre du document, "
    "avec une indication visible de la prise de focus, sans piège ; un lien d'évitement mène au contenu",
    "zoom à 200 % et à 400 % (320 pixels de large) : aucun défilement horizontal, aucun texte tronqué",
    "chaque champ de formulaire a un nom accessible",
)

TECHNOLOGIES = ("HTML5", "CSS", "JavaScript", "WAI-ARIA", "PDF balisé (PDF/UA-1)")

TOOLS = (
    f"axe-core {AXE_VERSION} ({AXE_RULES} règles WCAG 2.1 niveaux A et AA), dans Chromium piloté par Playwright",
    "tests automatisés de navigation au clavier, de zoom et de noms accessibles, dans Chromium",
    "pypdf, pour relire la structure balisée des PDF (titres, tableaux, alternatives des graphiques)",
)

ENVIRONMENT = (
    "Chromium (sans interface graphique) sous Debian GNU/Linux ; aucun lecteur d'écran n'a encore été utilisé "
    "pour ces vérifications.",
)

# What we know does not conform, or has not been checked.
NON_CONFORMITIES = (
    "Aucun test n'a été mené avec un lecteur d'écran (NVDA, JAWS, VoiceOver) ni avec une commande vocale.",
    "L'interface d'administration (réservée aux coordinateurs) n'a pas été évaluée.",
    "Les PDF (kit de bienvenue, rapport pour le comité de pilotage) sont balisés par le logiciel qui les "
    "produit (PDF/UA-1, fonction encore expérimentale) ; leur conformité n'a pas été vérifiée avec un "
    "validateur (PAC, veraPDF). Les titres écrits en Markdown par les équipes dans les blocs du kit peuvent "
    "sauter un niveau.",
    "Les contenus rédigés par les équipes (textes d'accueil, blocs du kit, couleurs des programmes) ne sont "
    "pas contrôlés automatiquement : un contraste ou un intitulé insuffisant reste possible.",
    "La suggestion de communes du formulaire n'a pas été éprouvée avec une technologie d'assistance.",
)

EXEMPTIONS = ()  # dérogations pour charge disproportionnée: none claimed
NOT_SUBJECT = ()  # contenus non soumis à l'obligation: none


def public_pages():
    return [page for page in AUDITED_PAGES if page.public]


def manually_checked_pages():
    return [page for page in AUDITED_PAGES if page.manual]
