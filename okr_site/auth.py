"""Signing in and loading the signed-in person on each request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import backends

from organisation.models import User
from progress.notifications import unread_counted


class ModelBackend(backends.ModelBackend):
    """Django's, loading the signed-in person with how many of their notifications are unread
    (the bell in every page's header) in the same query: no cache round trip for it a page,
    and never a stale count."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.annotate(unread_notifications=unread_counted()).get(
                pk=user_id
            )
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
