"""What this app tells the apps above it, which it must not import.

Sent by services inside their transaction, so a receiver's writes (a feed entry, a notification)
commit or roll back together with the decision that caused them."""

from django.dispatch import Signal

# A leader approved a key result or asked for changes. Sent with `event` (an ApprovalEvent).
decided = Signal()

# A key result was sent to a leader for approval: first, or again after a change. Sent with
# `event` (an ApprovalEvent naming the leader as its approver).
submitted = Signal()
