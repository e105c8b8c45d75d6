"""Queue a Celery task by its name, once the transaction commits.

Services name the task instead of importing the app's tasks module, because
the tasks module imports the services (a task is a thin interface: it takes
ids and calls a service). So the arrow runs one way, tasks -> services, and
no import circle ties them.
"""

from celery import current_app


def _task(name):
    if name not in current_app.tasks:
        # Outside a worker the apps' tasks modules are found lazily: this is
        # Celery's own autodiscovery of the apps' tasks modules, run once per process.
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def enqueue_on_commit(name, *args, **kwargs):
    """`name` as Celery registers it: "onboarding.tasks.send_intake_confirmation"."""
    return _task(name).delay_on_commit(*args, **kwargs)
