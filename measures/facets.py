"""Facet counts of the catalogue in one statement over the matching measures.

The measures that match the search and the dates are found once (a
materialised CTE, selected by the catalogue's own query). Every facet then
counts over that set under the other facets' choices, so the count beside a
choice is what picking it gives. Counting facet by facet in separate queries
would repeat the search once per facet, and a broad search is the costly part.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from integration_portal.prepared import preparing_cursor
from integration_portal.translation import ui_languages

from .models import Measure

# facet → the measure field whose values it counts
CHOICE_FACETS = {
    "domain": "life_domains",
    "district": "districts",
    "language": "languages",
    "target_group": "target_groups",
    "partner": "provider",
    "format": "format",
    "level": "german_level_needed",
    "course_type": "course_type",
    "weekday": "session_days",
    "time_of_day": "session_times",
}
MANY_TO_MANY = ("domain", "district", "language", "target_group")
# facet → the measure's column it counts, for facets of one value per measure
COLUMNS = {
    "partner": "provider_id",
    "format": "format",
    "level": "german_level_needed",
    "course_type": "course_type",
}
# facet → the measure's array column it counts, for facets of several values per measure
ARRAYS = {"weekday": "session_days", "time_of_day": "session_times"}
# facets whose choices are the column's values themselves (not primary keys)
VALUE_FACETS = ("format", "level", "course_type", "weekday", "time_of_day")

# yes/no facet → the field it requires
FLAG_COLUMNS = {
    "free": "is_free",
    "childcare": "childcare",
    "accessible": "wheelchair_accessible",
    "online": "is_online",
    "places": "has_places_free",
    "under_3": "has_childcare_under_3",
    "registration_open": "registration_is_open",
}

# "Described in my language": counted for every language at once (the
# columns `described_<language>` are annotated by `with_descriptions`), so
# that readers of all languages share the counts.
DESCRIBED = "described"


def facet_counts(
    matches: QuerySet,
    chosen: dict[str, list],
    active_flags: list[str],
    described_in: str | None = None,
    prepare: bool = False,
) -> dict[str, dict[object, int]]:
    """{facet name: {choice: count}}, {"flags": {flag name: count}}, and the
    number of results under every choice as {"total": {"": count}}.

    `matches` are the measures found without any facet's choice (search, dates);
    `chosen` maps a facet to the primary keys chosen (the format facet: its
    values); `active_flags` names the yes/no facets that are set. Counts are
    keyed the same way: by primary key, or by value for the format, level and course type.
    `described_in` is the language of "described in my language" when that is
    set; the number of measures described in each language is counted as
    {"described": {language: count}}.

    With `prepare`, the statement is prepared in the database session: the
    same choice of facets with other values (two areas of life and a
    district, say) has the same text, which PostgreSQL then plans once per
    connection rather than on every count (planning took a third of the
    statement's 12 ms). Not for a search: its plan depends on its words.
    """
    counts: dict[str, dict[object, int]] = {name: {} for name in CHOICE_FACETS} | {
        "flags": {},
        DESCRIBED: {},
        "total": {"": 0},
    }
    # What the facets read of each matching measure, selected by the same
    # statement that finds the matches (no second pass over the table).
    languages = ui_languages()
    described = {language: f"described_{language}" for language in languages}
    columns = [
        "id",
        *COLUMNS.values(),
        *ARRAYS.values(),
        *FLAG_COLUMNS.values(),
        *described.values(),
    ]
    try:
        base_sql, base_params = matches.order_by().values(*columns).query.sql_with_params()
    except EmptyResultSet:  # e.g. a search term without letters: nothing matches
        return counts

    through = {}
    for name in MANY_TO_MANY:
        field = Measure._meta.get_field(CHOICE_FACETS[name])
        through[name] = (
            field.remote_field.through._meta.db_table,
            field.m2m_column_name(),
            field.m2m_reverse_name(),
        )

    # What each chosen facet requires of a measure, as SQL with its parameter.
    conditions: dict[str, tuple[str, list]] = {}
    chosen_columns: list[tuple[str, list]] = []
    for name in CHOICE_FACETS:
        values = list(chosen.get(name) or [])
        if not values:
            continue
        if name in COLUMNS:
            conditions[name] = (f"m.{COLUMNS[name]} = ANY(%s)", [values])
        elif name in ARRAYS:
            cast = "smallint[]" if name == "weekday" else "varchar[]"
            values = [int(value) for value in values] if name == "weekday" else values
            conditions[name] = (f"m.{ARRAYS[name]} && %s::{cast}", [values])
        else:
            # Worked out once per measure in the CTE, then read by every facet.
            link_table, own, other = through[name]
            chosen_columns.append(
                (
                    f"m.id IN (SELECT {own} FROM {link_table} WHERE {other} = ANY(%s)) "
                    f"AS chosen_{name}",
                    values,
                )
            )
            conditions[name] = (f"m.chosen_{name}", [])
    active_flags = [flag for flag in FLAG_COLUMNS if flag in active_flags]

    def where(
        *, without: str | None = None, extra: tuple[str, ...] = (), counting_described=False
    ) -> tuple[str, list]:
        clauses, params = ["TRUE"], []
        for name, (clause, clause_params) in conditions.items():
            if name != without:
                clauses.append(clause)
                params += clause_params
        clauses += [f"m.{FLAG_COLUMNS[flag]}" for flag in {*active_flags, *extra}]
        if described_in in described and not counting_described:
            clauses.append(f"m.{described[described_in]}")
        return " AND ".join(clauses), params

    parts, params = [], []
    for name in CHOICE_FACETS:
        clause, clause_params = where(without=name)
        if name in MANY_TO_MANY:
            link_table, own, other = through[name]
            parts.append(
                f"SELECT %s, t.{other}::text, count(*) FROM matches m "
                f"JOIN {link_table} t ON t.{own} = m.id WHERE {clause} GROUP BY t.{other}"
            )
        elif name in ARRAYS:
            parts.append(
                f"SELECT %s, v::text, count(*) FROM matches m, unnest(m.{ARRAYS[name]}) v "
                f"WHERE {clause} GROUP BY v"
            )
        else:
            column = f"m.{COLUMNS[name]}"
            parts.append(
                f"SELECT %s, {column}::text, count(*) FROM matches m "
                f"WHERE {clause} GROUP BY {column}"
            )
        params += [name, *clause_params]
    # The yes/no facets, the languages described in and the total: one pass
    # over the matches, a count each.
    labels, keys, counters, counter_params = [], [], [], []
    for flag in FLAG_COLUMNS:
        clause, clause_params = where(extra=(flag,))
        labels.append("flags")
        keys.append(flag)
        counters.append(f"count(*) FILTER (WHERE {clause})")
        counter_params += clause_params
    for language, column in described.items():
        clause, clause_params = where(counting_described=True)
        labels.append(DESCRIBED)
        keys.append(language)
        counters.append(f"count(*) FILTER (WHERE {clause} AND m.{column})")
        counter_params += clause_params
    clause, clause_params = where()
    labels.append("total")
    keys.append("")
    counters.append(f"count(*) FILTER (WHERE {clause})")
    counter_params += clause_params
    parts.append(
        "SELECT unnest(%s::text[]), unnest(%s::text[]), "
        f"unnest(ARRAY[{', '.join(counters)}]) FROM matches m"
    )
    params += [labels, keys, *counter_params]

    # Every count above leaves out one choice at most and keeps the yes/no
    # facets: a measure that misses two choices counts nowhere, so the set is
    # cut down to the others before the counting passes read it again and again.
    relevant, relevant_params = [f"m.{FLAG_COLUMNS[flag]}" for flag in active_flags], []
    choices = list(conditions.values())
    if described_in in described:
        choices.append((f"m.{described[described_in]}", []))
    if len(choices) > 1:
        hits = " + ".join(f"({clause})::int" for clause, _params in choices)
        relevant.append(f"{hits} >= {len(choices) - 1}")
        relevant_params = [param for _clause, params in choices for param in params]
    # A relevant measure misses one of the linked choices (a district, a
    # language …) at most: with two or more of them it is among the measures
    # linked to all of them but one. Those are found in the link tables alone
    # (their indexes), with the choices each one meets, and joined to the
    # matches: neither every measure nor every measure of a broad choice
    # (an area of life) is read, and each link table once.
    linked = [name for name in MANY_TO_MANY if chosen.get(name) and name in conditions]
    relevant_sql = " AND ".join(relevant) or "TRUE"
    # Identifiers in this statement come from the model's metadata and the
    # constants above; every value the visitor chose travels as a parameter.
    if len(choices) > 1 and len(linked) >= 2:
        selects, meets, linked_params = [], [], []
        for number, name in enumerate(linked):
            link_table, own, other = through[name]
            # A measure is linked to a value once; to several chosen values, maybe more often.
            distinct = "DISTINCT " if len(chosen[name]) > 1 else ""
            selects.append(
                f"SELECT {distinct}{number} AS link, {own} AS id FROM {link_table} "
                f"WHERE {other} = ANY(%s)"
            )
            meets.append(f"bool_or(link = {number}) AS chosen_{name}")
            linked_params.append(list(chosen[name]))
        found = (
            f"SELECT id, {', '.join(meets)} FROM ({' UNION ALL '.join(selects)}) links "
            f"GROUP BY id HAVING count(*) >= {len(linked) - 1}"
        )
        source = (
            f"SELECT m.*, {', '.join(f'linked.chosen_{name}' for name in linked)} "
            f"FROM ({base_sql}) m JOIN ({found}) linked ON linked.id = m.id"
        )
        source_params = [*base_params, *linked_params]
    else:
        extra_columns = "".join(f", {column}" for column, _ids in chosen_columns)
        source = f"SELECT m.*{extra_columns} FROM ({base_sql}) m"
        source_params = [*(ids for _column, ids in chosen_columns), *base_params]
    sql = (
        f"WITH matches AS MATERIALIZED (SELECT * FROM ({source}) m WHERE {relevant_sql}) "
        + " UNION ALL ".join(parts)
    )
    params = [*source_params, *relevant_params, *params]
    with preparing_cursor(connection) if prepare else connection.cursor() as cursor:
        cursor.execute(sql, params)
        for name, value, count in cursor.fetchall():
            key = value if name in (*VALUE_FACETS, "flags", DESCRIBED, "total") else int(value)
            counts[name][key] = count
    return counts
