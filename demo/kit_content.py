"""Demo content for the Lot and the Lot-et-Garonne, so that demo projects get
real-looking kits. Names of bodies and places are real; phone numbers,
addresses and e-mails are illustrative and must be checked before real use.

`kit_content_seed` is idempotent: it updates what it created before (found
by title, organisation or name) and never deletes what coordinators added.
"""

from dataclasses import dataclass, field

from django.db import transaction

from crm.models import Commune, Departement, Epci, Need, Network, Segment
from welcome_kits.models import ContentBlock, KitSection, PartnerContact, ServicePoint

H = ContentBlock.Household


@dataclass(frozen=True)
class Block:
    title: str
    body: str
    segments: tuple = ()
    needs: tuple = ()
    household: str = H.ANY
    departements: tuple = ()  # INSEE codes
    epcis: tuple = ()  # SIREN
    position: int = 100
    promises: str = ""  # a ServicePoint category the text sends the reader to (left out if none is near)


@dataclass(frozen=True)
class Section:
    title: str
    position: int
    blocks: tuple = field(default_factory=tuple)


SECTIONS = (
    Section("Bienvenue dans le Lot", 10, (
        Block("Le Lot en quelques mots", departements=("46",), position=10, body="""\
Entre Quercy et Ségala, le Lot compte **174 000 habitants** répartis dans plus de 300 communes.
Cahors, Figeac, Gourdon, Souillac et Saint-Céré concentrent les services ; partout ailleurs, des
villages vivants, des marchés toute l'année et une vie associative très riche.

Le Département, les intercommunalités et les chambres consulaires portent ensemble le programme
**Oh my Lot !** : un réseau de référents accueil vous accompagne avant, pendant et après votre
installation."""),
        Block("Le réseau des ambassadeurs", departements=("46",), position=20, body="""\
Près de 400 **ambassadeurs** – Lotois de toujours ou néo-Lotois – partagent leurs bonnes adresses
et vous ouvrent leur carnet. Demandez à votre référent·e accueil de vous mettre en relation avec
un ambassadeur de votre future commune."""),
    )),
    Section("Bienvenue en Lot-et-Garonne", 11, (
        Block("Le Lot-et-Garonne en quelques mots", departements=("47",), position=10, body="""\
Entre Bordeaux et Toulouse, le Lot-et-Garonne réunit **330 000 habitants** autour d'Agen, de
Villeneuve-sur-Lot, de Marmande et de Nérac. Vergers, vallées du Lot et de la Garonne, bastides :
un territoire où la nature, la solidarité et l'innovation se vivent au quotidien.

Le Département accompagne les familles, les professionnels de santé, les jeunes et les
saisonniers qui choisissent de s'y installer."""),
    )),
    Section("Trouver un logement", 20, (
        Block("Louer : les bons réflexes", needs=("logement-location",), position=10, body="""\
- Les annonces circulent aussi **hors des sites nationaux** : mairies, agences locales, bouche-à-oreille.
- L'**ADIL** vous conseille gratuitement sur le bail, les charges et les aides (APL, garantie Visale).
- Les **bailleurs sociaux** attribuent des logements à loyer modéré : la demande se fait en ligne sur
  demande-logement-social.gouv.fr, un seul dossier pour tout le département."""),
        Block("Acheter ou faire construire", needs=("logement-achat",), position=20, body="""\
Les prix restent très inférieurs à ceux des métropoles, mais varient beaucoup d'une vallée à l'autre.
Avant de signer :

1. faites le point sur votre financement avec l'**ADIL** (prêt à taux zéro, aides locales) ;
2. consultez le **plan local d'urbanisme** en mairie ;
3. pour une maison ancienne, renseignez-vous sur les aides à la rénovation énergétique
   (MaPrimeRénov', guichet France Rénov' de votre intercommunalité)."""),
        Block("Se loger le temps de chercher", needs=("logement-temporaire",), position=30, body="""\
Pour vos premiers mois : gîtes en location de moyenne durée hors saison, résidences **Habitat Jeunes**
pour les moins de 30 ans, logements des communes réservés aux nouveaux arrivants. Votre référent·e
accueil connaît les solutions disponibles près de votre future commune."""),
    )),
    Section("Scolariser vos enfants", 30, (
        Block("Inscrire vos enfants à l'école", household=H.SCHOOL_AGE, position=10, body="""\
L'inscription à l'**école maternelle ou élémentaire** se fait d'abord à la mairie de votre commune
(livret de famille, justificatif de domicile, carnet de vaccinations), puis auprès du directeur de
l'école. Beaucoup de villages fonctionnent en **regroupement pédagogique** : la mairie vous indique
l'école de votre secteur et le transport scolaire.

Pour le **collège** et le **lycée**, contactez directement l'établissement de secteur ; le certificat
de radiation de l'ancien établissement vous sera demandé."""),
        Block("Faire garder les tout-petits", household=H.YOUNG_CHILDREN, position=20, body="""\
Crèches et micro-crèches, assistantes maternelles, maisons d'assistantes maternelles (MAM) : le
**Relais Petite Enfance** (RPE) de votre intercommunalité tient la liste des places disponibles et
vous aide dans vos démarches d'employeur. Les demandes de place en crèche se font **plusieurs mois
à l'avance** : contactez le relais dès que votre commune est choisie.

Le site **monenfant.fr** (CAF) recense tous les modes d'accueil et simule leur coût."""),
        Block("Transports scolaires dans le Lot", household=H.SCHOOL_AGE, departements=("46",), position=30,
              body="""\
Les cars scolaires sont organisés par la **Région Occitanie (réseau liO)** : l'inscription se fait
en ligne avant l'été, gratuite pour les élèves domiciliés à plus de 3 km de leur établissement."""),
        Block("Transports scolaires en Lot-et-Garonne", household=H.SCHOOL_AGE, departements=("47",),
              position=30, body="""\
Les transports scolaires sont organisés par la **Région Nouvelle-Aquitaine** (dans l'Agglomération
d'Agen, par le réseau urbain). Inscription en ligne avant le 15 juillet pour la rentrée."""),
    )),
    Section("Trouver un emploi", 40, (
        Block("Les offres du territoire", needs=("emploi",), position=10, body="""\
De nombreuses entreprises du territoire peinent à recruter, dans l'industrie (mécanique,
aéronautique autour de Figeac), le bâtiment, le soin et l'agroalimentaire. Inscrivez-vous à
**France Travail** avec votre future adresse : votre conseiller aura accès aux offres locales et aux
recrutements qui ne sont pas publiés."""),
        Block("Votre conjoint cherche aussi un emploi", household=H.PARTNER_SEEKS_JOB, position=20, body="""\
L'emploi du conjoint est souvent ce qui décide d'une installation : dites-le à votre référent·e
accueil. Il ou elle transmet le CV de votre conjoint aux réseaux d'entreprises et aux partenaires de
l'emploi, et vous signale les **job datings** organisés sur le territoire."""),
        Block("Oh my Lot ! accompagne l'emploi du conjoint", needs=("emploi-conjoint",), departements=("46",),
              position=30, body="""\
Le Lot a fait de l'**emploi du conjoint** une priorité de son plan d'attractivité : un
accompagnement personnalisé est proposé aux conjoints des salariés recrutés par les entreprises
lotoises, en lien avec les clubs d'entreprises."""),
    )),
    Section("Reprendre une entreprise", 50, (
        Block("Reprendre ou créer : par où commencer", needs=("creation-reprise",), position=10, body="""\
Commerces, entreprises artisanales, hôtels-restaurants : de nombreuses activités **rentables** sont à
reprendre dans les années qui viennent. Les chambres consulaires tiennent les bourses d'opportunités
et vous accompagnent de l'étude de marché au financement :

- la **CCI** pour le commerce, les services et l'hôtellerie ;
- la **Chambre de métiers et de l'artisanat** pour l'artisanat et les métiers de bouche ;
- le réseau **Initiative** pour les prêts d'honneur sans intérêt ni garantie."""),
        Block("Les aides à la reprise", needs=("creation-reprise",), position=20, body="""\
Prêt d'honneur, aides de la Région (Occitanie ou Nouvelle-Aquitaine selon le département), ACRE
pour les demandeurs d'emploi, dispositifs des intercommunalités pour le dernier commerce d'un
village : votre conseiller consulaire fait le tour des aides avec vous avant le rendez-vous avec la
banque."""),
    )),
    Section("S'installer en agriculture", 55, (
        Block("Le Point Accueil Installation", needs=("installation-agricole",), position=10, body="""\
Toute installation agricole commence au **Point Accueil Installation** de la Chambre
d'agriculture : un premier entretien gratuit, le plan de professionnalisation personnalisé, puis
l'accès à la dotation jeune agriculteur si vous avez moins de 40 ans. Le **répertoire départ
installation** recense les fermes à reprendre."""),
    )),
    Section("S'installer comme professionnel de santé", 60, (
        Block("Les aides à l'installation", segments=("sante",), position=10, body="""\
Médecins, infirmiers, kinésithérapeutes, dentistes : le territoire vous accompagne. Selon la zone,
vous pouvez bénéficier des **contrats d'aide à l'installation** de l'Assurance maladie, d'aides des
collectivités (locaux, logement pendant les remplacements) et d'un accompagnement par le guichet
unique de l'**Agence régionale de santé**."""),
        Block("Exercer en maison de santé", segments=("sante",), position=20, body="""\
Les **maisons de santé pluriprofessionnelles** se sont multipliées : exercice coordonné, secrétariat
partagé, temps médical préservé. Votre référent·e vous met en relation avec les équipes qui
recrutent et avec la **CPTS** (communauté professionnelle territoriale de santé) de votre secteur."""),
        Block("Stages et remplacements", segments=("sante",), position=30, body="""\
Vous êtes interne ou remplaçant ? Des **logements dédiés** sont proposés près des hôpitaux de
Cahors, Figeac, Agen et Villeneuve-sur-Lot, et les maîtres de stage du territoire accueillent
volontiers : c'est la meilleure façon de découvrir votre futur lieu d'exercice."""),
    )),
    Section("Se soigner", 65, (
        Block("Trouver un médecin traitant", needs=("sante",), position=10, body="""\
Dans certains secteurs, les médecins ne prennent plus de nouveaux patients : anticipez. Votre
référent·e accueil connaît les maisons de santé qui accueillent les nouveaux arrivants, et la
**CPAM** peut vous aider à trouver un médecin traitant si vous n'en trouvez pas seul."""),
    )),
    Section("Télétravailler", 70, (
        Block("Travailler à distance", needs=("teletravail",), position=10, promises="coworking", body="""\
La fibre est déployée dans la quasi-totalité des deux départements. Pour rompre l'isolement et
séparer vie pro et vie perso, les **tiers-lieux et espaces de coworking** proposent des postes à la
journée ou au mois, des salles de visio et une communauté d'indépendants : vous trouverez les plus
proches dans ce kit, rubrique « Les services près de chez vous »."""),
    )),
    Section("Se déplacer", 75, (
        Block("Le train et le car dans le Lot", needs=("mobilite",), departements=("46",), position=10, body="""\
La ligne **Paris–Orléans–Limoges–Toulouse** dessert Souillac, Gourdon et Cahors ; Figeac est
reliée à Toulouse, Brive et Aurillac. Les cars **liO** complètent le réseau, et le transport à la
demande fonctionne dans la plupart des intercommunalités."""),
        Block("Le train et le car en Lot-et-Garonne", needs=("mobilite",), departements=("47",), position=10,
              body="""\
Agen et Marmande sont sur la ligne **Bordeaux–Toulouse** (Agen est à 1 h de Bordeaux et de Toulouse
en train). Villeneuve-sur-Lot est reliée à Agen par car ; les agglomérations ont leur réseau de bus
urbain."""),
    )),
    Section("Vivre ici", 80, (
        Block("Associations, culture et sport", position=10, body="""\
Festivals d'été, saisons culturelles, clubs de rugby et de randonnée, marchés de producteurs : la
vie associative est le meilleur moyen de se faire des amis. Le forum des associations de la
rentrée, dans chaque bourg, est **le** rendez-vous des nouveaux arrivants."""),
        Block("Vous revenez au pays", segments=("jeune",), position=20, body="""\
Vous avez grandi ou étudié ici ? Le réseau des **jeunes ambassadeurs** et les missions locales vous
aident à retrouver un emploi et un logement, et à renouer avec ceux qui sont restés ou revenus."""),
    )),
)

