"""``sysplay serve``: loopback by default, a warning elsewhere, and pages that load nothing from another host."""

from __future__ import annotations

import io
import os
import re
import select
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

pytest.importorskip("textual_serve", reason="the 'serve' extra is not installed")

from sysplay.cli import main  # noqa: E402
from sysplay.tui import serve as serve_mod  # noqa: E402

#: A URL with a host: scheme://host or protocol-relative //host.
URL = re.compile(r"""(?:(?:https?|wss?|ftp):)?//([A-Za-z0-9.\-\[\]:]+)""")
READY = 30.0


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "data-session-websocket-url") and value:
                self.links.append(value)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_line(proc: subprocess.Popen[bytes], needle: bytes) -> bytes:
    """Read the server's output until ``needle`` (the line printed once it listens), within READY seconds."""
    assert proc.stdout is not None
    seen = b""
    end = time.monotonic() + READY
    while needle not in seen:
        left = end - time.monotonic()
        assert left > 0, f"the server did not say it was listening: {seen.decode(errors='replace')}"
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 4096)
            assert chunk, f"the server stopped: {seen.decode(errors='replace')}"
            seen += chunk
    return seen


def _foreign_hosts(text: str, own: str) -> list[str]:
    """Hosts other than ``own`` that ``text`` refers to (comments in CSS are licence notices, not loads)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S) if "{" in text and "<html" not in text else text
    return sorted({m.group(1) for m in URL.finditer(text) if m.group(1).split(":")[0] not in (own, "")})


@pytest.fixture
def server(tmp_path: Path) -> tuple[str, str]:
    """``sysplay serve`` with its defaults (but a free port), running until the test ends."""
    port = _free_port()
    env = dict(os.environ, SYSPLAY_SAVE_DIR=str(tmp_path / "saves"))
    proc = subprocess.Popen([sys.executable, "-m", "sysplay", "serve", "--port", str(port)], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    try:
        said = _wait_for_line(proc, b"serving on").decode()
        yield f"http://127.0.0.1:{port}/", said
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.slow
def test_serve_listens_on_loopback_by_default_and_its_pages_load_nothing_from_elsewhere(
        server: tuple[str, str]) -> None:
    base, said = server
    assert "http://127.0.0.1:" in said and "WARNING" not in said
    page = urllib.request.urlopen(base, timeout=20).read().decode()
    assert "<title>sysplay</title>" in page
    assert "fonts.googleapis" not in page and _foreign_hosts(page, "127.0.0.1") == []
    assert "Content-Security-Policy" in page and "default-src 'none'" in page.replace("&#39;", "'")
    links = _Links()
    links.feed(page)
    fetched = []
    for link in links.links:
        url = urljoin(base, link)
        assert urlsplit(url).hostname == "127.0.0.1" or url.startswith("data:"), url
        if url.startswith("http"):
            body = urllib.request.urlopen(url, timeout=20).read().decode("utf-8", errors="replace")
            assert _foreign_hosts(body, "127.0.0.1") == [], url
            fetched.append(url)
            for font in re.findall(r"""url\(["']?([^"')]+)""", body):
                assert urlsplit(urljoin(url, font)).hostname in (None, "127.0.0.1")
    assert any(u.endswith("textual.js") for u in fetched) and any(u.endswith("xterm.css") for u in fetched)
    for font in re.findall(r"""url\(["']?([^"')]+)""", page):
        assert urlsplit(font).hostname == "127.0.0.1"
        assert urllib.request.urlopen(font, timeout=20).status == 200


def test_the_stock_page_would_have_failed_the_check() -> None:
    """The check above can fail: textual-serve's own page loads its font from another host."""
    import textual_serve

    stock = (Path(textual_serve.__file__).parent / "templates" / "app_index.html").read_text()
    assert "fonts.googleapis.com" in _foreign_hosts(stock, "127.0.0.1")


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                                 ("127.0.0.2", True), ("0.0.0.0", False), ("192.168.1.20", False),
                                                 ("projector.local", False)])
def test_anything_but_loopback_gets_a_clear_warning(host: str, loopback: bool) -> None:
    warning = serve_mod.warning_for(host)
    assert (warning is None) is loopback
    if warning:
        assert "no password" in warning and host in warning


def test_the_cli_warns_before_serving_elsewhere(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    started: list[tuple[str, int]] = []
    monkeypatch.setattr(serve_mod.SysplayServer, "serve", lambda self, debug=False: started.append((self.host,
                                                                                                     self.port)))
    assert main(["serve", "--host", "0.0.0.0", "--port", "8123", "--save-dir", str(tmp_path)]) == 0
    assert started == [("0.0.0.0", 8123)]
    assert "WARNING: listening on 0.0.0.0" in capsys.readouterr().err
    assert main(["serve", "--port", "8124", "--save-dir", str(tmp_path)]) == 0
    assert started[-1] == ("127.0.0.1", 8124) and "WARNING" not in capsys.readouterr().err


def test_each_connection_runs_the_title_screen_with_the_save_folder(tmp_path: Path) -> None:
    command = serve_mod.app_command(tmp_path / "my saves")
    assert "-m sysplay.tui --save-dir" in command and "'" in command  # quoted: the path has a space
    out = io.StringIO()
    assert serve_mod.serve(host="127.0.0.1", port=0, save_dir=tmp_path, out=out) == 2
    assert "--port must be between 1 and 65535" in out.getvalue()
