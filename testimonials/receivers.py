"""How testimonials plug into the pages and the registries (connected in apps.ready)."""

from django.utils.translation import gettext_lazy as _l

from crm.personal_data import PersonKind, personal_data
from crm.scope import in_networks_of, scope_register
from onboarding.extensions import Section, register_section
from testimonials.models import Testimonial, TestimonialEvent
from testimonials.selectors import testimonials_for_project
from testimonials.services import testimonials_erase

# The prospect's page and the kit show this many; the staff page a longer list.
SHOWN_TO_PROSPECT = 2
SHOWN_TO_STAFF = 10


def project_section(project):
    """The staff project page: the stories that resemble the project, with why."""
    return Section("testimonials/_project_section.html",
                   {"matches": testimonials_for_project(project, limit=SHOWN_TO_STAFF),
                    "network_slug": project.network.slug if project.network_id else ""})


def tracking_section(project):
    """The prospect's tracking page: the two closest stories, without the staff's reasons."""
    matches = testimonials_for_project(project, limit=SHOWN_TO_PROSPECT)
    if not matches:
        return None
    return Section("testimonials/_tracking_section.html",
                   {"testimonials": [m.testimonial for m in matches], "network_slug": project.network.slug})


def kit_section(project):
    """The kit, when it is generated: the two closest stories then."""
    matches = testimonials_for_project(project, limit=SHOWN_TO_PROSPECT)
    if not matches:
        return None
    return Section("testimonials/_kit_section.html", {"testimonials": [m.testimonial for m in matches]})


def testimonial_export(rows, person):
    return [
        {"shown_name": row.shown_name, "text": row.text, "text_en": row.text_en, "occupation": row.occupation,
         "household": row.get_household_display(), "former_region": row.get_former_region_display(),
         "epci": str(row.epci) if row.epci_id else "", "video_url": row.video_url, "photo": bool(row.photo),
         "status": row.get_status_display(), "consent_given_on": row.consent_given_on.isoformat(),
         "consent_wording": row.consent_wording,
         "consent_withdrawn_at": row.consent_withdrawn_at.isoformat() if row.consent_withdrawn_at else None,
         "published_from": row.published_from.isoformat(),
         "published_until": row.published_until.isoformat() if row.published_until else None}
        for row in rows.select_related("epci").order_by("pk")
    ]


def declare_personal_data():
    personal_data(
        Testimonial, person=PersonKind.TESTIMONIAL, subject="pk",
        fields=("shown_name", "text", "text_en", "photo", "video_url", "occupation", "consent_wording"),
        context=("household", "former_region", "epci", "status", "consent_given_on", "consent_withdrawn_at",
                 "published_from", "published_until"),
        erase=testimonials_erase, export=testimonial_export,
        purpose=_l("Publier, avec votre accord écrit, le récit de votre installation pour les personnes qui "
                   "envisagent la même"),
        retention=_l("Tant que le témoignage est publié ; effacé un an après le retrait de votre accord, "
                     "son archivage ou la fin de sa période de publication"),
        label=_l("Votre témoignage"),
    )
    personal_data(
        TestimonialEvent, person=PersonKind.TESTIMONIAL, subject="testimonial", fields=("note",),
        context=("at", "action", "from_status", "to_status"), erase="blank",
        purpose=_l("Garder trace de qui a publié, archivé ou dépublié votre témoignage"),
        retention=_l("Avec le témoignage"), label=_l("L'historique de votre témoignage"), order=90,
    )


def connect():
    register_section("project_page", project_section)
    register_section("tracking_page", tracking_section)
    register_section("welcome_kit", kit_section)
    scope_register("testimonials.testimonial", lambda rows, user: in_networks_of(rows, user, "network"))
    scope_register("testimonials.testimonialevent",
                   lambda rows, user: in_networks_of(rows, user, "testimonial__network"))
    declare_personal_data()
