"""What this app tells the apps above it, which it must not import.

Sent by services inside their transaction, so a receiver's writes (a feed entry, a notification)
commit or roll back together with the change that caused them."""

from django.dispatch import Signal

# An action was marked done. Sent with `action` and `by` (the person who marked it).
action_done = Signal()

# An objective was closed with a retrospective. Sent with `objective`, `retrospective` and `by`;
# the progress app publishes it to the feed as a learning.
objective_closed = Signal()
# An objective is about to move to another period, before it is locked. Sent with `objective`:
# what hangs on it is locked first, in the order a measurement takes its rows (its key result,
# then, as its feed entry commits, the objective), so the two wait for each other instead of
# deadlocking.
moving = Signal()
# An objective moved to another period. Sent with `objective` (saved, in its new period),
# `previous` (the period it left) and `by`: what hangs on it follows it there.
moved = Signal()
