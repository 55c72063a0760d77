"""Real servers for tests that need more than the test client: the portal under
gunicorn with several workers (`bench.load.gunicorn`), and a TCP
proxy in front of PostgreSQL that a test can cut and restore to simulate a
database outage."""

import contextlib
import os
import selectors
import socket
import threading
import urllib.error
import urllib.request

from django.conf import settings

from bench.load import free_port, gunicorn

__all__ = ["TcpProxy", "fetch", "free_port", "gunicorn", "portal_env"]


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target; `cut()` drops every connection and
    refuses new ones, `restore()` accepts again, like a database going away."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    def start(self) -> "TcpProxy":
        self._listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        self._listener.settimeout(0.2)
        threading.Thread(target=self._accept_loop, args=(self._listener,), daemon=True).start()
        return self

    def _accept_loop(self, listener: socket.socket) -> None:
        while not self._stopped.is_set():
            try:
                client, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=3)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs.append((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ, upstream)
        selector.register(upstream, selectors.EVENT_READ, client)
        try:
            while True:
                for key, _events in selector.select(timeout=1):
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except OSError:
            return
        finally:
            selector.close()
            for end in (client, upstream):
                with contextlib.suppress(OSError):
                    end.close()

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener:
            listener.close()
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for end in pair:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                    end.close()

    def restore(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.2)
        threading.Thread(target=self._accept_loop, args=(self._listener,), daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()
        self.cut()


def portal_env(database_url: str | None = None) -> dict[str, str]:
    """Production-like settings for a portal process against the test database."""
    database = settings.DATABASES["default"]
    if database_url is None:
        host = database["HOST"] or ""
        port = f":{database['PORT']}" if database["PORT"] else ""
        database_url = f"postgresql://{host}{port}/{database['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "test-only-not-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def fetch(url: str, timeout: float = 10, data: bytes | None = None, headers: dict | None = None):
    """GET (or POST with `data`) and return (status, body), also for error statuses."""
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
