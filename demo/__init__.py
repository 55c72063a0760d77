"""Demo data for trying the portal locally (`make run`); not part of the portal.

An app of the development checkout: settings install it only with debug on or
`DJANGO_DEVELOPMENT_TOOLS=1`, and the production package leaves it out, so
`manage.py seed_demo` cannot fill a production database with demo accounts.
It may import every app; no app imports it. One module per app, each with
`seed(options, stdout)`; `manage.py seed_demo` calls them in the order the
apps depend on each other.
"""
