"""What this app tells the apps above it, which it must not import.

Sent by services inside their transaction, so a receiver's writes (a feed entry, a notification)
commit or roll back together with the decision that caused them."""

from django.dispatch import Signal

# A leader approved a key result or asked for changes. Sent with `event` (an ApprovalEvent).
decided = Signal()
