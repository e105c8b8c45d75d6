"""The OpenAPI schema says what the API enforces: each constraint read from
the schema is compared with the serializer, filter or pagination that
enforces it, and the API is shown to enforce it."""

import pytest
from rest_framework import serializers

from api.leads import LeadSerializer
from api.serializers import TRANSITION_REQUEST_SERIALIZERS
from onboarding.filters import ProjectFilter
from onboarding.models import Project
from onboarding.transitions import SPECS, TRANSITION_NAMES, Choice, ProjectRef, Text
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error

TRANSITIONS = "/api/v1/projects/{id}/transitions/"


@pytest.fixture
def schema(api, db):
    return api.get("/api/schema/", {"format": "json"}).json()


def component(schema, name):
    return schema["components"]["schemas"][name]


def parameter(schema, path, name, method="get"):
    return next(p for p in schema["paths"][path][method]["parameters"] if p["name"] == name)


def enum_of(schema, prop):
    """The values of an enum property, written in place or as a component."""
    if "enum" in prop:
        return prop["enum"]
    if "oneOf" in prop:  # an optional choice: its values, or blank, or null (BlankEnum, NullEnum)
        prop = prop["oneOf"][0]
    ref = prop["allOf"][0]["$ref"] if "allOf" in prop else prop["$ref"]
    return component(schema, ref.rsplit("/", 1)[1])["enum"]


def assert_fields_match(schema, properties, required, serializer):
    """Every constraint of the serializer's fields, as the schema states it."""
    for name, field in serializer.fields.items():
        prop = properties[name]
        assert (name in required) is field.required, name
        if getattr(field, "max_length", None) is not None and not isinstance(field, serializers.ListField):
            assert prop["maxLength"] == field.max_length, name
        if getattr(field, "min_value", None) is not None:
            assert prop["minimum"] == field.min_value, name
        if getattr(field, "max_value", None) is not None:
            assert prop["maximum"] == field.max_value, name
        if isinstance(field, serializers.ChoiceField):
            assert set(enum_of(schema, prop)) == set(field.choices), name
        if isinstance(field, serializers.ListField):
            if field.max_length is not None:
                assert prop["maxItems"] == field.max_length, name
            if getattr(field.child, "max_length", None) is not None:
                assert prop["items"]["maxLength"] == field.child.max_length, name


# --- transitions: one body per transition, with its own required fields ----------------------

def test_the_transition_body_is_one_variant_per_transition(schema):
    body = schema["paths"][TRANSITIONS]["post"]["requestBody"]["content"]["application/json"]["schema"]
    variants = component(schema, body["$ref"].rsplit("/", 1)[1])

    assert variants["discriminator"]["propertyName"] == "transition"
    assert set(variants["discriminator"]["mapping"]) == set(TRANSITION_NAMES)
    assert len(variants["oneOf"]) == len(TRANSITION_NAMES)


@pytest.mark.parametrize("name", TRANSITION_NAMES)
def test_each_transition_variant_states_its_fields_and_requirements(schema, name):
    spec = SPECS[name]
    ref = component(schema, "TransitionRequest")["discriminator"]["mapping"][name]
    variant = component(schema, ref.rsplit("/", 1)[1])

    # keep_referent where the transition may move the project into another EPCI (a re-routing)
    kept = {"keep_referent"} if name in ("qualify", "confirm_move") else set()
    assert set(variant["properties"]) == {"transition", "note", "expected_state", *kept, *(f.name for f in spec.fields)}
    assert sorted(variant["required"]) == sorted(["transition", *(f.name for f in spec.fields if f.required)])
    for field in spec.fields:
        prop = variant["properties"][field.name]
        if isinstance(field.kind, Text):
            assert prop["maxLength"] == field.kind.max_length
        if isinstance(field.kind, ProjectRef):
            assert prop["minimum"] == 1
        if isinstance(field.kind, Choice):
            assert set(enum_of(schema, prop)) == set(field.kind.choices.values)
    assert_fields_match(schema, variant["properties"], variant["required"], TRANSITION_REQUEST_SERIALIZERS[name]())


REQUIRED_BY_TRANSITION = [(name, field.name) for name, spec in SPECS.items() for field in spec.fields if field.required]


@pytest.mark.parametrize("name, field", REQUIRED_BY_TRANSITION)
def test_the_api_refuses_a_transition_without_the_field_the_schema_requires(as_, project, snapshot, name, field):
    assert REQUIRED_BY_TRANSITION  # pause, abandon and reject name their reason
    before = snapshot(project)

    response = as_("bob").post(TRANSITIONS.format(id=project.pk), {"transition": name}, format="json")

    assert field in assert_error(response, 400, "invalid")["details"]
    assert snapshot(project) == before


def test_the_api_refuses_a_pause_reason_past_the_schemas_max_length(as_, project, walk_to):
    walk_to(project, "contacted")
    limit = SPECS["pause"].field("reason").kind.max_length
    post = as_("bob").post

    too_long = post(TRANSITIONS.format(id=project.pk), {"transition": "pause", "reason": "x" * (limit + 1)},
                    format="json")
    at_limit = post(TRANSITIONS.format(id=project.pk), {"transition": "pause", "reason": "x" * limit},
                    format="json")

    assert "reason" in assert_error(too_long, 400, "invalid")["details"]
    assert at_limit.status_code == 200, at_limit.content


def test_the_api_refuses_a_reason_code_outside_the_schemas_enum(as_, project):
    response = as_("bob").post(TRANSITIONS.format(id=project.pk), {"transition": "abandon", "reason": "ennui"},
                               format="json")

    assert "reason" in assert_error(response, 400, "invalid")["details"]


# --- leads: the serializer's limits, as the schema states them --------------------------------

def test_the_lead_body_states_the_serializers_constraints(schema):
    lead = component(schema, "LeadRequest")

    assert_fields_match(schema, lead["properties"], lead.get("required", []), LeadSerializer())


# --- lists: pages from 1, the search's length ---------------------------------------------------

@pytest.mark.parametrize("path", ["/api/v1/projects/", "/api/v1/projects/{id}/history/"])
def test_pages_start_at_1_in_the_schema_and_in_the_api(schema, as_, project, path):
    assert parameter(schema, path, "page")["schema"]["minimum"] == 1
    client = as_("bob")

    assert client.get(path.format(id=project.pk), {"page": 1}).status_code == 200
    assert_error(client.get(path.format(id=project.pk), {"page": 0}), 404, "not_found")


def test_the_search_length_in_the_schema_is_the_filters(schema, as_, project):
    limit = ProjectFilter.base_filters["q"].extra["max_length"]
    assert parameter(schema, "/api/v1/projects/", "q")["schema"]["maxLength"] == limit
    client = as_("bob")

    assert client.get("/api/v1/projects/", {"q": "x" * limit}).status_code == 200
    assert "q" in assert_error(client.get("/api/v1/projects/", {"q": "x" * (limit + 1)}), 400, "invalid")["details"]


@pytest.mark.parametrize("path, method", [("/api/v1/projects/{id}/", "get"), ("/api/v1/projects/{id}/history/", "get"),
                                          (TRANSITIONS, "post")])
def test_project_ids_start_at_1(schema, as_, db, path, method):
    assert parameter(schema, path, "id", method)["schema"]["minimum"] == 1
    assert not Project.objects.filter(pk=0).exists()
