"""The zero-setup default: SQLite, in-process tasks, debug on."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
# Without a France Travail account, the offers sections show examples (jobs.sources.examples).
JOBS_EXAMPLE_OFFERS = env_bool("JOBS_EXAMPLE_OFFERS", True)

# Demo data (seed_demo, seed_kit_content): never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
