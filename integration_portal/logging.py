import logging

from .links import without_keys


class OneLineFormatter(logging.Formatter):
    """Keep every log event on one line, tracebacks included, for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "").replace("\n", " ⏎ ")


class WithoutKeys(logging.Filter):
    """Mask personal-link tokens and account keys in a log event: Django names
    the path of a failed request, gunicorn the request line and referrer of
    every request, and a log must not open anyone's appointment or account."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = without_keys(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = without_keys(record.exc_text)
        return True
