import logging
import os
import sys

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = _("Contacts et territoires")

    def ready(self):
        from django.db.models.signals import post_migrate

        from crm import personal_data_declared

        # What crm's tables (and django.contrib's) hold about people (crm.personal_data).
        personal_data_declared.declare()
        from crm.access_log import access_log_declare

        access_log_declare()

        post_migrate.connect(_ensure_roles, dispatch_uid="crm-ensure-roles")
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="crm-after-migrate")
        if settings.CELERY_TASK_ALWAYS_EAGER and not getattr(settings, "TESTING", False) and not _is_reloader_parent():
            logger.warning("CELERY_BROKER_URL is not set: background tasks run in-process.")


def _is_reloader_parent():
    # runserver's autoreloader loads the project twice: in a watcher process,
    # then in the child that serves (RUN_MAIN=true). Warn from the server only.
    return "runserver" in sys.argv and "--noreload" not in sys.argv and os.environ.get("RUN_MAIN") != "true"


def _ensure_roles(sender, app_config=None, **kwargs):
    # post_migrate is sent once for each app, in INSTALLED_APPS order, each
    # time after auth has made that app's permissions: the roles are set at
    # the last app's, when every permission exists (once, not once an app).
    # A flush (the transactional tests' reset) also ends with post_migrate:
    # the roles come back after it.
    from django.apps import apps

    from crm.services.roles import roles_ensure

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is with_models[-1]:
        roles_ensure()


def _after_migrate(sender, using="default", plan=None, **kwargs):
    from django.core.management import call_command

    # The database cache's table is no model's, so no migration makes it:
    # without this, `migrate` alone leaves the rate limits and the API
    # throttle failing on a missing table. Every time, not once: the cache
    # backend may have been switched to the database since the last migrate.
    # Creates only what is missing; nothing to do for other backends.
    call_command("createcachetable", database=using, verbosity=0)
    if plan is None:
        # A flush (the transactional tests' reset) empties every table and
        # then signals post_migrate without a plan, "as if the database had
        # been migrated from scratch": the seed migration does not run again,
        # so seed here. A real migrate never re-seeds: reference data a
        # coordinator deleted stays deleted (crm/migrations/0002_reference_data.py).
        from crm.services.consent import consent_text_default_ensure
        from crm.services.reference import (
            network_default_english_ensure,
            network_default_ensure,
            reference_data_ensure,
            reference_translations_ensure,
        )

        reference_data_ensure()
        reference_translations_ensure()
        network_default_ensure()
        network_default_english_ensure()
        consent_text_default_ensure()
