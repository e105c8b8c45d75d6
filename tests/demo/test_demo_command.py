"""The seed_demo command's own checks, on the territories alone (loaded once
for the module, in a transaction rolled back after its last test; each
test's own changes are rolled back after it)."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from onboarding.models import Project
from tests.module_rows import kept_for_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def territories(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), kept_for_the_module():
        call_command("load_territories", stdout=io.StringIO())
        yield


def test_the_command_refuses_to_create_demo_accounts_with_debug_off(territories, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", projects=1)
    assert Project.objects.count() == 0


def test_the_command_prints_each_networks_coordinator(territories, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", projects=2, stdout=out)
    printed = out.getvalue()
    assert "Oh my Lot ! (/lot/) – coordination : coordination.lot" in printed
    assert "(/lot-et-garonne/) – coordination : coordination.47" in printed
    assert "region.occitanie" in printed


def test_the_command_builds_benchmark_data_with_debug_off_and_no_password(territories, settings):
    settings.DEBUG = False
    call_command("seed_demo", projects=12, benchmark=True, stdout=io.StringIO())
    assert Project.objects.count() == 12
    assert not any(user.has_usable_password() for user in User.objects.all())
