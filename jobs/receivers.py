"""How jobs plugs into the pages and the registries (connected in apps.ready)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from crm.personal_data import PersonKind, personal_data
from crm.personal_data_declared import ACCOMPANIMENT, RETENTION_3Y
from jobs.models import PinnedOffer
from jobs.offers import Status, offers_for_project
from jobs.sources import job_source
from onboarding.extensions import Section, register_section, register_timeline_provider
from onboarding.timeline import TimelineEntry


def _pinned(project):
    return list(PinnedOffer.objects.filter(project=project).select_related("pinned_by"))


def _examples():
    return job_source().name == "exemple"


def project_section(project):
    """The staff project page: offers near the target for each occupation, the ones proposed."""
    pinned = _pinned(project)
    searches = offers_for_project(project, pinned)
    return Section("jobs/_project_section.html", {
        "project_id": project.pk, "pinned": pinned, "searches": searches, "examples": _examples(),
        "pending": any(search["found"].status == Status.PENDING for search in searches),
    })


def tracking_section(project):
    """The prospect's tracking page: the offers proposed to them, and a live search near their target."""
    pinned = _pinned(project)
    return Section("jobs/_tracking_section.html",
                   {"pinned": pinned, "searches": offers_for_project(project, pinned), "examples": _examples()})


def kit_section(project):
    """The kit: the offers proposed when it is generated; nothing when none was."""
    pinned = _pinned(project)
    if not pinned:
        return None
    return Section("jobs/_kit_section.html", {"pinned": pinned})


def offers_history(project):
    """Every offer proposed, in the project's history (one query)."""
    return [
        TimelineEntry(
            at=row.pinned_at, kind="job_offer",
            title=_("Offre d'emploi proposée (%(whom)s) : %(title)s") % {"whom": row.get_for_whom_display(),
                                                                          "title": row.title},
            body=" · ".join(part for part in (row.employer, row.commune, row.contract) if part),
            by=(row.pinned_by.get_full_name() or row.pinned_by.get_username()) if row.pinned_by else "",
        )
        for row in _pinned(project)
    ]


def pinned_export(rows, person):
    return [{"proposed_at": row.pinned_at.isoformat(), "for": row.get_for_whom_display(), "title": row.title,
             "employer": row.employer, "commune": row.commune, "url": row.url}
            for row in rows.order_by("pinned_at", "pk")]


def declare_personal_data():
    # Which offers were proposed says what the person looks for: it goes with them.
    personal_data(
        PinnedOffer, person=PersonKind.PROSPECT, subject="project__contact",
        fields=("offer_id", "title", "employer", "commune", "contract", "url"), context=("pinned_at", "for_whom"),
        erase="delete", export=pinned_export, purpose=ACCOMPANIMENT, retention=RETENTION_3Y,
        label=_l("Les offres d'emploi qui vous ont été proposées"),
    )


def connect():
    register_timeline_provider(offers_history)
    register_section("project_page", project_section)
    register_section("tracking_page", tracking_section)
    register_section("welcome_kit", kit_section)
    declare_personal_data()
