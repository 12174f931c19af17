"""Key results now keep when they were first approved and their latest values for lists;
fill both in from the approval history and the measurements."""

from django.db import migrations
from django.db.models import Min, OuterRef, Subquery

POINTS = 20


def fill(apps, schema_editor):
    KeyResult = apps.get_model("key_results", "KeyResult")
    ApprovalEvent = apps.get_model("approvals", "ApprovalEvent")
    Update = apps.get_model("progress", "Update")
    first_approval = (
        ApprovalEvent.objects.filter(key_result=OuterRef("pk"), kind="approved")
        .values("key_result")
        .annotate(day=Min("created_at__date"))
        .values("day")
    )
    KeyResult.objects.update(approved_on=Subquery(first_approval))
    for key_result in KeyResult.objects.filter(last_measured_on__isnull=False).iterator():
        measured = Update.objects.filter(key_result=key_result, value_after__isnull=False)
        if key_result.kind == "count":
            totals, running = {}, 0
            for day, events in measured.order_by("happened_on", "id").values_list(
                "happened_on", "events"
            ):
                running += events or 0
                totals[day] = running
            points = list(totals.items())
        else:
            points = list(
                measured.order_by("-happened_on", "-id").values_list("happened_on", "value_after")[
                    :POINTS
                ]
            )[::-1]
        key_result.recent_values = [[day.isoformat(), str(value)] for day, value in points[-POINTS:]]
        key_result.save(update_fields=["recent_values"])


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0006_where_it_stands"),
        ("key_results", "0010_where_it_stands"),
        ("approvals", "0005_integrity"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
