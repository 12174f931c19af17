"""The app's URLs plus bare pages: the same number of rows, rendered with nothing but Django."""

from django.http import HttpResponse
from django.template import Context, Template
from django.urls import include, path

from progress.models import Update

BARE = Template(
    "<!doctype html><title>bare</title><ul>{% for row in rows %}"
    "<li>{{ row.0 }} {{ row.1 }} {{ row.2 }}</li>{% endfor %}</ul>"
)


def bare_rows(request, count: int):
    rows = Update.objects.order_by("-id").values_list("id", "kind", "text")[:count]
    return HttpResponse(BARE.render(Context({"rows": rows})))


urlpatterns = [
    path("bare/<int:count>/", bare_rows),
    path("", include("okr_site.urls")),
]
