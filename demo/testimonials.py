"""Demo testimonials: a few stories for each département, made through the
services (published, with a consent recorded by the network's coordinator).
Idempotent: a story already there (same network and name) is left as it is."""

import datetime

from django.utils import timezone

from crm.models import Epci, Need, Segment
from testimonials.models import Testimonial, TestimonialEvent
from testimonials.services import testimonial_create, testimonial_transition

CONSENT = ("J'autorise le service d'accueil à publier mon témoignage (prénom ou pseudonyme, métier, texte) sur son "
           "site et dans les kits de bienvenue pendant deux ans ; je peux retirer cet accord à tout moment. "
           "(Formulaire de consentement, version 2026-1.)")

# (département, shown name, occupation, household, former region, segment, needs, EPCI SIREN, text)
STORIES = [
    ("46", "Léa", "Infirmière", "children", "11", "sante", ["emploi", "garde-ecole"], "200067361",
     "Infirmière à l'hôpital de Figeac depuis 2024. Nous avons quitté Montreuil avec nos deux enfants : l'école est "
     "à cinq minutes à pied et mon conjoint a trouvé un poste grâce au référent."),
    ("46", "Thomas", "Développeur", "couple", "84", "seconde-vie", ["teletravail", "logement-achat"], "200023737",
     "Je travaille à distance pour une entreprise lyonnaise, trois jours par semaine au tiers-lieu de Cahors. Nous "
     "avons acheté une maison au bord du Lot ; la fibre est arrivée avant nous."),
    ("46", "Sophie", "Boulangère", "children", "53", "seconde-vie", ["creation-reprise", "logement-location"],
     "200066371",
     "Nous avons repris la boulangerie d'un village de la vallée de la Dordogne. La CMA nous a aidés pour le "
     "prêt, la mairie pour le logement au-dessus du fournil."),
    ("46", "Karim", "Médecin généraliste", "alone", "76", "talent", ["emploi", "logement-temporaire"], "200039519",
     "Remplaçant à Toulouse, je me suis installé à Montcuq dans la maison de santé. Le logement de passage m'a "
     "laissé le temps de choisir."),
    ("47", "Julie", "Aide-soignante", "children", "75", "famille", ["emploi", "garde-ecole"], "200030674",
     "Venue de Bordeaux avec mes trois enfants, je travaille à l'hôpital de Marmande. La crèche a trouvé une "
     "place en quinze jours."),
    ("47", "Marc", "Arboriculteur", "couple", "11", "seconde-vie", ["installation-agricole", "emploi-conjoint"],
     "200023307",
     "Ancien cadre en Île-de-France, j'ai repris un verger de pruniers près de Villeneuve-sur-Lot. Ma compagne, "
     "comptable, a trouvé un emploi à Agen."),
    ("47", "Inès", "Ingénieure", "alone", "44", "talent", ["emploi", "mobilite"], "200096956",
     "Ingénieure qualité dans l'agroalimentaire à Agen. Le train pour Bordeaux et Toulouse me permet de garder "
     "mes attaches."),
]


def demo_testimonials(networks, coordinators):
    """`networks`: {département code: network}; `coordinators`: {network pk: user}. The number made."""
    made = 0
    today = timezone.localdate()
    segments = {s.code: s for s in Segment.objects.all()}
    epcis = {e.siren: e for e in Epci.objects.all()}
    for code, name, occupation, household, region, segment, needs, siren, text in STORIES:
        network = networks.get(code)
        if network is None or Testimonial.objects.filter(network=network, shown_name=name).exists():
            continue
        by = coordinators.get(network.pk)
        testimonial = testimonial_create(
            network=network, by=by, shown_name=name, occupation=occupation, household=household,
            former_region=region, segment=segments.get(segment), needs=Need.objects.filter(code__in=needs),
            epci=epcis.get(siren), text=text, consent_given_on=today - datetime.timedelta(days=40),
            consent_wording=CONSENT, published_from=today - datetime.timedelta(days=30),
            published_until=today + datetime.timedelta(days=700),
        )
        testimonial_transition(testimonial=testimonial, by=by, action=TestimonialEvent.Action.PUBLISH)
        made += 1
    return made
