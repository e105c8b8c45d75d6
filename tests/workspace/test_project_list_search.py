"""The staff list's search: names and e-mails through the contact's folded
key (a trigram index on PostgreSQL), communes by the start of their name;
accents, case, hyphens and dots never matter."""

import pytest
from django.db import connection, transaction
from django.urls import reverse

from crm.models import Contact
from onboarding.filters import projects_search
from onboarding.models import Project
from onboarding.services.projects import project_create


@pytest.fixture
def people(db, bob, territory):
    def make(first, last, email, **details):
        contact = Contact.objects.create(first_name=first, last_name=last, email=email)
        return project_create(contact=contact, source="website", referent=bob.referent, **details)

    return {
        "helene": make("Hélène", "Dupré-Martin", "helene.dupre@example.org", target_commune=territory["commune"]),
        "jean": make("Jean", "MARTIN", "j.martin@exemple.fr"),
        "zoe": make("Zoë", "Lefèvre", "zoe@exemple.fr"),
        "oeuvre": make("Cœline", "L'Œuvre", ""),
    }


# What a coordinator typing in the box expects to find.
CASES = [
    ("martin", {"helene", "jean"}),
    ("MARTIN", {"helene", "jean"}),
    ("Martín", {"helene", "jean"}),
    ("hélène", {"helene"}),
    ("HELENE", {"helene"}),
    ("dupre martin", {"helene"}),
    ("Dupré-Martin", {"helene"}),
    ("hélène dupré", {"helene"}),
    ("lefev", {"zoe"}),
    ("zoe", {"zoe"}),
    ("zoe@exemple.fr", {"zoe"}),
    ("ZOE@EXEMPLE.FR", {"zoe"}),
    ("exemple.fr", {"jean", "zoe"}),
    ("j.martin", {"jean"}),
    ("coeline", {"oeuvre"}),
    ("l'oeuvre", {"oeuvre"}),
    ("figeac", {"helene"}),
    ("FIG", {"helene"}),
    ("eac", set()),
    ("personne", set()),
    ("   ", {"helene", "jean", "zoe", "oeuvre"}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_the_search_finds_what_a_person_typing_expects(people, text, expected):
    found = set(projects_search(Project.objects.all(), text).values_list("pk", flat=True))
    assert found == {people[name].pk for name in expected}


def test_the_search_never_matches_across_the_name_and_the_address(people):
    # "MARTIN" then "helene.dupre": Hélène's name ends with martin and her address starts with helene.
    assert not projects_search(Project.objects.all(), "martin helene").exists()
    assert not projects_search(Project.objects.all(), "martin|helene").exists()


def test_the_list_page_searches_the_same_way(client, alice, people):
    client.force_login(alice)
    page = client.get(reverse("project_index"), {"q": "Helene"}).context["page"]
    assert [p.pk for p in page] == [people["helene"].pk]


def test_the_key_follows_every_change_of_name_or_address(people):
    contact = people["zoe"].contact
    contact.last_name = "Éluard"
    contact.save(update_fields=["last_name"])
    assert projects_search(Project.objects.all(), "eluard").get() == people["zoe"]
    contact.email = "z.nouvelle@exemple.fr"
    contact.save(update_fields=["email"])
    assert projects_search(Project.objects.all(), "nouvelle").get() == people["zoe"]
    assert not projects_search(Project.objects.all(), "zoe@").exists()


def test_an_erased_person_is_found_by_nothing_they_were_called(people):
    from crm.personal_data_declared import contact_erase_fields

    contact_erase_fields(Contact.objects.filter(pk=people["jean"].contact_id), person=None)
    assert Contact.objects.get(pk=people["jean"].contact_id).search_key == ""
    assert set(projects_search(Project.objects.all(), "martin")) == {people["helene"]}


# The suite runs on PostgreSQL (scripts/check_services.py refuses anything else).
def test_postgresql_has_the_trigram_index_on_the_search_key(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Contact._meta.db_table)
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'crm_contact_search_key_trgm'")
        (definition,) = cursor.fetchone()
    assert constraints["crm_contact_search_key_trgm"]["columns"] == ["search_key"]
    assert "gin" in definition and "gin_trgm_ops" in definition


def test_postgresql_answers_the_search_from_the_trigram_index(people):
    queryset = projects_search(Project.objects.all(), "Martin")
    with transaction.atomic(), connection.cursor() as cursor:
        # A handful of rows fit in a page: make the planner show whether it *can* use the index
        # (no sequential scan, and no walk along the contacts' primary key either).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset.explain()
    assert "crm_contact_search_key_trgm" in plan
