"""``sysplay serve``: the app in a web browser through textual-serve, for a projector PC that has only a browser.

It has no authentication, so it listens on this machine only (127.0.0.1) unless told otherwise, and
says plainly what binding elsewhere means. Its page is our own (``serve_templates/``): it loads
nothing from another host (textual-serve's stock page fetches a font from a third-party server,
which an NHS network may block and which tells that server who is playing), and a
Content-Security-Policy forbids the browser to load anything from elsewhere anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import ipaddress
import shlex
import signal
import sys
from base64 import b64encode
from pathlib import Path
from typing import Any, TextIO

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

TEMPLATES = Path(__file__).parent / "serve_templates"
RESTART = ('document.getElementById("restart").addEventListener("click", function () '
           '{ window.location.reload(); });')


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1 or localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def warning_for(host: str) -> str | None:
    """The warning to print when the server would be reachable from other machines (None on loopback)."""
    if is_loopback(host):
        return None
    return (f"WARNING: listening on {host}, not on this machine only. sysplay serve has no password or "
            "login: anyone who can reach this address and port can play, read the saves in the save folder, "
            "and see what the room sees. Use it only on a network you trust, for as long as the session "
            "lasts, and prefer --host 127.0.0.1 with the browser on this machine.")


def app_command(save_dir: Path) -> str:
    """The command each browser connection runs: the full-screen game, saving to ``save_dir``."""
    return shlex.join([sys.executable, "-m", "sysplay.tui", "--save-dir", str(save_dir)])


class SysplayServer(Server):
    """textual-serve's server with our own page, links made from the address the browser used, and a CSP."""

    def __init__(self, command: str, host: str, port: int, out: TextIO) -> None:
        super().__init__(command, host=host, port=port, title="sysplay", templates_path=TEMPLATES)
        self.out = out

    def initialize_logging(self) -> None:
        """No Rich log handler on the console: the CLI prints what matters itself."""

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: textual-serve prints a logo here, before the address is even bound."""

    def listening(self, *_: object) -> None:
        """Say where to point the browser (once the address is bound, so scripts can wait for this line)."""
        self.out.write(f"sysplay: serving on http://{self._shown_host()}:{self.port}/ - open it in a browser; "
                       "ctrl+c stops\n")
        self.out.flush()

    def serve(self, debug: bool = False) -> None:
        """Serve until ctrl+c or a termination signal (textual-serve's own loop, with our start-up line)."""
        self.debug = debug
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, self.request_exit)
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
                    print=self.listening)

    def _shown_host(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """Our page, with every link on the host and port the browser reached us by."""
        origin = f"{request.scheme}://{request.host}"
        ws = ("wss" if request.scheme == "https" else "ws") + f"://{request.host}"
        static = str(request.app.router["static"].url_for(filename="/")).rstrip("/") + "/"
        script_hash = b64encode(hashlib.sha256(RESTART.encode()).digest()).decode()
        csp = (f"default-src 'none'; script-src 'self' 'sha256-{script_hash}'; style-src 'self' 'unsafe-inline'; "
               f"font-src 'self'; img-src 'self' data:; connect-src 'self' {ws}; base-uri 'none'; "
               "form-action 'none'")
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{ws}{request.app.router['websocket'].url_for()}",
            "config": {"static": {"url": f"{origin}{static}"}},
            "application": {"name": "sysplay"},
            "csp": csp,
            "restart_script": RESTART,
        }


def serve(*, host: str, port: int, save_dir: Path, out: TextIO) -> int:
    """Serve the app until ctrl+c; return the exit status."""
    warning = warning_for(host)
    if warning:
        out.write(warning + "\n")
    if not 0 < port < 65536:
        out.write(f"sysplay serve: error: --port must be between 1 and 65535, not {port}\n")
        return 2
    try:
        SysplayServer(app_command(save_dir), host, port, out).serve()
    except OSError as exc:
        out.write(f"sysplay serve: error: cannot listen on {host}:{port}: {exc.strerror or exc}\n")
        return 1
    return 0
