import pytest

from tests.ambassadors.stories import world
from tests.module_rows import kept_for_the_module


@pytest.fixture(scope="module")
def cast_rows(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), kept_for_the_module():
        yield world()


@pytest.fixture
def cast(db, cast_rows):
    """The cast (tests/ambassadors/stories.py), made once for the module; each test's changes are rolled back."""
    return cast_rows
