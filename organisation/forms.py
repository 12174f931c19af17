from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator
from django.utils import translation


class _UsernameNoLongerThanAnyAccounts(auth_forms.AuthenticationForm):
    """Django's sign-in form sets the username's max_length but never checks it, so a username
    longer than any account's went on to authenticate and to django-axes, whose record of the
    failed attempt holds 255 characters: a server error. Here it is the field's error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        longest = self.username_field.max_length or 254  # as Django's __init__ reads it
        self.fields["username"].validators.append(MaxLengthValidator(longest))


class SignInForm(_UsernameNoLongerThanAnyAccounts):
    """The app's sign-in page."""


class AdminSignInForm(_UsernameNoLongerThanAnyAccounts, AdminAuthenticationForm):
    """The admin's sign-in page (staff only, as Django's)."""


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
