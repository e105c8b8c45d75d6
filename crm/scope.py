"""Rows of the account's networks: the one rule every admin list, choice and
staff page applies (crm.access.networks_of says which networks; this says
how each table reaches one).

Everything here narrows a queryset with a subquery on the membership table,
never with a list of ids read first: no extra query, and no duplicate rows
from a join on a many-to-many. A superuser sees every row. A table that no
network owns (communes, needs, segments...) is shared and left whole.
"""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q

from crm.models import Network


def _everything(user):
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def my_network_ids(user):
    """A subquery: the ids of the networks `user` works for."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Network.objects.none().values("pk")
    return Network.members.through.objects.filter(user_id=user.pk).values("network_id")


def in_networks_of(queryset, user, lookup="network", *, shared=False):
    """Rows whose `lookup` (a foreign key path to crm.Network) is one of the
    user's networks; `shared`: rows with no network too (shared with all)."""
    if _everything(user):
        return queryset
    condition = Q(**{f"{lookup}__in": my_network_ids(user)})
    if shared:
        condition |= Q(**{f"{lookup}__isnull": True})
    return queryset.filter(condition)


def member_of_networks_of(user, user_ref="user_id"):
    """An Exists(): the account at `user_ref` (an OuterRef path) works for one
    of `user`'s networks."""
    return Exists(
        Network.members.through.objects.filter(user_id=OuterRef(user_ref), network_id__in=my_network_ids(user))
    )


def staff_of_networks_of(queryset, user, user_ref="user_id"):
    """Accounts (or referent profiles: `user_ref`) who work for one of the user's networks."""
    if _everything(user):
        return queryset
    return queryset.filter(member_of_networks_of(user, user_ref))


def _outbox(queryset, user):
    project = apps.get_model("onboarding", "Project")
    contact = apps.get_model("crm", "Contact")
    return queryset.filter(
        Q(project_id__in=in_networks_of(project.objects.all(), user).values("pk"))
        | Q(contact_id__in=in_networks_of(contact.objects.all(), user).values("pk"))
    )


def _team(queryset, user):
    referent = apps.get_model("crm", "Referent")
    members = referent.teams.through.objects.filter(team_id=OuterRef("pk")).filter(
        member_of_networks_of(user, "referent__user_id")
    )
    return queryset.filter(Q(organisation__network__in=my_network_ids(user)) | Exists(members))


def _access_log(queryset, user):
    # A project's read belongs to the project's network; a list or an export
    # (no network: it spans the reader's networks) to the networks its reader
    # works for.
    return queryset.filter(
        Q(network__in=my_network_ids(user)) | (Q(network__isnull=True) & member_of_networks_of(user, "user_id"))
    )


def _by_path(lookup, **kwargs):
    return lambda queryset, user: in_networks_of(queryset, user, lookup, **kwargs)


# How each table reaches a network, by model label. Labels, not classes: the
# apps above crm register their own tables here without crm importing them.
SCOPES = {
    "crm.network": lambda queryset, user: queryset if _everything(user) else queryset.filter(
        pk__in=my_network_ids(user)),
    "auth.user": lambda queryset, user: staff_of_networks_of(queryset, user, "pk"),
    "crm.referent": lambda queryset, user: staff_of_networks_of(queryset, user, "user_id"),
    "crm.absence": lambda queryset, user: staff_of_networks_of(queryset, user, "referent__user_id"),
    "crm.team": lambda queryset, user: queryset if _everything(user) else _team(queryset, user),
    "crm.contact": _by_path("network"),
    "crm.privacyrequest": _by_path("contact__network"),
    "crm.consenttext": _by_path("network", shared=True),
    "crm.event": _by_path("network", shared=True),
    "crm.organisation": _by_path("network", shared=True),
    "crm.outboxemail": lambda queryset, user: queryset if _everything(user) else _outbox(queryset, user),
    "crm.accesslog": lambda queryset, user: queryset if _everything(user) else _access_log(queryset, user),
    "onboarding.project": _by_path("network"),
    "onboarding.routingrule": _by_path("network", shared=True),
    "onboarding.routingdecision": _by_path("project__network"),
    "onboarding.interaction": _by_path("project__network"),
    "onboarding.task": _by_path("project__network"),
    "onboarding.detailchange": _by_path("contact__network"),
    "onboarding.projecttransition": _by_path("project__network"),
    "onboarding.consent": _by_path("project__network"),
    "onboarding.retentionmonth": _by_path("network"),
    # A transfer is both sides' business: the sending and the receiving network.
    "onboarding.projecttransfer": lambda queryset, user: queryset if _everything(user) else queryset.filter(
        Q(from_network__in=my_network_ids(user)) | Q(to_network__in=my_network_ids(user))),
    "api.apitoken": _by_path("network"),
    "api.leadreceipt": _by_path("project__network"),
    "api.idempotencykey": _by_path("token__network"),
}


def scope_register(label, scope):
    """Another app's table: `scope(queryset, user)` narrows it to the user's networks."""
    SCOPES[label.lower()] = scope


def scoped(queryset, user):
    """`queryset` narrowed to the rows of the user's networks; a shared table whole."""
    scope = SCOPES.get(queryset.model._meta.label_lower)
    return queryset if scope is None else scope(queryset, user)
