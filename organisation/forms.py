from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils import translation


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, whose email speaks the person's language (else the page's).

    The link in it starts with settings.SITE_URL, never with the Host header of the request."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        with translation.override(context["user"].language or translation.get_language()):
            super().send_mail(
                subject_template_name,
                email_template_name,
                {**context, "site_url": settings.SITE_URL},
                from_email,
                to_email,
                html_email_template_name,
            )
