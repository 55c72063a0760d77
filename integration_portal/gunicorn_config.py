"""gunicorn's settings for the portal, used by `make serve` and in production:

    gunicorn -c python:integration_portal.gunicorn_config integration_portal.wsgi:application

Access and error log go to stdout with personal-link tokens and account keys
masked, in the request line, the query string and the referrer alike (the
access log writes all three for every request). Bind address and number of
workers are given on the command line.
"""

from gunicorn.glogging import Logger

from integration_portal.logging import WithoutKeys

accesslog = "-"
errorlog = "-"
logger_class = "integration_portal.gunicorn_config.PortalLogger"


class PortalLogger(Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(existing, WithoutKeys) for existing in log.filters):
                log.addFilter(WithoutKeys())