# (organisation, contact, description, phone, email, website, needs, département, EPCI SIREN)
PARTNERS = (
    ("CCI du Lot", "Service création-transmission", "Bourse des commerces à reprendre, formation « 5 jours pour entreprendre »",
     "05 65 20 35 00", "transmission@lot.cci.fr", "https://www.lot.cci.fr", ("creation-reprise",), "46", ""),
    ("Chambre de métiers et de l'artisanat du Lot", "Pôle entreprises", "Reprise d'entreprises artisanales, immatriculation",
     "05 65 35 13 55", "entreprises@cma-lot.fr", "https://www.artisanat.fr", ("creation-reprise",), "46", ""),
    ("Initiative Lot", "", "Prêts d'honneur à taux zéro pour créer ou reprendre",
     "05 65 35 46 20", "contact@initiative-lot.fr", "https://www.initiative-france.fr", ("creation-reprise",), "46", ""),
    ("Chambre d'agriculture du Lot", "Point Accueil Installation", "Premier entretien, parcours à l'installation, fermes à reprendre",
     "05 65 23 22 21", "pai@lot.chambagri.fr", "https://lot.chambre-agriculture.fr", ("installation-agricole",), "46", ""),
    ("France Travail – agence de Cahors", "", "Offres d'emploi locales, accompagnement des conjoints",
     "3949", "", "https://www.francetravail.fr", ("emploi", "emploi-conjoint"), "46", ""),
    ("Oh my Lot ! – service accueil du Département", "", "Mise en relation avec les entreprises et les clubs d'entreprises",
     "05 65 53 40 00", "accueil@ohmylot.fr", "https://www.choisirlelot.fr", ("emploi-conjoint", "emploi"), "46", ""),
    ("ADIL du Lot", "", "Conseil juridique et financier gratuit sur le logement",
     "05 65 35 25 41", "contact@adil46.fr", "https://www.anil.org", ("logement-location", "logement-achat"), "46", ""),
    ("Habitat Jeunes du Grand Cahors", "", "Logements meublés pour les moins de 30 ans, de 1 à 24 mois",
     "05 65 35 64 71", "", "https://www.habitatjeunes.org", ("logement-temporaire",), "46", ""),
    ("Relais Petite Enfance du Grand-Figeac", "", "Liste des assistantes maternelles et places en crèche",
     "05 65 34 24 78", "rpe@grand-figeac.fr", "https://www.monenfant.fr", ("garde-ecole",), "46", "200067361"),
    ("Relais Petite Enfance du Grand Cahors", "", "Liste des assistantes maternelles et places en crèche",
     "05 65 20 88 50", "rpe@grandcahors.fr", "https://www.monenfant.fr", ("garde-ecole",), "46", "200023737"),
    ("Réseau des tiers-lieux du Lot", "", "Coworking, ateliers partagés, communauté de télétravailleurs",
     "05 65 53 43 00", "", "https://www.choisirlelot.fr", ("teletravail",), "46", ""),
    ("liO – transports de la Région Occitanie", "", "Cars, transport scolaire, transport à la demande",
     "0 806 800 802", "", "https://lio.laregion.fr", ("mobilite",), "46", ""),
    ("CPAM du Lot", "", "Aide pour trouver un médecin traitant",
     "3646", "", "https://www.ameli.fr", ("sante",), "46", ""),
    ("CCI de Lot-et-Garonne", "Espace entreprendre", "Transmission-reprise, accompagnement des repreneurs",
     "05 53 77 10 00", "entreprendre@cci47.fr", "https://www.cci47.fr", ("creation-reprise",), "47", ""),
    ("Chambre de métiers et de l'artisanat – Lot-et-Garonne", "", "Reprise d'entreprises artisanales",
     "05 53 77 47 77", "", "https://www.artisanat-nouvelleaquitaine.fr", ("creation-reprise",), "47", ""),
    ("Chambre d'agriculture de Lot-et-Garonne", "Point Accueil Installation", "Parcours à l'installation, arboriculture, maraîchage",
     "05 53 77 83 83", "", "https://lot-et-garonne.chambre-agriculture.fr", ("installation-agricole",), "47", ""),
    ("France Travail – agence d'Agen", "", "Offres d'emploi locales, job datings",
     "3949", "", "https://www.francetravail.fr", ("emploi", "emploi-conjoint"), "47", ""),
    ("France Travail – agence de Figeac", "", "Offres d'emploi locales, accompagnement des conjoints",
     "3949", "", "https://www.francetravail.fr", ("emploi", "emploi-conjoint"), "46", ""),
    ("France Travail – agence de Villeneuve-sur-Lot", "", "Offres d'emploi locales, job datings",
     "3949", "", "https://www.francetravail.fr", ("emploi", "emploi-conjoint"), "47", ""),
    ("ADIL de Lot-et-Garonne", "", "Conseil juridique et financier gratuit sur le logement",
     "05 53 98 22 56", "", "https://www.anil.org", ("logement-location", "logement-achat", "logement-temporaire"), "47", ""),
    ("Relais Petite Enfance de l'Agglomération d'Agen", "", "Modes de garde, places disponibles",
     "05 53 69 46 30", "", "https://www.monenfant.fr", ("garde-ecole",), "47", "200096956"),
    ("CPAM de Lot-et-Garonne", "", "Aide pour trouver un médecin traitant",
     "3646", "", "https://www.ameli.fr", ("sante",), "47", ""),
    ("Mon Enfant (CAF)", "", "Tous les modes d'accueil du jeune enfant, simulateur de coût",
     "", "", "https://www.monenfant.fr", ("garde-ecole",), "", ""),
)

