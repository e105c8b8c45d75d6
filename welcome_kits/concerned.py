"""Which done kits an edit of what kits show concerns: reads only.

A kit shows rows that staff edit in the admin: content blocks and their
sections, service points, partner contacts (agencies included), the
network's brand, the segment's and needs' names, the referent's card and
organisation, the territory's names. Each done kit records the ids of those
it showed (`Kit.facts`, rendering.kit_facts); `KIT_SUBJECTS` says, for each
model, under which key, and which of its fields a kit prints.

The projects an edit concerns are those whose current kit (their latest
done one) shows the row, found in the database from the facts, plus those
whose kit would show it now though it did not (`entering`: a block or a
partner whose scope now fits, a service point moved near; for the keys
kits did not always record, the projects tied to the row). A deleted row
concerns only the kits that showed it.
"""

import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery

from crm.models import Commune, Departement, Epci, Need, Network, Organisation, Referent, Segment
from onboarding.location import project_commune
from welcome_kits.models import ContentBlock, Kit, KitSection, PartnerContact, ServicePoint
from welcome_kits.selectors import (
    SERVICES_RADIUS_KM,
    distance_km_expression,
    kit_profile,
    kit_sections_for,
    partners_for,
    services_near,
)


@dataclass(frozen=True)
class KitSubject:
    """A kind of row kits show: the key of its id(s) in `Kit.facts`
    (`many`: a list of ids), the fields a kit prints (an edit of any other
    changes no kit; empty: every field), and how to find the projects
    whose kit would show rows it does not show yet."""

    key: str
    many: bool = False
    fields: tuple = ()
    entering: Callable | None = None


def _projects():
    from onboarding.models import Project

    return Project.objects


def current_kits():
    """Each project's latest done kit: the one its links serve."""
    latest = (
        Kit.objects.filter(project_id=OuterRef("project_id"), status=Kit.Status.DONE)
        .order_by("-finished_at", "-pk").values("pk")[:1]
    )
    return Kit.objects.filter(status=Kit.Status.DONE, pk=Subquery(latest))


def _with_kit(projects):
    return projects.filter(pk__in=Kit.objects.filter(status=Kit.Status.DONE).values("project_id"))


def _showing(subject, ids):
    path = f"facts__{subject.key}"
    if subject.many:
        shows = functools.reduce(operator.or_, (Q(**{f"{path}__contains": [pk]}) for pk in ids))
    else:
        shows = Q(**{f"{path}__in": list(ids)})
    return current_kits().filter(shows)


def _blocks_entering(ids):
    """Published blocks that apply now to a project whose kit lacks them."""
    ids = set(ContentBlock.objects.filter(pk__in=ids, is_active=True, section__is_active=True)
                  .values_list("pk", flat=True))
    if not ids:
        return set()
    showing = _showing(KIT_SUBJECTS[ContentBlock._meta.label], ids).values("project_id")
    others = _with_kit(_projects().exclude(pk__in=showing)).select_related(
        "contact", "target_commune", "installed_commune", "target_epci")
    return {project.pk for project in others
            if any(block.pk in ids for chosen in kit_sections_for(project) for block in chosen.blocks)}


def _sections_entering(ids):
    return _blocks_entering(ContentBlock.objects.filter(section_id__in=ids).values_list("pk", flat=True))


def _services_entering(ids):
    """Active points that are now among the nearest of a kit's commune: the
    communes within reach of each are found in the database, then each of
    them (not each project) is asked which points its kits list."""
    points = list(ServicePoint.objects.filter(pk__in=ids, is_active=True).values_list("latitude", "longitude"))
    if not points:
        return set()
    near = functools.reduce(operator.or_, (
        Q(pk__in=Commune.objects.filter(latitude__isnull=False, longitude__isnull=False)
          .annotate(distance_km=distance_km_expression(lat, lon)).filter(distance_km__lte=SERVICES_RADIUS_KM)
          .values("pk"))
        for lat, lon in points
    ))
    kits = current_kits().filter(facts__commune__in=list(Commune.objects.filter(near).values_list("pk", flat=True)))
    by_commune = {}
    for project_id, commune_id in kits.values_list("project_id", "facts__commune"):
        by_commune.setdefault(commune_id, set()).add(project_id)
    concerned = set()
    for commune in Commune.objects.filter(pk__in=by_commune):
        if any(point.pk in ids for _value, _label, listed in services_near(commune) for point in listed):
            concerned |= by_commune[commune.pk]
    return concerned


def _partners_entering(ids):
    """Active partners that a kit would list now: the candidates share a
    need and the network with one of them (found in the database), then
    the kit's own rule (territory, nearest agency) decides."""
    partners = list(PartnerContact.objects.filter(pk__in=ids, is_active=True).prefetch_related("needs"))
    if not partners:
        return set()
    candidates = _with_kit(_projects().filter(needs__in={need.pk for p in partners for need in p.needs.all()}))
    networks = {partner.network_id for partner in partners}
    if None not in networks:
        candidates = candidates.filter(network_id__in=networks)
    concerned = set()
    for project in candidates.distinct().select_related("contact", "target_commune", "installed_commune",
                                                        "target_epci"):
        needs = list(project.needs.order_by("position", "name"))
        listed = partners_for(kit_profile(project), needs, project_commune(project))
        if any(partner.pk in ids for _need, shown in listed for partner in shown):
            concerned.add(project.pk)
    return concerned


def _tied(lookup):
    """Projects whose current relations reach the rows: their next kit shows them."""
    return lambda ids: set(_with_kit(_projects().filter(**{f"{lookup}__in": ids})).values_list("pk", flat=True))


BRAND_FIELDS = ("programme", "welcome_to", "tagline", "primary_colour", "accent_colour")

KIT_SUBJECTS = {
    model._meta.label: subject for model, subject in (
        (ContentBlock, KitSubject("blocks", many=True, entering=_blocks_entering)),
        (KitSection, KitSubject("sections", many=True, fields=("title", "position", "is_active"),
                                entering=_sections_entering)),
        (ServicePoint, KitSubject("services", many=True, entering=_services_entering)),
        (PartnerContact, KitSubject("partners", many=True, entering=_partners_entering)),
        # The cover: the network's programme, wording and colours.
        (Network, KitSubject("network", fields=BRAND_FIELDS, entering=_tied("network"))),
        (Segment, KitSubject("segment", fields=("name",), entering=_tied("segment"))),
        (Need, KitSubject("needs", many=True, fields=("name", "position"), entering=_tied("needs"))),
        # The referent's card: their title, phone and organisation's name.
        (Organisation, KitSubject("organisation", fields=("name",), entering=_tied("referent__organisation"))),
        # Kits have recorded these since they first recorded facts: no need to look further.
        (Referent, KitSubject("referent", fields=("title", "phone", "organisation"))),
        (Departement, KitSubject("departement", fields=("name",))),
        (Epci, KitSubject("epci", fields=("name",))),
        (Commune, KitSubject("commune", fields=("name", "epci"))),
    )
}


def kit_subject(model):
    """The KitSubject of a model, or None if kits show none of its rows."""
    return KIT_SUBJECTS.get(model._meta.label)


def projects_concerned(model, ids):
    """Ids of the projects with a done kit that an edit (or the deletion) of
    these rows concerns: their current kit shows one, or would show one now."""
    subject = KIT_SUBJECTS[model._meta.label]
    ids = set(ids)
    if not ids:
        return set()
    concerned = set(_showing(subject, ids).values_list("project_id", flat=True))
    if subject.entering is not None:
        concerned |= subject.entering(ids)
    return concerned
