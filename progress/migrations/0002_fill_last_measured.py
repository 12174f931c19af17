"""Key results now remember when they were last measured; fill it in from their history."""

from django.db import migrations
from django.db.models import Max, OuterRef, Subquery


def fill_last_measured(apps, schema_editor):
    KeyResult = apps.get_model("key_results", "KeyResult")
    Update = apps.get_model("progress", "Update")
    latest = (
        Update.objects.filter(key_result=OuterRef("pk"), value_after__isnull=False)
        .values("key_result")
        .annotate(day=Max("happened_on"))
        .values("day")
    )
    KeyResult.objects.update(last_measured_on=Subquery(latest))


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0001_initial"),
        ("key_results", "0005_named_index_last_measured_optional_baseline"),
    ]

    operations = [migrations.RunPython(fill_last_measured, migrations.RunPython.noop)]
