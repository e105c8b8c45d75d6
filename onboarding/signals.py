"""What the journey announces to downstream apps, after the commit.

Receivers (welcome_kits queues a kit on confirm_move) get ids, never the
live instance, so that they do their own fresh reads.
"""

from django.dispatch import Signal

# kwargs: project_id, transition, from_state, to_state, log_id, user_id, channel
project_transitioned = Signal()

# Sent INSIDE the erasing transaction (kwargs: contact_id, project_ids), so
# that what receivers delete (welcome kits naming the household) commits or
# rolls back with the erasure itself.
contact_erased = Signal()
