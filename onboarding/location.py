"""Where a project is: one rule, stored on the project.

The commune of installation once known, else the commune aimed at, else the
intercommunality aimed at. The result is denormalised on `Project.epci` and
`Project.departement` (indexed) by `project_locate`, which every service that
changes a commune or a target calls before it saves; lists, the API, reports,
routing and the digest read those two columns and nothing else.
"""

from crm.models import Commune, Epci


def place_of(*, installed_commune=None, target_commune=None, target_epci=None):
    """(epci_id, departement_id) for these places, by the rule above; each may be
    a model instance or None."""
    commune = installed_commune or target_commune
    if isinstance(commune, Commune):
        return commune.epci_id, commune.departement_id
    if isinstance(target_epci, Epci):
        return target_epci.pk, target_epci.departement_id
    return None, None


def project_commune(project):
    """The commune the project is in by the same rule (None before one is known)."""
    return project.installed_commune if project.installed_commune_id else (
        project.target_commune if project.target_commune_id else None
    )


def place_label(project):
    """The place's name for lists and e-mails: the commune, else the EPCI, else ""."""
    commune = project_commune(project)
    if commune is not None:
        return commune.name
    return project.target_epci.name if project.target_epci_id else ""


def project_locate(project):
    """Set `project.epci_id` and `project.departement_id` from its communes and
    target (unsaved); returns the names of the fields that changed."""
    epci_id, departement_id = place_of(
        installed_commune=project.installed_commune if project.installed_commune_id else None,
        target_commune=project.target_commune if project.target_commune_id else None,
        target_epci=project.target_epci if project.target_epci_id else None,
    )
    changed = [name for name, value in (("epci", epci_id), ("departement", departement_id))
               if getattr(project, f"{name}_id") != value]
    project.epci_id, project.departement_id = epci_id, departement_id
    return changed
