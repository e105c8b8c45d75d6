"""The zero-setup default: SQLite, in-process tasks, debug on."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)

# Demo data (seed_demo, seed_kit_content): never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
