"""Which blocks a profile gets: the pure rule, then the profile read from a project."""

from types import SimpleNamespace

import pytest

from crm.models import Need
from welcome_kits.models import ContentBlock, KitSection
from welcome_kits.selectors import (
    BlockScope,
    KitProfile,
    blocks_for_profile,
    kit_profile,
    kit_sections_for,
    scope_matches,
)

H = ContentBlock.Household
EVERYONE = BlockScope()
FAMILY_IN_FIGEAC = KitProfile(
    segment_id=5, need_ids=frozenset({8, 5}), children_ages=(2, 7), partner_seeks_job=True,
    departement_id=46, epci_id=200, commune_id=102,
)
SINGLE_IN_AGEN = KitProfile(segment_id=1, need_ids=frozenset({3}), departement_id=47, epci_id=300, commune_id=1)


def test_an_empty_scope_is_for_everyone():
    assert scope_matches(BlockScope(), FAMILY_IN_FIGEAC)
    assert scope_matches(BlockScope(), KitProfile())


@pytest.mark.parametrize("scope, family, single", [
    (BlockScope(segment_ids=frozenset({5, 6})), True, False),
    (BlockScope(need_ids=frozenset({3, 9})), False, True),
    (BlockScope(household=H.CHILDREN), True, False),
    (BlockScope(household=H.YOUNG_CHILDREN), True, False),
    (BlockScope(household=H.SCHOOL_AGE), True, False),
    (BlockScope(household=H.PARTNER_SEEKS_JOB), True, False),
    (BlockScope(departement_ids=frozenset({47})), False, True),
    (BlockScope(epci_ids=frozenset({200})), True, False),
    (BlockScope(commune_ids=frozenset({1})), False, True),
    # The territory is one criterion: the Lot or Agen's commune.
    (BlockScope(departement_ids=frozenset({46}), commune_ids=frozenset({1})), True, True),
    # Criteria add up: a family segment block for the Lot-et-Garonne fits neither.
    (BlockScope(segment_ids=frozenset({5}), departement_ids=frozenset({47})), False, False),
    (BlockScope(household="no-such-condition"), False, False),
])
def test_each_criterion_of_a_scope_must_hold(scope, family, single):
    assert scope_matches(scope, FAMILY_IN_FIGEAC) is family
    assert scope_matches(scope, SINGLE_IN_AGEN) is single


@pytest.mark.parametrize("ages, young, school", [
    ((0,), True, False), ((5,), True, True), ((6,), False, True), ((17,), False, True), ((18,), False, False),
])
def test_children_ages_decide_young_and_school_age(ages, young, school):
    profile = KitProfile(children_ages=ages)
    assert profile.has_young_children is young
    assert profile.has_school_age_children is school


def test_it_groups_chosen_blocks_by_section_in_order():
    later = SimpleNamespace(pk=1, title="Vivre ici", position=80)
    first = SimpleNamespace(pk=2, title="Logement", position=20)

    def block(pk, section, position, scope=EVERYONE):
        return SimpleNamespace(pk=pk, title=f"b{pk}", section=section, section_id=section.pk, position=position), scope

    chosen = blocks_for_profile(SINGLE_IN_AGEN, [
        block(1, later, 10), block(2, first, 20), block(3, first, 10),
        block(4, first, 5, BlockScope(household=H.CHILDREN)),
    ])
    assert [c.section.title for c in chosen] == ["Logement", "Vivre ici"]
    assert [b.pk for b in chosen[0].blocks] == [3, 2]


def test_a_section_without_a_matching_block_is_left_out():
    section = SimpleNamespace(pk=1, title="Santé", position=1)
    only_doctors = (SimpleNamespace(pk=1, title="b", section=section, section_id=1, position=1),
                    BlockScope(segment_ids=frozenset({99})))
    assert blocks_for_profile(FAMILY_IN_FIGEAC, [only_doctors]) == []


def test_it_reads_the_profile_from_the_project(kit_content, make_project):
    project = make_project(kit_content["commune"], "famille", ["garde-ecole", "emploi"],
                           has_partner=True, partner_seeks_job=True, children_ages=[4, "9", "n/a"])
    profile = kit_profile(project)
    assert profile.segment_id == project.segment_id
    assert profile.need_ids == set(Need.objects.filter(code__in=["garde-ecole", "emploi"]).values_list("pk", flat=True))
    assert profile.children_ages == (4, 9)
    assert profile.partner_seeks_job
    assert (profile.departement_id, profile.epci_id, profile.commune_id) == (
        kit_content["departement"].pk, kit_content["epci"].pk, kit_content["commune"].pk
    )


def test_a_partner_seeking_a_job_counts_only_with_a_partner(kit_content, make_project):
    project = make_project(kit_content["commune"], "jeune", ["emploi"], has_partner=False, partner_seeks_job=True)
    assert not kit_profile(project).partner_seeks_job


def test_unpublished_blocks_and_sections_are_left_out(kit_content, make_project):
    project = make_project(kit_content["commune"], "jeune", ["emploi"])
    titles = {c.section.title for c in kit_sections_for(project)}
    assert "Vivre ici" in titles and "Trouver un emploi" in titles
    KitSection.objects.filter(title="Vivre ici").update(is_active=False)
    ContentBlock.objects.filter(section__title="Trouver un emploi").update(is_active=False)
    titles = {c.section.title for c in kit_sections_for(project)}
    assert "Vivre ici" not in titles and "Trouver un emploi" not in titles
