"""Where a project is: one rule, stored on the project.

The commune of installation once known, else the commune aimed at, else the
intercommunality aimed at. The result is denormalised on `Project.epci` and
`Project.departement` (indexed) by `project_locate`, which every service that
changes a commune or a target calls before it saves; lists, the API, reports,
routing and the digest read those two columns and nothing else.
"""

from crm.models import Network


def place(*, installed_commune=None, target_commune=None, target_epci=None):
    """The rule itself: (commune, None) when a commune is known (installation
    first), else (None, the EPCI aimed at), else (None, None)."""
    commune = installed_commune or target_commune
    return (commune, None) if commune is not None else (None, target_epci)


def project_place(project):
    """`place` for a project's own fields (reads only the relations it has)."""
    return place(
        installed_commune=project.installed_commune if project.installed_commune_id else None,
        target_commune=project.target_commune if project.target_commune_id else None,
        target_epci=project.target_epci if project.target_epci_id else None,
    )


def project_commune(project):
    """The commune the project is in (None before one is known)."""
    return project_place(project)[0]


def place_label(project):
    """The place's name for lists and e-mails: the commune, else the EPCI, else ""."""
    commune, epci = project_place(project)
    return (commune or epci).name if (commune or epci) else ""


def project_locate(project):
    """Set `project.epci_id` and `project.departement_id` from its communes and
    target (unsaved); returns the names of the fields that changed."""
    commune, epci = project_place(project)
    where = commune or epci
    epci_id = commune.epci_id if commune else (epci.pk if epci else None)
    departement_id = where.departement_id if where else None
    changed = [name for name, value in (("epci", epci_id), ("departement", departement_id))
               if getattr(project, f"{name}_id") != value]
    project.epci_id, project.departement_id = epci_id, departement_id
    return changed


def network_for(*, departement_id=None, given=None):
    """The network a project belongs to: the active network of its
    département when the territory is known, else the network whose form it
    came through (`given`), else the instance's only network. None when
    none of these answers (an instance with several networks and a project
    with neither territory nor form)."""
    if departement_id is not None:
        found = Network.objects.filter(is_active=True, departements=departement_id).order_by("pk").first()
        if found is not None:
            return found
    if given is not None:
        return given
    networks = list(Network.objects.filter(is_active=True).order_by("pk")[:2])
    return networks[0] if len(networks) == 1 else None