# Agencies of one network: a kit gives only the nearest (organisation: (network, commune INSEE)).
AGENCIES = {
    "France Travail – agence de Cahors": ("France Travail", "46042"),
    "France Travail – agence de Figeac": ("France Travail", "46102"),
    "France Travail – agence d'Agen": ("France Travail", "47001"),
    "France Travail – agence de Villeneuve-sur-Lot": ("France Travail", "47323"),
}

S = ServicePoint.Category
# (commune INSEE, category, name, address, Δlat, Δlon, phone)
SERVICE_POINTS = (
    ("46042", S.STATION, "Gare de Cahors", "Place Jouinot-Gambetta", 0.0035, -0.0095, "3635"),
    ("46042", S.FRANCE_SERVICES, "France Services du Grand Cahors", "72 rue Wilson", 0.0012, 0.0021, "05 65 20 89 00"),
    ("46042", S.HEALTH, "Centre hospitalier Jean-Rougier", "335 rue du Président-Wilson", 0.0021, 0.0043, "05 65 20 50 50"),
    ("46042", S.HEALTH, "Maison de santé de Cahors-Sud", "Avenue Jean-Jaurès", -0.0105, 0.0030, "05 65 22 14 10"),
    ("46042", S.SCHOOL, "École élémentaire Lucie-Aubrac", "Rue des Augustins", 0.0030, 0.0012, "05 65 35 06 91"),
    ("46042", S.SCHOOL, "Collège Gambetta", "Boulevard Gambetta", 0.0008, -0.0006, "05 65 35 23 60"),
    ("46042", S.CHILDCARE, "Multi-accueil Les Petits Cadurciens", "Quai Cavaignac", -0.0020, 0.0035, "05 65 20 88 51"),
    ("46042", S.COWORKING, "Tiers-lieu Le Grand Bain", "Rue Saint-Géry", 0.0040, 0.0010, ""),
    ("46102", S.STATION, "Gare de Figeac", "Avenue Georges-Pompidou", -0.0050, -0.0040, "3635"),
    ("46102", S.FRANCE_SERVICES, "France Services de Figeac", "Place Vival", 0.0015, 0.0010, "05 65 34 01 20"),
    ("46102", S.HEALTH, "Centre hospitalier de Figeac", "33 rue des Carmes", 0.0025, -0.0020, "05 65 50 65 65"),
    ("46102", S.HEALTH, "Maison de santé du Grand-Figeac", "Avenue de Nayrac", -0.0030, 0.0060, "05 65 34 77 10"),
    ("46102", S.SCHOOL, "École Louis-Barrié", "Rue Émile-Zola", 0.0010, 0.0030, "05 65 34 15 42"),
    ("46102", S.SCHOOL, "Collège Léo-Ferré", "Avenue Jean-Jaurès", -0.0018, -0.0012, "05 65 34 06 32"),
    ("46102", S.CHILDCARE, "Crèche Les Lucioles", "Chemin du Pin", 0.0040, 0.0050, "05 65 34 24 79"),
    ("46102", S.COWORKING, "Coworking La Fabrique du Grand-Figeac", "Rue de la Pintre", 0.0005, -0.0030, ""),
    ("46127", S.STATION, "Gare de Gourdon", "Avenue de la Gare", -0.0045, 0.0060, "3635"),
    ("46127", S.FRANCE_SERVICES, "France Services Quercy-Bouriane", "Boulevard des Martyrs", 0.0010, 0.0005, "05 65 27 52 50"),
    ("46127", S.HEALTH, "Centre hospitalier Jean-Coulon", "Boulevard de la Madeleine", 0.0020, -0.0030, "05 65 27 65 00"),
    ("46127", S.SCHOOL, "École du Mont-Saint-Jean", "Rue du Mont-Saint-Jean", -0.0012, 0.0014, "05 65 41 05 71"),
    ("46127", S.CHILDCARE, "Micro-crèche Les P'tits Bouriannais", "Route de Salviac", 0.0035, -0.0015, ""),
    ("46309", S.STATION, "Gare de Souillac", "Avenue Martin-Malvy", 0.0020, -0.0060, "3635"),
    ("46309", S.FRANCE_SERVICES, "France Services de Souillac", "Boulevard Louis-Jean-Malvy", 0.0005, 0.0012, "05 65 32 71 00"),
    ("46309", S.HEALTH, "Maison de santé de Souillac", "Rue de la Halle", -0.0010, 0.0020, "05 65 37 80 40"),
    ("46309", S.SCHOOL, "École de Souillac", "Place de l'Abbaye", 0.0008, 0.0004, ""),
    ("46309", S.COWORKING, "Tiers-lieu L'Escale", "Avenue de Toulouse", -0.0025, -0.0010, ""),
    ("46128", S.FRANCE_SERVICES, "France Services de Gramat", "Place de la République", 0.0006, 0.0008, "05 65 38 70 41"),
    ("46128", S.HEALTH, "Maison de santé du Causse", "Avenue Louis-Mazet", -0.0015, 0.0025, "05 65 10 62 80"),
    ("46128", S.CHILDCARE, "Crèche Les Caussenards", "Rue du Stade", 0.0022, -0.0018, ""),
    ("46251", S.HEALTH, "Centre hospitalier de Saint-Céré", "Avenue Jean-Moulin", 0.0030, 0.0020, "05 65 10 40 40"),
    ("46251", S.FRANCE_SERVICES, "France Services de Saint-Céré", "Place de la République", 0.0002, -0.0008, "05 65 38 11 00"),
    ("46251", S.SCHOOL, "Collège Jean-Lurçat", "Rue Pasteur", -0.0020, 0.0015, ""),
    ("47001", S.STATION, "Gare d'Agen", "Boulevard Sylvain-Dumon", -0.0010, -0.0050, "3635"),
    ("47001", S.FRANCE_SERVICES, "France Services d'Agen", "Rue Lamouroux", 0.0012, 0.0025, "05 53 69 48 00"),
    ("47001", S.HEALTH, "Centre hospitalier d'Agen-Nérac", "Route de Villeneuve", 0.0150, 0.0120, "05 53 69 70 71"),
    ("47001", S.HEALTH, "Maison de santé de Montanou", "Rue de Montanou", -0.0070, 0.0090, "05 53 48 12 30"),
    ("47001", S.SCHOOL, "École Édouard-Lacour", "Rue Lacour", 0.0025, 0.0005, "05 53 66 20 10"),
    ("47001", S.SCHOOL, "Collège Joseph-Chaumié", "Avenue Jean-Jaurès", -0.0030, 0.0045, "05 53 47 10 50"),
    ("47001", S.CHILDCARE, "Multi-accueil Les Pruneaux", "Rue Voltaire", 0.0040, -0.0020, "05 53 69 46 31"),
    ("47001", S.COWORKING, "Coworking Le Quai", "Quai du Docteur-Calabet", 0.0010, -0.0060, ""),
    ("47323", S.FRANCE_SERVICES, "France Services du Grand Villeneuvois", "Boulevard de la Marine", 0.0010, 0.0015, "05 53 41 80 00"),
    ("47323", S.HEALTH, "Pôle de santé du Villeneuvois", "Route de Cahors", 0.0130, 0.0200, "05 53 72 23 23"),
    ("47323", S.SCHOOL, "École Jules-Ferry", "Rue de Penne", -0.0015, 0.0022, ""),
    ("47323", S.CHILDCARE, "Crèche Les Gavroches", "Avenue d'Agen", -0.0040, -0.0025, "05 53 40 49 00"),
    ("47323", S.COWORKING, "La Ruche villeneuvoise", "Rue de Paris", 0.0020, 0.0005, ""),
    ("47157", S.STATION, "Gare de Marmande", "Place de la Gare", -0.0025, 0.0040, "3635"),
    ("47157", S.FRANCE_SERVICES, "France Services Val de Garonne", "Place du Marché", 0.0008, -0.0006, "05 53 64 40 00"),
    ("47157", S.HEALTH, "Centre hospitalier de Marmande", "76 rue du Docteur-Courret", 0.0040, 0.0030, "05 53 20 30 40"),
    ("47157", S.SCHOOL, "École Jean-Moulin", "Rue Jean-Moulin", -0.0012, -0.0018, ""),
    ("47157", S.CHILDCARE, "Multi-accueil Les Tomates Cerises", "Avenue Jean-Jaurès", 0.0025, -0.0030, ""),
    ("47195", S.FRANCE_SERVICES, "France Services d'Albret", "Rue Gambetta", 0.0006, 0.0010, "05 53 65 53 00"),
    ("47195", S.HEALTH, "Maison de santé du Pays d'Albret", "Avenue du Général-de-Gaulle", -0.0020, 0.0025, ""),
)

