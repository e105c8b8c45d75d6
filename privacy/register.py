"""The register of processing (registre des activités de traitement, RGPD art. 30).

One source for two copies: the coordinators' page (privacy.views_register,
with their network's controller and DPO and this instance's settings) and
the Markdown copy in the repository (docs/registre-des-traitements.md, with
placeholders and the settings' defaults), written by
`python manage.py privacy_register --write` and kept in step by a test, as
the journey's diagram is.

What is written by hand here is what only a person can say: each
processing's purpose, legal basis, recipients and security measures. What
the code already knows is read from it: the categories of people and of data
come from the registry of personal data (crm.personal_data), each processing
naming the registry entries (model labels) it covers (a test fails when a
declared model belongs to no processing); the retention periods and the
subprocessors come from the settings.

The legal bases are those of a public body running the programme as a
public-interest mission; where the law lets the controller choose, the
entry says so (`basis_note`): the network's controller confirms or changes
it.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.utils.text import capfirst

from crm.personal_data import PersonKind, declarations

CONTROLLER_PLACEHOLDER = "[responsable de traitement : à compléter par le réseau]"
DPO_PLACEHOLDER = "[délégué à la protection des données : à compléter par le réseau]"
TO_COMPLETE = "[à compléter par le responsable de traitement]"

# The settings the register quotes, with the value they take when the
# environment says nothing (config/settings/base.py). The Markdown copy shows
# these, so that it does not depend on the machine it is generated on; a test
# holds them equal to the settings' defaults. None: not set by this code
# (the register then says the controller fixes it).
DEFAULTS = {
    "PERSONAL_DATA_RETENTION_YEARS": 3,
    "TRACKING_LINK_MAX_AGE_DAYS": 180,
    "KIT_LINK_MAX_AGE_DAYS": 30,
    "OUTBOX_RETENTION_DAYS": 30,
    "ACCESS_LOG_RETENTION_DAYS": 183,
    "LOGIN_FAILURE_LIMIT": 5,
    "LOGIN_COOLOFF_MINUTES": 15,
    "SESSION_COOKIE_AGE": 1209600,
    "REPORT_PDF_MAX_AGE_HOURS": 24,
    "EVENT_INVITATION_RETENTION_DAYS": 730,
    "EVENT_INVITATION_LINK_MAX_AGE_DAYS": 120,
    "FOLLOW_UP_LINK_DAYS": 60,
}


def _settings_value(name):
    """The instance's value of a quoted setting (the login throttle is set
    under django-axes' names)."""
    if name == "LOGIN_FAILURE_LIMIT":
        return getattr(settings, "AXES_FAILURE_LIMIT", DEFAULTS[name])
    if name == "LOGIN_COOLOFF_MINUTES":
        cooloff = getattr(settings, "AXES_COOLOFF_TIME", None)
        return int(cooloff.total_seconds() // 60) if cooloff is not None else DEFAULTS[name]
    return getattr(settings, name, DEFAULTS[name])


_UNITS = {
    "years": ("an", "ans"),
    "days": ("jour", "jours"),
    "hours": ("heure", "heures"),
    "minutes": ("minute", "minutes"),
    "failures": ("mot de passe erroné", "mots de passe erronés"),
}


@dataclass(frozen=True)
class Values:
    """Where the figures come from: this instance's settings (the page) or
    the defaults, named (the Markdown copy)."""

    document: bool = False

    def raw(self, name):
        return DEFAULTS[name] if self.document else _settings_value(name)

    def show(self, name, unit):
        value = self.raw(name)
        if value is None:
            text = "[durée à fixer par le responsable de traitement]"
        else:
            singular, plural = _UNITS[unit]
            text = f"{value} {singular if value == 1 else plural}"
        return f"{text} (réglage `{name}`)" if self.document else text


# --- security measures --------------------------------------------------------------

def _security(values):
    """Each measure, as the code and the README's production set-up do it."""
    return {
        "accounts": "Accès par compte personnel et nominatif ; mots de passe hachés (algorithme de Django) et "
                    "soumis aux règles de robustesse de Django.",
        "scoping": "Chaque compte ne voit que les données des réseaux dont il est membre ; un référent ne voit que "
                   "les projets qui lui sont confiés et ceux de ses équipes, la coordination ceux de son réseau ; "
                   "ce qu'un compte ne peut pas voir répond comme s'il n'existait pas.",
        "throttle": f"Connexions limitées : après {values.show('LOGIN_FAILURE_LIMIT', 'failures')} pour un compte "
                    f"ou depuis une adresse, blocage de "
                    f"{values.show('LOGIN_COOLOFF_MINUTES', 'minutes')}.",
        "https": "Échanges chiffrés : HTTPS imposé (redirection, HSTS d'un an), cookies de session et de "
                 "protection CSRF réservés à HTTPS.",
        "csp": "Politique de sécurité du contenu stricte (scripts et styles du site seulement, pas d'intégration "
               "dans un cadre, formulaires vers le site seulement) ; le lien de suivi n'est jamais transmis à un "
               "autre site (Referrer-Policy same-origin).",
        "no_store": "Les pages de l'équipe et les réponses de l'API ne sont gardées ni par le navigateur ni par un "
                    "serveur mandataire (Cache-Control: no-store).",
        "signed_links": f"Liens personnels signés et limités dans le temps : suivi "
                        f"{values.show('TRACKING_LINK_MAX_AGE_DAYS', 'days')}, kit "
                        f"{values.show('KIT_LINK_MAX_AGE_DAYS', 'days')} ; ils ne sont pas inscrits dans le "
                        f"journal du serveur web.",
        "kit_files": "Kits PDF rangés sous des noms aléatoires et remis seulement après contrôle du lien ou du "
                     "compte (jamais par une adresse publique de fichiers) ; dans un stockage S3, objets privés et "
                     "liens signés de quelques minutes. Le contenu rédigé est assaini, ce qu'a saisi la personne "
                     "est échappé.",
        "api_keys": "Clés d'API gardées sous forme d'empreinte (SHA-256), montrées une seule fois, révocables ; une "
                    "clé partenaire ne peut que déposer des contacts et ne reçoit qu'un accusé de réception, sans "
                    "savoir si la personne était déjà connue ; appels limités en nombre.",
        "form_guards": "Formulaire public protégé des robots : champ piège, temps minimal de saisie, nombre de "
                       "dépôts limité par adresse.",
        "outbox": "La file d'envoi garde des identifiants, pas le texte des messages (écrit au moment de "
                  "l'envoi) ; un message devenu sans objet (personne effacée, projet réaffecté) n'est pas envoyé.",
        "smtp_tls": _smtp_tls(values),
        "logs": "Les journaux de l'application ne contiennent aucune donnée personnelle (identifiants et nombres "
                "seulement).",
        "erasure": "Effacement sur demande et purge automatique quotidienne, dans une seule transaction, de "
                   "toutes les tables déclarées au registre des données personnelles ; les chiffres gardés sont "
                   "anonymes.",
        "backups": "Sauvegarde quotidienne de la base, chiffrée, hors de la machine, gardée 30 jours (procédure "
                   "décrite dans le README) " + TO_COMPLETE.replace("]", " : confirmer le lieu et la durée]"),
        "report_files": "Les PDF du comité sont rangés sous des noms aléatoires et remis seulement au compte qui "
                        "les a demandés, tant qu'il voit les mêmes projets (jamais par une adresse publique de "
                        "fichiers) ; chaque téléchargement est inscrit au journal des consultations.",
        "aggregates": "Les rapports ne nomment aucune personne accompagnée (des nombres, et la charge de chaque "
                      "référent) ; le rôle régional ne lit que des comptes par réseau et par mois.",
    }


def _smtp_tls(values):
    if values.document:
        return ("Connexion au serveur d'envoi chiffrée quand `EMAIL_USE_TLS` ou `EMAIL_USE_SSL` est activé (la "
                "configuration de production du README active STARTTLS).")
    if settings.EMAIL_USE_TLS or settings.EMAIL_USE_SSL:
        return "Connexion au serveur d'envoi chiffrée (TLS)."
    return ("Connexion au serveur d'envoi non chiffrée sur cette instance [à corriger : activer EMAIL_USE_TLS "
            "ou EMAIL_USE_SSL].")


# --- the processings -----------------------------------------------------------------

BASIS_PUBLIC_TASK = ("Mission d'intérêt public (RGPD art. 6.1.e) : l'attractivité du territoire et l'accueil de "
                     "nouveaux habitants, programme porté par une collectivité publique.")
BASIS_CONSENT = ("Consentement (RGPD art. 6.1.a) : la personne le donne en déposant son projet (case du formulaire ; "
                 "accord recueilli par le site partenaire ou, sur un salon, de vive voix), la version du texte "
                 "accepté, la date et le canal sont enregistrés ; elle le retire à tout moment depuis sa page de "
                 "suivi (demande de suppression), et il lui est redemandé un mois avant la fin de la durée de "
                 "conservation.")
NOTE_CONSENT = ("Choix du responsable de traitement : c'est la base que la notice d'information annonce, pour un "
                "programme auquel chacun s'adresse librement. Une collectivité peut préférer la mission d'intérêt "
                "public (art. 6.1.e) ; la notice d'information, le texte de consentement et ce registre doivent "
                "alors être changés ensemble.")


@dataclass(frozen=True)
class Processing:
    key: str
    name: str
    purpose: str
    legal_basis: str
    # The registry entries (model labels, "app.Model") this processing uses.
    models: tuple
    recipients: tuple
    # retention(values) -> [sentences]
    retention: object
    security: tuple
    basis_note: str = ""
    # What the registry does not list (or only in part): said by hand.
    other_data: tuple = ()
    people_note: str = ""
    sensitive: str = "Aucune donnée sensible (art. 9) n'est demandée ; les zones de texte libre ne doivent pas en " \
                     "recevoir."


def _retention_accompaniment(v):
    return [
        f"{v.show('PERSONAL_DATA_RETENTION_YEARS', 'years')} après la dernière activité du dossier (dernier "
        "contact, échange ou étape), puis effacement ou anonymisation automatiques (purge quotidienne) ; les "
        "projets gardés pour les chiffres ne nomment plus personne.",
        "Sur demande de la personne : effacement immédiat, ses projets ouverts sont clos.",
        "Lors d'un transfert accepté vers un autre réseau : effacement côté réseau d'origine.",
    ]


PROCESSINGS = (
    Processing(
        key="accompagnement",
        name="Accompagnement des candidats à l'installation",
        purpose="Recevoir les projets d'installation (formulaire public), les orienter vers le bon référent, "
                "suivre leur parcours du premier contact à l'installation puis au suivi (échanges, tâches, étapes, "
                "modifications des informations), et les transférer au réseau d'un autre département quand la "
                "personne y vise désormais son installation.",
        legal_basis=BASIS_CONSENT,
        basis_note=NOTE_CONSENT,
        models=("crm.Contact", "onboarding.Project", "onboarding.ProjectTransition", "onboarding.Interaction",
                "onboarding.Task", "onboarding.DetailChange", "onboarding.RoutingDecision",
                "onboarding.ProjectTransfer", "onboarding.Consent", "jobs.PinnedOffer"),
        recipients=(
            "Le référent qui suit le projet et son équipe (référents territoriaux et thématiques : CCI, CMA, "
            "Chambre d'agriculture, santé…, chacun pour les projets qui lui sont confiés).",
            "La coordination du réseau (chargés de mission attractivité).",
            "Lors d'un transfert accepté : la coordination et le référent du réseau qui reçoit le projet (la "
            "personne en est prévenue et peut s'y opposer avant l'acceptation).",
        ),
        retention=_retention_accompaniment,
        security=("accounts", "scoping", "throttle", "https", "csp", "no_store", "signed_links", "form_guards",
                  "logs", "erasure", "backups"),
    ),
    Processing(
        key="kits-de-bienvenue",
        name="Kits de bienvenue",
        purpose="Composer pour chaque projet un kit de bienvenue en PDF adapté au profil du foyer (besoins, "
                "territoire, composition), avec les contacts des partenaires utiles, et le remettre à la personne "
                "par un lien personnel.",
        legal_basis=BASIS_CONSENT,
        basis_note="Même base que l'accompagnement, dont le kit fait partie. Les contacts des partenaires sont "
                   "des coordonnées professionnelles publiées avec l'accord de la structure.",
        models=("crm.Contact", "onboarding.Project", "welcome_kits.Kit", "welcome_kits.PartnerContact", "welcome_kits.ServicePoint",
                "welcome_kits.ContentBlock", "welcome_kits.KitSection"),
        recipients=(
            "La personne accompagnée (son kit, par un lien personnel).",
            "Le référent du projet et la coordination du réseau.",
        ),
        retention=lambda v: [
            "Le kit suit le projet : effacé avec les données de la personne (demande ou purge après "
            f"{v.show('PERSONAL_DATA_RETENTION_YEARS', 'years')} sans activité).",
            f"Lien de téléchargement valable {v.show('KIT_LINK_MAX_AGE_DAYS', 'days')}.",
            "Contacts des partenaires : tant que la structure est partenaire du programme.",
        ],
        security=("accounts", "scoping", "https", "signed_links", "kit_files", "erasure", "backups"),
    ),
    Processing(
        key="logement",
        name="Offres de logement et séjours en hébergement temporaire",
        purpose="Publier les offres de logement des partenaires (location, vente, hébergement temporaire), les "
                "proposer aux personnes accompagnées et réserver pour elles des séjours en hébergement temporaire, "
                "acceptés ou refusés par le gestionnaire du logement.",
        legal_basis=BASIS_CONSENT,
        basis_note="Même base que l'accompagnement, dont le logement fait partie. Le contact d'une offre est une "
                   "coordonnée professionnelle donnée par l'organisation qui gère le logement ; il n'est jamais "
                   "publié (la liste publique ne nomme que l'organisation).",
        models=("crm.Contact", "onboarding.Project", "housing.HousingOffer", "housing.HousingBooking"),
        recipients=(
            "Le référent du projet, la coordination du réseau et le personnel de l'organisation qui gère le "
            "logement (les dates et le nombre de personnes du séjour demandé).",
        ),
        retention=lambda v: [
            "Les séjours suivent le projet : effacés avec les données de la personne (demande ou purge après "
            f"{v.show('PERSONAL_DATA_RETENTION_YEARS', 'years')} sans activité).",
            "Contact d'une offre : effacé un an après la fin de l'offre (purge quotidienne), ou sur demande.",
        ],
        security=("accounts", "scoping", "https", "erasure", "backups"),
    ),
    Processing(
        key="evenements",
        name="Invitations aux événements (accueil des nouveaux arrivants, événements du programme)",
        purpose="Inviter par e-mail les nouveaux arrivants installés récemment dans un territoire, les porteurs de "
                "projet qui le visent et les ambassadeurs du réseau aux événements du programme (soirées "
                "d'accueil, journées découverte, forums), recueillir leur inscription (nombre de personnes du "
                "foyer) ou leur refus par un lien personnel, leur rappeler l'événement, noter leur présence et en "
                "tirer les chiffres du programme.",
        legal_basis=BASIS_CONSENT,
        basis_note="Seules les personnes qui ont donné leur consentement au programme sont invitées ; elles "
                   "répondent, ou non, librement, et peuvent changer d'avis jusqu'au jour de l'événement.",
        models=("crm.Contact", "events.Invitation"),
        recipients=(
            "La coordination du réseau (envoi des invitations) et ses référents (liste des inscrits, présences).",
        ),
        retention=lambda v: [
            f"Invitations : supprimées {v.show('EVENT_INVITATION_RETENTION_DAYS', 'days')} après l'événement "
            "(purge quotidienne), ou avec les données de la personne.",
            f"Lien d'invitation valable {v.show('EVENT_INVITATION_LINK_MAX_AGE_DAYS', 'days')}.",
        ],
        security=("accounts", "scoping", "https", "no_store", "signed_links", "erasure", "backups"),
    ),
    Processing(
        key="suivi-apres-installation",
        name="Suivi après l'installation (questionnaires à 6, 12 et 24 mois)",
        purpose="Demander aux personnes installées, par un questionnaire envoyé 6, 12 et 24 mois après leur "
                "installation, si elles vivent toujours sur le territoire et ce qui leur manque encore (travail, "
                "école, besoins), pour que leur référent les aide, et mesurer le maintien sur le territoire "
                "(chiffres parmi les personnes qui ont répondu).",
        legal_basis=BASIS_CONSENT,
        basis_note="Même base que l'accompagnement, dont le suivi après l'installation fait partie (étape « Suivi "
                   "clos » du parcours). Répondre est facultatif : sans réponse, la personne n'est comptée nulle "
                   "part comme restée.",
        models=("crm.Contact", "onboarding.Project", "followup.CheckInAnswer"),
        recipients=(
            "Le référent du projet et la coordination du réseau (les réponses, et une tâche quand une réponse "
            "signale une difficulté ou manque).",
            "Le comité de pilotage : des chiffres seulement (maintien, raisons des départs, besoins ouverts).",
        ),
        retention=lambda v: [
            "Les réponses suivent le projet : la commune, la date de départ et les textes libres sont effacés "
            f"avec les données de la personne (demande ou purge après {v.show('PERSONAL_DATA_RETENTION_YEARS', 'years')} "
            "sans activité) ; les réponses à choix restent, anonymes, pour les chiffres.",
            f"Lien du questionnaire valable {v.show('FOLLOW_UP_LINK_DAYS', 'days')} après la date prévue.",
        ],
        security=("accounts", "scoping", "https", "signed_links", "erasure", "backups"),
    ),
    Processing(
        key="api-partenaires",
        name="Contacts transmis par les sites partenaires (API)",
        purpose="Recevoir, par l'API, les contacts que des sites partenaires (portail d'attractivité) recueillent "
                "pour le programme, sans doublon, et les traiter comme un projet déposé sur le formulaire.",
        legal_basis=BASIS_CONSENT,
        basis_note="Le site partenaire recueille l'accord de la personne à la transmission (l'API refuse un "
                   "contact sans « consent »). " + NOTE_CONSENT,
        models=("crm.Contact", "onboarding.Project", "onboarding.Consent", "api.LeadReceipt", "api.IdempotencyKey",
                "api.ApiToken"),
        people_note="Les personnes dont un partenaire transmet le projet ; pour les clés, le partenaire ou l'agent "
                    "qui la détient.",
        recipients=(
            "Les mêmes que l'accompagnement ; le site partenaire ne reçoit en retour qu'un accusé de réception.",
        ),
        retention=lambda v: [
            "Comme l'accompagnement pour le contact et le projet créés.",
            "Clés de dédoublonnage et empreintes des envois : effacées avec la personne.",
            "Clés d'API : jusqu'à leur révocation.",
        ],
        security=("api_keys", "scoping", "https", "no_store", "logs", "erasure", "backups"),
    ),
    Processing(
        key="mises-en-relation",
        name="Propositions et mises en relation (emploi, reprise d'entreprise)",
        purpose="Proposer à la personne accompagnée, ou à son conjoint, les besoins de recrutement des employeurs "
                "locaux qui correspondent à son métier et à son territoire, et les entreprises à reprendre près de "
                "son projet, et, si elle l'accepte depuis sa page de suivi, transmettre ses coordonnées à la "
                "personne à contacter chez l'employeur ou à la chambre qui accompagne la reprise ; la prévenir si "
                "la proposition est retirée après la mise en relation ; en garder la suite (embauche, reprise...) "
                "pour les chiffres du programme.",
        legal_basis=BASIS_CONSENT,
        basis_note="Rien n'est transmis à l'employeur sans l'accord de la personne, donné pour cette seule mise en "
                   "relation (texte accepté et date gardés avec la proposition). La personne à contacter chez "
                   "l'employeur a donné son accord à son enregistrement (date gardée).",
        models=("crm.Contact", "onboarding.Project", "onboarding.Proposal", "jobs.ProjectOccupation",
                "jobs.Employer", "jobs.TakeoverBusiness"),
        people_note="Les personnes accompagnées (et leur conjoint) ; les personnes à contacter chez les "
                    "recruteurs locaux ; les conseillers des chambres qui accompagnent une reprise (le cédant "
                    "n'est jamais nommé).",
        recipients=(
            "Le référent du projet et la coordination du réseau.",
            "La personne à contacter chez l'employeur, ou le conseiller de la chambre pour une reprise, après "
            "l'accord de la personne accompagnée, pour cette proposition seulement (le référent en copie).",
        ),
        retention=lambda v: [
            "Propositions : avec le projet ; elles ne nomment plus personne une fois la personne effacée.",
            "Codes métier lus dans la profession : effacés avec la personne.",
            "Personne à contacter chez un recruteur : tant qu'elle l'est ; effacée à sa demande.",
            "Conseiller d'une entreprise à reprendre : tant qu'elle est à reprendre ; effacé un an après sa "
            "reprise ou son retrait, ou à sa demande.",
        ],
        security=("accounts", "scoping", "https", "no_store", "signed_links", "erasure", "backups"),
    ),
    Processing(
        key="salons",
        name="Contacts recueillis sur les salons",
        purpose="Saisir sur une tablette, sur le stand d'un salon ou d'un forum, les coordonnées et le projet des "
                "personnes rencontrées, chaque contact rattaché à son événement, pour les accompagner ensuite et "
                "mesurer ce que chaque salon apporte.",
        legal_basis=BASIS_CONSENT,
        basis_note="L'agent coche l'accord de la personne, donné de vive voix. " + NOTE_CONSENT,
        models=("crm.Contact", "onboarding.Project", "onboarding.Consent", "crm.Event"),
        other_data=("L'événement où le contact a été recueilli et l'agent qui l'a saisi.",),
        people_note="Les visiteurs rencontrés sur le stand.",
        recipients=("Les mêmes que l'accompagnement.",),
        retention=_retention_accompaniment,
        security=("accounts", "scoping", "throttle", "https", "no_store", "logs", "erasure", "backups"),
    ),
    Processing(
        key="ambassadeurs",
        name="Réseau des ambassadeurs",
        purpose="Animer le réseau des habitants qui parlent du territoire et accueillent les nouveaux arrivants : "
                "leur candidature et leur profil (commune, métier, parcours, langues, ce qu'ils partagent), leur "
                "lien de parrainage vers le formulaire de projet, les mises en relation avec les candidats à "
                "l'installation, et les chiffres du réseau.",
        legal_basis="Consentement (RGPD art. 6.1.a) de l'ambassadeur, donné sur la page d'inscription (le texte "
                    "accepté, sa version et la date sont enregistrés) ; il le retire en quittant le réseau depuis "
                    "son lien personnel, ce qui efface son profil. Pour le candidat venu par un lien de parrainage : "
                    "son accord, facultatif, pour que l'ambassadeur soit prévenu de son installation avec son "
                    "prénom et sa commune.",
        models=("crm.Contact", "ambassadors.Ambassador", "ambassadors.Referral"),
        people_note="Les habitants ambassadeurs, et les candidats venus par leur lien.",
        recipients=(
            "La coordination et les référents du réseau.",
            "Les candidats à l'installation à qui un référent propose une rencontre : prénom, commune, métier et "
            "ce que l'ambassadeur partage ; nom, e-mail et téléphone seulement s'ils acceptent la mise en "
            "relation (l'ambassadeur reçoit alors les leurs).",
        ),
        retention=lambda v: [
            "Tant que la personne est ambassadeur (approuvée) ; son profil est effacé dès qu'elle quitte le réseau.",
            f"En pause, retirée ou jamais approuvée : {v.show('PERSONAL_DATA_RETENTION_YEARS', 'years')} après sa "
            "dernière démarche (candidature, mise à jour du profil), puis anonymisée ; sans projet à renouveler, "
            "sans rappel préalable.",
        ],
        security=("accounts", "scoping", "throttle", "https", "no_store", "logs", "erasure", "backups"),
    ),
    Processing(
        key="temoignages",
        name="Témoignages de personnes installées",
        purpose="Publier, avec leur accord écrit, le récit de personnes installées sur le territoire (prénom ou "
                "pseudonyme, métier, foyer, région d'origine, intercommunalité, photo et vidéo facultatives), sur "
                "la page publique du réseau, et montrer aux candidats à l'installation, sur leur page de suivi et "
                "dans leur kit, les deux récits les plus proches de leur projet.",
        legal_basis="Consentement écrit (RGPD art. 6.1.a) de la personne qui témoigne : sa date, le texte signé et "
                    "l'agent qui l'a enregistré sont conservés ; la personne le retire à tout moment, le "
                    "témoignage est alors retiré aussitôt de toutes les pages et des kits produits ensuite.",
        models=("testimonials.Testimonial", "testimonials.TestimonialEvent"),
        recipients=(
            "Le public (la page des témoignages du réseau), pendant la période de publication choisie.",
            "Les candidats à l'installation dont le projet ressemble au récit (page de suivi, kit).",
            "La coordination du réseau, qui les enregistre et les modère.",
        ),
        retention=lambda v: [
            "Publié pendant la période convenue avec la personne.",
            "Effacé un an après le retrait de l'accord, l'archivage ou la fin de la période de publication "
            "(purge quotidienne) ; aussitôt sur demande de la personne.",
        ],
        security=("accounts", "scoping", "https", "logs", "erasure", "backups"),
    ),
    Processing(
        key="e-mails",
        name="Envoi des e-mails",
        purpose="Écrire aux personnes (confirmation de dépôt, lien de suivi, kit, transfert) et à l'équipe "
                "(alertes, récapitulatif quotidien), chaque e-mail une seule fois, depuis l'expéditeur du réseau.",
        legal_basis="Celle du traitement qui cause l'e-mail (consentement, art. 6.1.a, pour l'accompagnement ; "
                    "sécurité et gestion des comptes pour l'équipe).",
        models=("crm.OutboxEmail",),
        recipients=(
            "Le destinataire de chaque e-mail.",
            "Le prestataire d'envoi des e-mails (sous-traitant, ci-dessous).",
        ),
        retention=lambda v: [
            f"Une ligne d'envoi est supprimée {v.show('OUTBOX_RETENTION_DAYS', 'days')} après son envoi ou son "
            "abandon, et aussitôt quand la personne est effacée.",
        ],
        security=("outbox", "smtp_tls", "logs", "erasure"),
        sensitive="Aucune.",
    ),
    Processing(
        key="rapports",
        name="Rapports du comité de pilotage",
        purpose="Mesurer le dispositif : projets par étape, conversions, délais, sources, salons, installations "
                "au regard de l'objectif annuel, charge des référents, motifs d'abandon ; tableaux, graphiques, "
                "exports et PDF pour le comité de pilotage ; comptes par réseau pour le niveau régional.",
        legal_basis=BASIS_PUBLIC_TASK + " Les rapports ne contiennent que des agrégats anonymes.",
        models=("reports.ReportTarget", "reports.ReportPdf"),
        other_data=("Calculés depuis le parcours des projets (étapes et dates, segment, besoins, territoire, "
                    "source) ; aucune donnée d'identité n'entre dans un rapport.",
                    "Charge des référents : nom du référent et nombre de projets (agents).",
                    "Demandes du PDF du comité : l'agent qui l'a demandé, ses filtres et le fichier (agents)."),
        people_note="Aucune personne accompagnée n'est identifiable dans un rapport ; les référents y figurent "
                    "par leur charge.",
        recipients=(
            "La coordination du réseau et le comité de pilotage (agrégats).",
            "Chaque référent pour ses propres projets.",
            "Le niveau régional : nombres par réseau et par mois seulement.",
        ),
        retention=lambda v: [
            "Agrégats anonymes : sans limite (ils ne sont pas des données personnelles).",
            "Ils se recalculent depuis les projets, dont les données personnelles suivent la durée de "
            "l'accompagnement.",
            f"Une demande de PDF et son fichier sont supprimés {v.show('REPORT_PDF_MAX_AGE_HOURS', 'hours')} "
            "après sa préparation.",
        ],
        security=("aggregates", "accounts", "scoping", "report_files", "no_store", "https"),
        sensitive="Aucune.",
    ),
    Processing(
        key="comptes-equipe",
        name="Comptes de l'équipe et fiches des référents",
        purpose="Donner à chaque agent et référent un accès personnel à l'espace de l'équipe, présenter le "
                "référent aux personnes qu'il accompagne, répartir les projets (équipes, capacités, absences).",
        legal_basis="Mission d'intérêt public (art. 6.1.e) : l'organisation du service ; pour les agents "
                    "des partenaires, la convention de partenariat.",
        basis_note="Choix du responsable de traitement : pour ses propres agents, il peut aussi s'appuyer sur "
                   "l'exécution du contrat ou du statut (gestion du personnel).",
        models=("auth.User", "crm.Referent", "crm.Absence", "crm.Team", "crm.Organisation", "sessions.Session",
                "auth.Group"),
        recipients=(
            "Les administrateurs de l'instance et la coordination du réseau.",
            "Les personnes accompagnées voient le nom, la fonction et le téléphone de leur référent.",
        ),
        retention=lambda v: [
            "Le temps des fonctions ; le compte est ensuite désactivé par un administrateur.",
            f"Sessions de connexion : {_session_age(v)}.",
        ],
        security=("accounts", "throttle", "https", "no_store", "logs", "backups"),
        sensitive="Aucune.",
    ),
    Processing(
        key="journaux-securite",
        name="Journaux de sécurité et traces des accès",
        purpose="Protéger les comptes et les données : tentatives de connexion (blocage après des échecs "
                "répétés), trace des modifications faites dans l'administration et des consultations des "
                "dossiers, pour détecter et comprendre un accès anormal.",
        legal_basis="Obligation légale (art. 6.1.c) : l'obligation de sécurité de l'art. 32 du RGPD (et, pour une "
                    "autorité administrative, le référentiel général de sécurité).",
        basis_note="Choix du responsable de traitement : certains retiennent plutôt la mission d'intérêt public "
                   "(art. 6.1.e) ; la finalité et les durées restent les mêmes. La CNIL recommande de garder "
                   "les journaux de 6 mois à 1 an.",
        models=("admin.LogEntry", "axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog", "crm.AccessLog"),
        other_data=("Adresse IP, identifiant de connexion et date des tentatives de connexion (django-axes).",),
        people_note="Les agents et référents, et toute personne qui tente de se connecter.",
        recipients=(
            "Les administrateurs de l'instance.",
            "La coordination du réseau pour les traces qui concernent ses dossiers.",
        ),
        retention=lambda v: [
            f"Tentatives de connexion : le temps du blocage ({v.show('LOGIN_COOLOFF_MINUTES', 'minutes')}) "
            "pour les échecs ; les connexions réussies ne sont pas journalisées.",
            f"Traces des consultations : {v.show('ACCESS_LOG_RETENTION_DAYS', 'days')}.",
            "Journal de l'administration : le nom des objets est effacé avec la personne ; qui a modifié quoi "
            "est gardé.",
        ],
        security=("accounts", "scoping", "https", "backups"),
        sensitive="Aucune.",
    ),
    Processing(
        key="droits-et-conservation",
        name="Exercice des droits et durées de conservation",
        purpose="Recevoir et traiter les demandes des personnes (accès, copie, rectification, effacement, "
                "opposition), garder la preuve qu'elles ont été traitées, et effacer les données à la fin de leur "
                "durée de conservation.",
        legal_basis="Obligation légale (art. 6.1.c) : les articles 12 à 22 du RGPD (droits des personnes) et "
                    "l'art. 5.1.e (limitation de la conservation).",
        models=("crm.PrivacyRequest", "crm.Contact", "privacy.DataExport", "onboarding.Consent"),
        recipients=(
            "La coordination du réseau, qui traite les demandes.",
            "Le délégué à la protection des données du réseau.",
        ),
        retention=lambda v: [
            "Le message de la personne est effacé avec elle ; la trace de la demande (type, dates, qui l'a "
            "traitée) est gardée comme preuve.",
            f"Purge quotidienne des dossiers sans contact venu de la personne depuis "
            f"{v.show('PERSONAL_DATA_RETENTION_YEARS', 'years')} et sans projet en cours, un mois au moins "
            f"après un e-mail lui demandant si elle souhaite continuer (un clic renouvelle son accord).",
        ],
        security=("accounts", "scoping", "https", "signed_links", "erasure", "logs", "backups"),
    ),
)


def _session_age(v):
    seconds = v.raw("SESSION_COOKIE_AGE")
    days = seconds // 86400 if seconds else 0
    text = f"{days} jours" if days > 1 else f"{seconds} secondes"
    return f"expirent après {text} (réglage `SESSION_COOKIE_AGE`)" if v.document else f"expirent après {text}"


# --- what the registry says ---------------------------------------------------------

def covered_labels():
    """Every model label some processing names."""
    return {label for processing in PROCESSINGS for label in processing.models}


def uncovered_declarations():
    """Declared registry entries that no processing covers: the register would miss them."""
    covered = covered_labels()
    return sorted({d.model._meta.label for d in declarations() if d.model._meta.label not in covered})


def unknown_labels():
    """Labels named by a processing that are no installed model (a typo, a model gone)."""
    unknown = []
    for label in sorted(covered_labels()):
        try:
            apps.get_model(label)
        except (LookupError, ValueError):
            unknown.append(label)
    return unknown


@dataclass
class DataCategory:
    title: str
    # The kind of person, when the processing concerns several.
    person: str
    fields: list


def _field_label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _registry_of(processing):
    labels = set(processing.models)
    return [d for d in declarations() if d.model._meta.label in labels]


def _people_of(processing, found):
    kinds = [kind for kind in PersonKind.values if any(d.person == kind for d in found)]
    labels = dict(PersonKind.choices)
    people = [str(labels[kind]) for kind in kinds]
    if processing.people_note:
        people.append(processing.people_note)
    return people


def _data_of(found):
    labels = dict(PersonKind.choices)
    several = len({d.person for d in found}) > 1
    categories = []
    for d in sorted(found, key=lambda d: (PersonKind.values.index(d.person), d.order, d.model._meta.label)):
        # The declaration's label speaks to the person ("Vos coordonnées"):
        # the register names the table.
        names = [*d.fields, *(name for name in d.context if name not in d.fields)]
        categories.append(DataCategory(
            title=f"{capfirst(d.model._meta.verbose_name_plural)} ({d.model._meta.label})",
            person=str(labels[d.person]) if several else "",
            fields=[_field_label(d.model, name) for name in names],
        ))
    return categories


# --- subprocessors -------------------------------------------------------------------

S3_BACKEND = "storages.backends.s3.S3Storage"


def subprocessors(values):
    """Who handles the data on the controller's behalf (art. 28), as the
    settings say; what they cannot say is a placeholder."""
    hosting = ("Hébergement de l'instance (serveur, base de données, sauvegardes) : "
               "[hébergeur, lieu d'hébergement et contrat : à compléter par le responsable de traitement]")
    if values.document:
        email = ("Envoi des e-mails : le serveur SMTP configuré (réglage `EMAIL_HOST`) "
                 "[prestataire et contrat : à compléter par le responsable de traitement]")
        storage = ("Stockage des kits : le disque du serveur ; ou, si un stockage S3 est configuré (réglages "
                   "`AWS_STORAGE_BUCKET_NAME`, `AWS_S3_ENDPOINT_URL`, `AWS_S3_REGION_NAME`), ce prestataire "
                   "[prestataire et contrat : à compléter par le responsable de traitement]")
    else:
        email = (f"Envoi des e-mails : le serveur SMTP {settings.EMAIL_HOST} "
                 "[prestataire et contrat : à compléter par le responsable de traitement]")
        default = settings.STORAGES.get("default", {})
        if default.get("BACKEND") == S3_BACKEND:
            options = default.get("OPTIONS", {})
            where = ", ".join(str(part) for part in (options.get("endpoint_url"), options.get("region_name"))
                              if part) or "AWS"
            storage = (f"Stockage des kits : stockage objet S3 ({where}, compartiment "
                       f"{options.get('bucket_name', '')}) "
                       "[prestataire et contrat : à compléter par le responsable de traitement]")
        else:
            storage = "Stockage des kits : le disque du serveur de l'instance (pas de prestataire en plus)."
    return [hosting, email, storage]


TRANSFERS = "Aucun transfert de données hors de l'Union européenne."


# --- the register, ready to show -----------------------------------------------------

@dataclass
class ProcessingEntry:
    key: str
    name: str
    purpose: str
    legal_basis: str
    basis_note: str
    people: list
    data: list
    other_data: list
    sensitive: str
    recipients: list
    retention: list
    security: list
    models: list = field(default_factory=list)


@dataclass
class Register:
    controller: str
    dpo: str
    programme: str
    processings: list
    subprocessors: list
    transfers: str = TRANSFERS


def register_entries(values):
    measures = _security(values)
    entries = []
    for processing in PROCESSINGS:
        found = _registry_of(processing)
        entries.append(ProcessingEntry(
            key=processing.key, name=processing.name, purpose=processing.purpose,
            legal_basis=processing.legal_basis, basis_note=processing.basis_note,
            people=_people_of(processing, found), data=_data_of(found), other_data=list(processing.other_data),
            sensitive=processing.sensitive, recipients=list(processing.recipients),
            retention=list(processing.retention(values)), security=[measures[key] for key in processing.security],
            models=list(processing.models),
        ))
    return entries


def register_for(network):
    """The register as a network's coordinators see it: its controller and
    DPO, this instance's settings."""
    values = Values(document=False)
    return Register(
        controller=network.data_controller.strip(), dpo=network.dpo_contact.strip(), programme=str(network),
        processings=register_entries(values), subprocessors=subprocessors(values),
    )


def register_document():
    """The register as the repository's copy holds it: placeholders, defaults."""
    values = Values(document=True)
    return Register(
        controller=CONTROLLER_PLACEHOLDER, dpo=DPO_PLACEHOLDER, programme="[programme du réseau]",
        processings=register_entries(values), subprocessors=subprocessors(values),
    )


# --- the Markdown copy ---------------------------------------------------------------

MARKDOWN_PATH = "docs/registre-des-traitements.md"
NOT_DECLARED = "[aucune entrée déclarée au registre des données personnelles]"


def _bullets(items, empty="Aucun."):
    return [f"- {item}" for item in items] or [f"- {empty}"]


def register_markdown():
    """docs/registre-des-traitements.md, generated (privacy_register --write)."""
    register = register_document()
    lines = [
        "# Registre des activités de traitement",
        "",
        "<!-- Généré par `python manage.py privacy_register --write` depuis privacy/register.py : "
        "ne pas modifier à la main. -->",
        "",
        "Registre prévu par l'article 30 du RGPD, pour chaque réseau (programme) servi par l'application. Chaque "
        "coordination en lit la version remplie avec son responsable de traitement, son délégué à la protection "
        "des données et les réglages de l'instance sur la page « Registre des traitements » de l'espace équipe "
        "(`/equipe/registre-des-traitements/`), imprimable. Cette copie donne les valeurs par défaut des réglages.",
        "",
        "## Responsable de traitement",
        "",
        f"- Programme : {register.programme}",
        f"- Responsable de traitement : {register.controller}",
        f"- Délégué à la protection des données : {register.dpo}",
        "",
        "## Sous-traitants",
        "",
        *_bullets(register.subprocessors),
        "",
        "## Transferts hors de l'Union européenne",
        "",
        register.transfers,
        "",
        "## Traitements",
        "",
    ]
    for number, entry in enumerate(register.processings, start=1):
        lines += [f"### {number}. {entry.name}", "", "**Finalité.** " + entry.purpose, "",
                  "**Base légale.** " + entry.legal_basis, ""]
        if entry.basis_note:
            lines += [entry.basis_note, ""]
        lines += ["**Personnes concernées.**", "", *_bullets(entry.people, NOT_DECLARED), "",
                  "**Catégories de données** (registre des données personnelles, `crm/personal_data.py`).", ""]
        for category in entry.data:
            about = f" – {category.person.lower()}" if category.person else ""
            lines.append(f"- {category.title}{about} : {', '.join(category.fields)}")
        lines += [f"- {item}" for item in entry.other_data]
        if not entry.data and not entry.other_data:
            lines.append(f"- {NOT_DECLARED}")
        lines += ["", f"Données sensibles : {entry.sensitive}", "",
                  "**Destinataires.**", "", *_bullets(entry.recipients), "",
                  "**Durées de conservation.**", "", *_bullets(entry.retention), "",
                  "**Mesures de sécurité.**", "", *_bullets(entry.security), "",
                  "Tables couvertes : " + ", ".join(f"`{label}`" for label in entry.models), ""]
    return "\n".join(lines)
