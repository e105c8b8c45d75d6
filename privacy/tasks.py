"""Celery tasks of the rights: thin wrappers around privacy.services, taking ids."""

from celery import shared_task

from privacy import services


@shared_task(bind=True, soft_time_limit=120, time_limit=180, acks_late=True, max_retries=services.MAX_ATTEMPTS - 1)
def build_data_export(self, export_id):
    try:
        export = services.data_export_build(export_id=export_id)
    except Exception as exc:
        final = self.request.is_eager or self.request.retries >= self.max_retries
        services.data_export_failed(export_id=export_id, final=final)
        if final:
            return None  # the page says it failed and offers to ask again
        raise self.retry(exc=exc, countdown=min(5 * 2 ** self.request.retries, 60)) from None
    return export.pk if export else None


@shared_task(soft_time_limit=60, time_limit=90)
def sweep_data_exports():
    return services.data_exports_sweep()
