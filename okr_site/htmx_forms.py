"""Form handling shared by every app's views: one way to render, validate as you type, map a
service's refusal onto the form, and answer a successful post (htmx or not)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.renderers import TemplatesSetting
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect

from .http import HtmxRequest, SignedInRequest
from .models import Submission

T = TypeVar("T")


class FormRenderer(TemplatesSetting):
    """Every form and field of the product renders through the project's own templates."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"


def is_validating(request: HtmxRequest) -> bool:
    """True when htmx posts the form only to check it as the person types (nothing is saved)."""
    return bool(request.htmx) and "validate" in request.GET


def wants_save(request: HtmxRequest) -> bool:
    """True for a real submission: a POST that is not a validate-as-you-type check."""
    return request.method == "POST" and not is_validating(request)


def render_form(request: HtmxRequest, template: str, context: dict) -> HttpResponse:
    """The whole page; only the form when htmx submits it inline; only the fields' error lists
    (swapped out of band) when htmx validates it as the person types."""
    if is_validating(request):
        return render(request, "includes/field_errors_oob.html", {**context, "validate_only": True})
    if request.htmx:
        return render(request, f"{template}#form", context)
    return render(request, template, context)


def render_confirm(request: HtmxRequest, context: dict) -> HttpResponse:
    """A confirmation step (includes/confirm.html): its own page, or with htmx only the form,
    shown in place of the link that asked for it. `context` gives title, question,
    consequences, button, cancel_url, and a form when the step asks something (a reason)."""
    if request.htmx:
        return render(request, "includes/confirm.html#confirm", context)
    return render(request, "includes/confirm.html", context)


def saved_redirect(request: HtmxRequest, url: str) -> HttpResponse:
    """After a successful form post: a client redirect for htmx, an ordinary one otherwise."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def initial_from_query(request: HtmxRequest, names: Iterable[str]) -> dict[str, str]:
    """Initial form values from ?name=<id> links ("add a key result for this action"); only ids."""
    return {name: request.GET[name] for name in names if request.GET.get(name, "").isdecimal()}


def save_or_explain(form: forms.BaseForm, write: Callable[[], T]) -> T | None:
    """Run a service write; a ValidationError it raises lands on the form's fields instead."""
    try:
        return write()
    except ValidationError as error:
        # Errors on fields the form does not show go to the top of the form, not into a 500.
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            form.add_error(None, error)
        return None


class SubmittedOnce(forms.BaseForm):
    """A creating form carries a one-time token (a hidden field), so a double submit stores one
    row: put it first among a form's bases and save through save_once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission"] = forms.UUIDField(
            required=False, widget=forms.HiddenInput, initial=uuid.uuid4
        )


class AlreadySubmitted(Exception):  # noqa: N818 - not an error: the post was handled before
    """This exact post was handled already; its first result is at `url`."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def save_once(
    request: SignedInRequest,
    form: forms.BaseForm,
    write: Callable[[], T],
    result_url: Callable[[T], str],
) -> T | None:
    """save_or_explain, once per form token: a second post of the same form (a double click,
    a reload) raises AlreadySubmitted with the first result's address instead of writing again.

    Two posts at the same moment: the second waits on the token's row until the first commits,
    then finds it. A refused write (errors on the form) leaves the token free for the retry."""
    token = form.cleaned_data.get("submission")
    if token is None:
        return save_or_explain(form, write)
    with transaction.atomic():
        try:
            with transaction.atomic():
                Submission.objects.create(token=token, person=request.user)
        except IntegrityError:
            first = Submission.objects.filter(token=token, person=request.user).first()
            raise AlreadySubmitted(first.result_url if first else request.path) from None
        result = save_or_explain(form, write)
        if result is None:
            transaction.set_rollback(True)
            return None
        Submission.objects.filter(token=token).update(result_url=result_url(result))
        return result


def answers_repeats(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view whose creating form was posted twice answers the repeat with the first result."""

    @functools.wraps(view)
    def wrapped(request: HtmxRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except AlreadySubmitted as repeat:
            return saved_redirect(request, repeat.url)

    return wrapped
