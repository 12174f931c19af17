"""What this app tells the apps above it, which it must not import.

Sent by services inside their transaction, so a receiver's writes (the approval history, a feed
entry) commit or roll back together with the change that caused them."""

from django.dispatch import Signal

# An approved or pending key result's measured numbers changed, so it went back to the leader.
# Sent with `key_result`, `by` and `changes` (KeyResult.changes_since: field, old, new).
sent_back = Signal()

# A key result was carried over into a later period as a new one that waits for the leader's
# approval. Sent with `key_result` (the new one, pending; `continues` names the old) and `by`.
carried_over = Signal()

# A key result that had been sent for approval was given up. Sent with `key_result` (now
# dropped, its `drop_reason` saying why) and `by`.
dropped = Signal()
