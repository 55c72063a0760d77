import logging


class OneLineFormatter(logging.Formatter):
    """Keep every log event on one line, tracebacks included, for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "").replace("\n", " ⏎ ")