FS_HOURS = "Du lundi au vendredi, 9 h – 12 h 30 et 13 h 30 – 17 h"
PHARMACY_HOURS = "Du lundi au samedi, 9 h – 12 h 30 et 14 h – 19 h 30"
# The map's other layers, with hours and links: (INSEE, category, name, address, Δlat, Δlon, phone, hours, website)
MAP_POINTS = (
    ("46042", S.PHARMACY, "Pharmacie du Boulevard", "Boulevard Gambetta", 0.0018, -0.0009, "05 65 35 01 12", PHARMACY_HOURS, ""),
    ("46042", S.TRANSPORT, "Gare routière de Cahors (cars liO)", "Place Charles-de-Gaulle", 0.0028, -0.0070, "0 800 31 31 31",
     "Du lundi au samedi, départs de 6 h 30 à 19 h", "https://lio.laregion.fr"),
    ("46042", S.SHOP, "Marché de Cahors", "Place Jean-Jacques-Chapou", 0.0015, 0.0008, "", "Mercredi et samedi matin", ""),
    ("46042", S.WELCOME_OFFICE, "Accueil des nouveaux arrivants – Département du Lot", "Avenue de l'Europe", -0.0060, 0.0050,
     "05 65 53 40 00", "Du lundi au vendredi, 9 h – 17 h, sur rendez-vous", "https://www.choisirlelot.fr"),
    ("46102", S.PHARMACY, "Pharmacie de la Halle", "Place Carnot", 0.0008, 0.0004, "05 65 34 10 87", PHARMACY_HOURS, ""),
    ("46102", S.WELCOME_OFFICE, "Maison de l'accueil du Grand-Figeac", "Place Vival", 0.0016, 0.0012, "05 65 11 47 00",
     "Du mardi au vendredi, 9 h – 12 h 30 et 14 h – 17 h 30", ""),
    ("46102", S.SHOP, "Marché de Figeac", "Place Carnot", 0.0009, 0.0002, "", "Samedi matin", ""),
    ("12052", S.STATION, "Gare de Capdenac", "Avenue Albert-Thomas", -0.0010, 0.0025, "3635", "", ""),
    ("12052", S.HEALTH, "Maison de santé de Capdenac-Gare", "Rue Jean-Jaurès", 0.0012, -0.0010, "05 65 64 70 30", "", ""),
    ("12052", S.FRANCE_SERVICES, "France Services de Capdenac-Gare", "Place du 14-Juillet", 0.0004, 0.0006, "05 65 80 88 88",
     FS_HOURS, ""),
    ("46225", S.HEALTH, "Maison de santé de Prayssac", "Avenue de la Gare", 0.0010, 0.0020, "05 65 22 40 15", "", ""),
    ("46231", S.FRANCE_SERVICES, "France Services de Puy-l'Évêque", "Place de la Truffière", 0.0005, 0.0005, "05 65 36 00 00",
     FS_HOURS, ""),
    ("46148", S.COWORKING, "Tiers-lieu de Lalbenque", "Place de la Bascule", 0.0005, -0.0005, "", "Du lundi au vendredi, 8 h 30 – 18 h", ""),
    ("46201", S.PHARMACY, "Pharmacie de Montcuq", "Rue de la Promenade", 0.0006, 0.0003, "05 65 31 80 21", PHARMACY_HOURS, ""),
    ("46240", S.TRANSPORT, "Transport à la demande Causses et Vallée de la Dordogne", "Place de l'Europe", 0.0010, 0.0010,
     "05 65 33 81 36", "Sur réservation la veille avant 17 h", ""),
    ("47001", S.PHARMACY, "Pharmacie du Pin", "Boulevard de la République", 0.0010, 0.0015, "05 53 66 14 18", PHARMACY_HOURS, ""),
    ("47001", S.HOSPITAL, "Clinique Esquirol-Saint-Hilaire", "1 rue du Docteur-Delmas", 0.0060, -0.0080, "05 53 48 47 47", "", ""),
    ("47001", S.TRANSPORT, "Tempo, réseau de bus de l'Agglomération d'Agen", "Boulevard Sylvain-Dumon", -0.0008, -0.0045,
     "05 53 48 90 10", "Du lundi au samedi, 6 h 30 – 20 h", ""),
    ("47001", S.WELCOME_OFFICE, "Accueil des nouveaux arrivants – Lot-et-Garonne", "Hôtel du Département, 1633 avenue du Général-Leclerc",
     -0.0120, 0.0110, "05 53 69 40 00", "Du lundi au vendredi, 9 h – 17 h, sur rendez-vous", ""),
    ("47001", S.SHOP, "Marché du Pin", "Place du Pin", 0.0014, 0.0018, "", "Samedi matin", ""),
    ("47106", S.FRANCE_SERVICES, "France Services de Fumel", "Place Georges-Escande", 0.0006, 0.0004, "05 53 40 46 70", FS_HOURS, ""),
    ("47106", S.HEALTH, "Maison de santé de Fumel", "Avenue de l'Usine", -0.0020, 0.0015, "05 53 71 34 34", "", ""),
    ("47310", S.STATION, "Gare de Tonneins", "Avenue de la Gare", -0.0015, 0.0030, "3635", "", ""),
    ("47310", S.PHARMACY, "Pharmacie de Tonneins", "Cours de l'Yser", 0.0004, 0.0006, "05 53 79 01 24", PHARMACY_HOURS, ""),
    ("47052", S.HEALTH, "Centre hospitalier de Casteljaloux", "Route de Mont-de-Marsan", -0.0030, -0.0040, "05 53 20 17 17", "", ""),
    ("47052", S.COWORKING, "Tiers-lieu des Landes de Gascogne", "Rue Gambetta", 0.0006, 0.0004, "", "", ""),
    ("47157", S.SHOP, "Marché de Marmande", "Place du Marché", 0.0009, -0.0004, "", "Samedi matin", ""),
)
# Hours for the France Services of SERVICE_POINTS (a label the kit and the map show).
FRANCE_SERVICES_HOURS = FS_HOURS

