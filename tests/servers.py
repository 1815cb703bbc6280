"""Local servers for the tests of what the site does when a service is away."""

import socket
import threading
import time


def closed_port():
    """Return a local port that nothing listens on: a connection there is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SilentServer:
    """A local server that takes connections and never answers, as a hung server does.

    To its clients it is also a host that drops packets: each waits for its own timeout.
    `connections` counts the clients that came.
    """

    def __enter__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.held = []
        self.open = True
        self.taker = threading.Thread(target=self.take, daemon=True)
        self.taker.start()
        return self

    def take(self):
        while self.open:
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            self.held.append(client)

    @property
    def connections(self):
        return len(self.held)

    def __exit__(self, *exc_info):
        self.open = False
        self.taker.join()
        for client in self.held:
            client.close()
        self.listener.close()


def later(back_off):
    """Move `back_off`'s clock on past its wait, as if that long had gone by."""
    back_off.clock = lambda: time.monotonic() + back_off.seconds
