"""PostgreSQL pieces the measure search needs before the table exists.

`unaccent()` is only STABLE (its dictionary could change), so generated columns
and indexes cannot call it. `portal_unaccent` names the dictionary explicitly
and is declared IMMUTABLE, which is true as long as nobody edits the rules file.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION portal_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
"""

DROP_FUNCTION = "DROP FUNCTION IF EXISTS portal_unaccent(text);"


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunSQL(CREATE_FUNCTION, DROP_FUNCTION),
    ]
