"""Transition conditions as small named predicates.

Each carries a French `label` so that a refused transition can say which
condition is missing instead of showing a dead button.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def condition(label):
    def decorate(func):
        func.label = label
        return func

    return decorate


@condition(_("un segment (cible) doit être choisi"))
def has_segment(project):
    return project.segment_id is not None


@condition(_("au moins un besoin doit être renseigné"))
def has_need(project):
    return project.pk is not None and project.needs.exists()


@condition(_("un territoire visé (EPCI ou commune) doit être renseigné"))
def has_target_territory(project):
    return project.target_epci_id is not None or project.target_commune_id is not None


@condition(_("une commune d'installation visée doit être renseignée"))
def has_target_commune(project):
    return project.target_commune_id is not None


@condition(_("une date d'emménagement prévue doit être renseignée"))
def has_move_date(project):
    return project.move_date is not None


@condition(_("la commune d'installation doit être renseignée"))
def has_installation_commune(project):
    return project.installed_commune_id is not None


@condition(_("la date d'installation doit être renseignée"))
def has_installation_date(project):
    return project.installed_on is not None


@condition(_("la date d'installation ne peut pas être dans le futur"))
def installation_date_not_in_future(project):
    return project.installed_on is None or project.installed_on <= timezone.localdate()


@condition(_("un échange de suivi doit être enregistré après la date d'installation"))
def has_follow_up_after_installation(project):
    if project.installed_on is None or project.pk is None:
        return False
    return project.interactions.filter(happened_at__date__gt=project.installed_on).exists()


@condition(_("le motif de la pause doit être renseigné"))
def has_pause_reason(project):
    return bool(project.pause_reason.strip())


@condition(_("le motif d'abandon doit être choisi"))
def has_abandon_reason(project):
    return bool(project.abandon_reason)


@condition(_("un projet clos parce que les données de la personne ont été effacées ne peut pas être rouvert"))
def not_closed_on_erasure(project):
    from onboarding.states import ERASED

    return project.abandon_reason != ERASED


@condition(_("un projet transféré à un autre réseau ne peut pas être rouvert : ce réseau le suit désormais"))
def not_closed_on_transfer(project):
    from onboarding.states import TRANSFERRED

    return project.abandon_reason != TRANSFERRED


@condition(_("le motif de non-recevabilité doit être choisi"))
def has_reject_reason(project):
    return bool(project.reject_reason)


@condition(_("un doublon doit désigner le projet qu'il double (un autre projet)"))
def duplicate_names_original(project):
    from onboarding.states import RejectReason

    if project.reject_reason != RejectReason.DUPLICATE:
        return True
    return project.duplicate_of_id is not None and project.duplicate_of_id != project.pk