# (département, programme, welcome to, tagline, primary, accent)
BRANDING = (
    ("46", "Oh my Lot !", "dans le Lot", "Le Lot, producteur d'opportunités personnelles et professionnelles", "#7a1f3d", "#f4b942"),
    ("47", "Vivre en Lot-et-Garonne", "en Lot-et-Garonne", "Entre Bordeaux et Toulouse : nature, solidarité, innovation", "#1f5f4f", "#f08a24"),
)

# The kit in English (README, "Languages"): every section title, and some of
# the blocks only, so that the demo also shows the French fallback and its note.
SECTION_TITLES_EN = {
    "Bienvenue dans le Lot": "Welcome to the Lot",
    "Bienvenue en Lot-et-Garonne": "Welcome to the Lot-et-Garonne",
    "Trouver un logement": "Finding a home",
    "Scolariser vos enfants": "Schooling your children",
    "Trouver un emploi": "Finding a job",
    "Reprendre une entreprise": "Taking over a business",
    "S'installer en agriculture": "Setting up in farming",
    "S'installer comme professionnel de santé": "Setting up as a health professional",
    "Se soigner": "Health care",
    "Télétravailler": "Working remotely",
    "Se déplacer": "Getting around",
    "Vivre ici": "Living here",
}
BLOCKS_EN = {
    "Le Lot en quelques mots": ("The Lot in a few words", """\
Between Quercy and Ségala, the Lot has **174,000 inhabitants** in more than 300 communes.
Cahors, Figeac, Gourdon, Souillac and Saint-Céré gather the services; everywhere else, lively
villages, markets all year round and a very rich community life.

The Département, the intercommunalities and the chambers of commerce, trades and agriculture run
the **Oh my Lot !** programme together: a network of welcome advisers supports you before, during
and after your move."""),
    "Le Lot-et-Garonne en quelques mots": ("The Lot-et-Garonne in a few words", """\
Between Bordeaux and Toulouse, the Lot-et-Garonne has **330,000 inhabitants** around Agen,
Villeneuve-sur-Lot, Marmande and Nérac. Orchards, the Lot and Garonne valleys, bastide towns: an
area where nature, solidarity and innovation are part of everyday life."""),
    "Louer : les bons réflexes": ("Renting: good habits", """\
- Offers also circulate **outside the national websites**: town halls, local agencies, word of mouth.
- The **ADIL** gives free advice on the lease, the charges and the aids (APL, Visale guarantee).
- **Social landlords** allocate homes at moderate rents: apply online at
  demande-logement-social.gouv.fr, one file for the whole département."""),
    "Inscrire vos enfants à l'école": ("Enrolling your children at school", """\
Enrolment at **nursery or primary school** starts at the town hall of your commune (family record
book, proof of address, vaccination record), then with the school's head teacher. Many villages
share their schools (**regroupement pédagogique**): the town hall tells you your area's school and
the school bus.

For **lower and upper secondary school**, contact the school for your area directly."""),
    "Les offres du territoire": ("Jobs in the area", """\
Many local companies struggle to recruit, in industry (mechanics, aeronautics around Figeac),
building, care and food processing. Register with **France Travail** (the public employment service)
with your future address: your adviser there will see the local offers and the unpublished ones."""),
}
# The programmes' wording in English (their cover and public pages).
BRANDING_EN = {
    "46": ("in the Lot", "The Lot, a land of personal and professional opportunities"),
    "47": ("in the Lot-et-Garonne", "Between Bordeaux and Toulouse: nature, solidarity, innovation"),
}


