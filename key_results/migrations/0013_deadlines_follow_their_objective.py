"""The database holds the other side of "a key result's deadline falls within its objective's
period": an objective moved to another period must take its key results' deadlines along in the
same transaction (objectives.services.save_objective does), checked when it commits."""

from django.db import migrations

CREATE = """
CREATE FUNCTION key_result_deadlines_follow_their_objective() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM key_results_keyresult k
        JOIN objectives_objective o ON o.id = k.objective_id
        JOIN objectives_period p ON p.id = o.period_id
        WHERE o.id = NEW.id AND k.deadline NOT BETWEEN p.start AND p."end"
    ) THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            CONSTRAINT = 'key_result_deadline_in_period',
            MESSAGE = 'A key result''s deadline falls within its objective''s period.';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER key_result_deadlines_follow_their_objective
    AFTER UPDATE OF period_id ON objectives_objective
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (OLD.period_id IS DISTINCT FROM NEW.period_id)
    EXECUTE FUNCTION key_result_deadlines_follow_their_objective();
"""

DROP = """
DROP TRIGGER IF EXISTS key_result_deadlines_follow_their_objective ON objectives_objective;
DROP FUNCTION IF EXISTS key_result_deadlines_follow_their_objective();
"""


def create(apps, schema_editor):
    # PostgreSQL only: the demo's SQLite database keeps the rule in the service alone.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("key_results", "0012_carry_over_and_drop"),
        ("objectives", "0009_carry_over_and_delete_drafts"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
