"""Templates ask the reading rule before they show something of another objective."""

from __future__ import annotations

from django import template

from objectives.models import Objective
from organisation.models import User

register = template.Library()


@register.filter
def readable_by(objective: Objective | None, user: User) -> bool:
    """{% if objective.parent|readable_by:user %}: True when `user` may read it."""
    return objective is not None and objective.is_readable_by(user)