def _by_code(model, key, codes):
    return list(model.objects.filter(**{f"{key}__in": [c for c in codes if c]}))


@transaction.atomic
def kit_content_seed():
    """Create or update the demo content; return counts of what it holds."""
    counts = {"sections": 0, "blocks": 0, "partners": 0, "service_points": 0, "skipped_service_points": 0}
    for position, section in enumerate(SECTIONS):
        kit_section, _ = KitSection.objects.update_or_create(
            title=section.title, defaults={"position": section.position or position,
                                           "title_en": SECTION_TITLES_EN.get(section.title, "")}
        )
        counts["sections"] += 1
        for spec in section.blocks:
            block, _ = ContentBlock.objects.update_or_create(
                section=kit_section, title=spec.title,
                defaults={"body": spec.body, "household": spec.household, "position": spec.position,
                          "promises": spec.promises, "title_en": BLOCKS_EN.get(spec.title, ("", ""))[0],
                          "body_en": BLOCKS_EN.get(spec.title, ("", ""))[1]},
            )
            block.segments.set(_by_code(Segment, "code", spec.segments))
            block.needs.set(_by_code(Need, "code", spec.needs))
            block.departements.set(_by_code(Departement, "code", spec.departements))
            block.epcis.set(_by_code(Epci, "siren", spec.epcis))
            counts["blocks"] += 1

    departements = {d.code: d for d in Departement.objects.all()}
    epcis = {e.siren: e for e in Epci.objects.all()}
    for position, (org, who, what, phone, email, web, needs, dep, epci) in enumerate(PARTNERS):
        partner, _ = PartnerContact.objects.update_or_create(
            organisation=org,
            defaults={
                "contact_name": who, "description": what, "phone": phone, "email": email, "website": web,
                "departement": departements.get(dep), "epci": epcis.get(epci), "position": 10 + position,
            },
        )
        partner.needs.set(_by_code(Need, "code", needs))
        if org in AGENCIES:
            agency_of, insee = AGENCIES[org]
            PartnerContact.objects.filter(pk=partner.pk).update(
                agency_of=agency_of, commune=Commune.objects.filter(insee=insee).first())
        counts["partners"] += 1

    rows = [
        (*row, FRANCE_SERVICES_HOURS if row[1] == S.FRANCE_SERVICES else "", "") for row in SERVICE_POINTS
    ] + list(MAP_POINTS)
    communes = {c.insee: c for c in Commune.objects.filter(insee__in={row[0] for row in rows})}
    for insee, category, name, address, dlat, dlon, phone, hours, website in rows:
        commune = communes.get(insee)
        if commune is None or commune.latitude is None:
            counts["skipped_service_points"] += 1  # territories not loaded (yet)
            continue
        ServicePoint.objects.update_or_create(
            name=name, commune=commune,
            defaults={
                "category": category, "address": address, "phone": phone, "hours": hours, "website": website,
                "latitude": round(float(commune.latitude) + dlat, 5),
                "longitude": round(float(commune.longitude) + dlon, 5),
            },
        )
        counts["service_points"] += 1

    for code, programme, welcome_to, tagline, primary, accent in BRANDING:
        if code in departements:
            # The kit's brand is its network's (the network of the département).
            welcome_to_en, tagline_en = BRANDING_EN.get(code, ("", ""))
            Network.objects.filter(departements=departements[code]).update(
                programme=programme, welcome_to=welcome_to, tagline=tagline, primary_colour=primary, accent_colour=accent,
                welcome_to_en=welcome_to_en, tagline_en=tagline_en,
            )
    return counts
