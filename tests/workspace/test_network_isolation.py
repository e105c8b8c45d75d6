"""Cross-network IDOR: a Lot account asking for a Lot-et-Garonne object by
its id gets exactly the answer of an id that exists nowhere, on every
id-taking address (read from the URL resolver, so a new address is swept
as soon as it exists), every admin change page, every API endpoint."""

import json

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from crm.scope import scoped
from onboarding.transitions import TRANSITION_NAMES
from tests.network_world import *  # noqa: F403

MISSING = 2**31 - 7

# Which object an id of an address names: by (url name, argument), else by argument.
ID_OBJECTS = {
    ("task_done", "pk"): "task",
    ("routing_rule_edit", "pk"): "rule",
    "pk": "project",
    "kit_pk": "kit",
    "event_id": "event",
    "request_id": "privacy",
    ("testimonial_photo", "pk"): "testimonial",
    "proposal_id": "proposal",
    "employer_id": "employer",
    ("jobs_takeover_detail", "pk"): "takeover",
    ("jobs_takeover_edit", "pk"): "takeover",
    ("jobs_takeover_propose", "pk"): "takeover",
    "need_id": "need",
}
# Arguments that are not ids, and the value to give them.
OTHER_ARGUMENTS = {"name": TRANSITION_NAMES[0], "network": "programme"}  # a public page: asked under the Lot's prefix


def _walk(patterns, prefix="", outer=()):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin is swept model by model below
            # An include's own arguments (a network's prefix) belong to every address under it.
            yield from _walk(entry.url_patterns, prefix + (f"{entry.namespace}:" if entry.namespace else ""),
                             (*outer, *entry.pattern.converters))
        elif isinstance(entry, URLPattern) and entry.name:
            converters = entry.pattern.converters
            ids = [arg for arg, converter in converters.items() if isinstance(converter, IntConverter)]
            if ids:
                yield prefix + entry.name, [*outer, *converters], ids


ID_URLS = sorted(_walk(get_resolver().url_patterns))


def test_the_sweep_finds_the_id_taking_addresses():
    names = {name for name, _args, _ids in ID_URLS}
    assert {"project_detail", "task_done", "routing_rule_edit", "kit_staff_download", "fair_capture",
            "api_project_detail", "api_project_transitions"} <= names


def _object_id(world, name, arg):
    kind = ID_OBJECTS.get((name, arg)) or ID_OBJECTS.get(arg)
    assert kind is not None, f"{name}: say in ID_OBJECTS which object its <{arg}> names"
    return (world.project_b if kind == "project" else getattr(world.b_rows, kind)).pk


def _url(world, name, args, ids, *, missing):
    kwargs = {}
    for arg in args:
        if arg in ids:
            kwargs[arg] = MISSING if missing else _object_id(world, name, arg)
        else:
            assert arg in OTHER_ARGUMENTS, f"{name}: say in OTHER_ARGUMENTS what <{arg}> takes"
            kwargs[arg] = OTHER_ARGUMENTS[arg]
    return reverse(name, kwargs=kwargs)


def _shape(response):
    """Status, where it redirects, and for JSON the body itself (an API
    error names no id): what must not differ."""
    kind = response.get("Content-Type", "").split(";")[0]
    body = json.loads(response.content) if kind == "application/json" else None
    return response.status_code, kind, response.get("Location"), body


@pytest.mark.parametrize("who", ["alice", "bob"])
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "args", "ids"), ID_URLS, ids=[u[0] for u in ID_URLS])
def test_another_networks_object_answers_as_a_missing_one(client, world, who, method, name, args, ids):
    client.force_login(getattr(world, who))
    theirs = getattr(client, method)(_url(world, name, args, ids, missing=False))
    nothing = getattr(client, method)(_url(world, name, args, ids, missing=True))

    assert _shape(theirs) == _shape(nothing)
    assert theirs.status_code in (302, 400, 403, 404, 405), theirs.status_code
    assert world.contact_b.last_name.encode() not in theirs.content


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_the_api_answers_the_same_with_a_staff_key(api_client_for, world, who):
    client = api_client_for(getattr(world, who))
    for name, args, ids in ID_URLS:
        if not name.startswith("api_"):
            continue
        for method in ("get", "post"):
            theirs = getattr(client, method)(_url(world, name, args, ids, missing=False), {}, format="json")
            nothing = getattr(client, method)(_url(world, name, args, ids, missing=True), {}, format="json")
            assert _shape(theirs) == _shape(nothing), (name, method)


@pytest.fixture
def api_client_for(db):
    from rest_framework.test import APIClient

    from api.models import ApiToken
    from tests.api.fixtures import make_token

    def make(user):
        _token, key = make_token(ApiToken.Kind.STAFF, user, network=user.networks.get())
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


SWEPT_APPS = {"crm", "onboarding", "api", "welcome_kits", "reports", "testimonials", "jobs"}
ADMIN_MODELS = sorted(
    model._meta.label for model in admin.site._registry if model._meta.app_label in SWEPT_APPS
)
SHARED_LABELS = {"crm.Departement", "crm.Epci", "crm.Commune", "crm.Segment", "crm.Need",
                 "welcome_kits.KitSection", "welcome_kits.ServicePoint"}
OWNED_ADMIN_MODELS = [label for label in ADMIN_MODELS if label not in SHARED_LABELS]


def _admin_url(model, view, pk):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=[pk])


@pytest.mark.parametrize("label", OWNED_ADMIN_MODELS)
def test_an_admin_page_of_another_networks_row_answers_as_a_missing_one(client, world, label):
    model = next(m for m in admin.site._registry if m._meta.label == label)
    hidden = model.objects.exclude(pk__in=scoped(model.objects.all(), world.alice).values("pk")).first()
    assert hidden is not None, f"{label}: give the world a row of the other network"
    client.force_login(world.alice)
    for view in ("change", "history", "delete"):
        theirs = client.get(_admin_url(model, view, hidden.pk))
        nothing = client.get(_admin_url(model, view, MISSING))
        assert (theirs.status_code, theirs.get("Location")) == (nothing.status_code, nothing.get("Location")), view
        assert str(hidden.pk) not in (theirs.get("Location") or "")
    listing = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    assert listing.status_code in (200, 403)
    if listing.status_code == 200:
        assert hidden.pk not in {row.pk for row in listing.context["cl"].result_list}


SHARED = SHARED_LABELS


def test_the_shared_tables_are_every_networks(world):
    """Reference data no network owns: Alice and Dora see the same rows."""
    for label in SHARED:
        model = next(m for m in admin.site._registry if m._meta.label == label)
        mine = set(scoped(model.objects.all(), world.alice).values_list("pk", flat=True))
        assert mine == set(scoped(model.objects.all(), world.dora).values_list("pk", flat=True)), label


def test_every_network_table_has_a_row_of_the_other_network_in_the_sweep(world):
    """The admin sweep above must not pass by skipping: each table that a
    network owns has a Lot-et-Garonne row here."""
    for label in ADMIN_MODELS:
        if label in SHARED:
            continue
        model = next(m for m in admin.site._registry if m._meta.label == label)
        hidden = model.objects.exclude(pk__in=scoped(model.objects.all(), world.alice).values("pk"))
        assert hidden.exists(), f"{label}: give the world a row of the other network"
