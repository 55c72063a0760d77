"""Speed benchmarks and the load generator of `make bench`; not part of the portal.

An app of the development checkout: settings install it only with debug on or
`DJANGO_DEVELOPMENT_TOOLS=1`, and the production package leaves it out. It may
import every app; no app imports it. One module per benchmarked app
(`measures`, `counselling`), plus `timing` (median, p95, SQL queries per call)
and `load` (the portal under gunicorn and a crowd of concurrent clients).
"""
