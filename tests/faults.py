"""Faults injected for real. A real SMTP server on a free port: it speaks enough
SMTP for Django's backend (EHLO, MAIL, RCPT, DATA, RSET, QUIT) and keeps the
messages it accepts; told to, it accepts connections and never answers (a
hung mail server), takes the message and never confirms it (an unknown
outcome), or refuses the message with a 451 (a temporary failure)."""

import contextlib
import email
import socket
import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    timeout = 10

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        sink = self.server.sink
        if sink.mode == "hang":
            sink.hung.wait(15)  # accept, say nothing: the client's timeout must end it
            return
        self.reply("220 sink ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 sink")
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go ahead")
                data = []
                while True:
                    chunk = self.rfile.readline()
                    if chunk in (b".\r\n", b".\n", b""):
                        break
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                if sink.mode == "refuse":
                    self.reply("451 try again later")
                elif sink.mode == "hang_after_data":
                    # The message arrived, the answer never does: an unknown outcome.
                    sink.messages.append(email.message_from_bytes(b"".join(data)))
                    sink.hung.wait(15)
                    return
                else:
                    sink.messages.append(email.message_from_bytes(b"".join(data)))
                    self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    def __init__(self):
        self.messages = []
        self.mode = "accept"  # or "hang", "hang_after_data", "refuse"
        self.hung = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.sink = self
        self.port = self._server.server_address[1]
        # A short poll: shutdown() at the end of each test waits for the loop to look (0.5 s by default).
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def close(self):
        self.hung.set()
        self._server.shutdown()
        self._server.server_close()


@contextlib.contextmanager
def smtp_sink(settings):
    """Point Django's SMTP backend at a fresh sink for the block."""
    sink = SmtpSink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 1
    try:
        yield sink
    finally:
        sink.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def producer_broker(url):
    """Point this process's producer at `url` (a worker keeps its own)."""
    from config.celery_app import app

    saved = app.conf.broker_write_url

    def reset_pools():
        # kombu keeps one pool per broker URL; Celery caches the current one.
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.broker_write_url = url  # what producers connect to
    reset_pools()
    try:
        yield
    finally:
        app.conf.broker_write_url = saved
        reset_pools()


@contextlib.contextmanager
def dead_broker():
    """This process publishes for real (tasks are sent, not run in-process)
    to a port where nothing listens: the broker is down."""
    from config.celery_app import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with producer_broker(f"redis://127.0.0.1:{free_port()}/0"):
            yield
    finally:
        app.conf.task_always_eager = saved
