"""What the journey announces to downstream apps, after the commit.

Receivers (welcome_kits queues a kit on confirm_move) get ids, never the
live instance, so that they do their own fresh reads.
"""

from django.db import transaction
from django.dispatch import Signal

# kwargs: project_id, transition, from_state, to_state, log_id, user_id, channel
project_transitioned = Signal()

# Sent INSIDE the erasing transaction (kwargs: contact_id, project_ids), so
# that what receivers delete (welcome kits naming the household) commits or
# rolls back with the erasure itself.
contact_erased = Signal()

# Sent INSIDE the transaction of the service that moved a project to another
# département (kwargs: project): a receiver may write in that transaction
# (onboarding.services.transfers proposes the project to that département's
# network), so the services that move projects need not import it.
project_moved = Signal()

# Sent AFTER the commit when what a project shows may have changed outside the
# journey: its referent (reassignment), its details or its contact's
# (kwargs: project_id or contact_id, what, user_id). welcome_kits refreshes a
# kit already made.
project_changed = Signal()


def project_changed_send(*, what, project_id=None, contact_id=None, user_id=None):
    """Send `project_changed` once the current transaction commits."""
    transaction.on_commit(lambda: project_changed.send(
        sender=None, project_id=project_id, contact_id=contact_id, what=what, user_id=user_id))
