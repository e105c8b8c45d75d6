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

        post_migrate.connect(_ensure_roles, dispatch_uid="crm-ensure-roles")
        if settings.CELERY_TASK_ALWAYS_EAGER and not getattr(settings, "TESTING", False) and not _is_reloader_parent():
            logger.warning("CELERY_BROKER_URL is not set: background tasks run in-process.")


def _is_reloader_parent():
    # runserver's autoreloader loads the project twice: in a watcher process,
    # then in the child that serves (RUN_MAIN=true). Warn from the server only.
    return "runserver" in sys.argv and "--noreload" not in sys.argv and os.environ.get("RUN_MAIN") != "true"


def _ensure_roles(sender, app_config=None, **kwargs):
    # Run after each app: idempotent and cheap, and the last run sees every
    # app's permissions whatever the order of the post_migrate receivers.
    # A database flush (transactional tests) also ends with post_migrate, so
    # the roles and the seeded reference data come back after it.
    from crm.services.reference import reference_data_ensure
    from crm.services.roles import roles_ensure

    roles_ensure()
    if app_config is not None and app_config.label == "crm":
        reference_data_ensure()
