"""A pasted invalid UTF-8 byte never ends the game (Textual 8.2.8's input thread, issue #6456 there)."""

from __future__ import annotations

import codecs
import os
import sys
import threading
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Textual's Linux driver")

BAD_PASTE = b"ab\xffc\x1b[200~x\xfe\xc3y\x1b[201~d"


def _feed(driver_class: Any, data: bytes) -> tuple[list[Any], list[BaseException]]:
    """Run the driver's real input thread on a pipe carrying ``data``; return its messages and any error."""
    from textual.app import App

    read_end, write_end = os.pipe()
    messages: list[Any] = []
    errors: list[BaseException] = []

    class Collecting(driver_class):  # type: ignore[misc,valid-type]
        def process_message(self, message: Any) -> None:
            messages.append(message)

    driver = Collecting(App(), debug=False, mouse=False, size=(80, 24))
    driver.fileno = read_end

    def run() -> None:
        try:
            driver.run_input_thread()
        except BaseException as exc:  # noqa: BLE001 - the point is to see what escapes the thread
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    os.write(write_end, data)
    os.close(write_end)
    while thread.is_alive() and not errors and not any(getattr(m, "key", None) == "d" for m in messages):
        thread.join(0.05)
    driver.exit_event.set()
    thread.join(5)
    os.close(read_end)
    return messages, errors


async def test_the_textual_driver_dies_on_a_bad_byte_without_our_decoder(monkeypatch: pytest.MonkeyPatch) -> None:
    # Shows the fault being worked around, so the test below would fail without the workaround.
    from textual.drivers import linux_driver

    monkeypatch.setattr(linux_driver, "getincrementaldecoder", codecs.getincrementaldecoder)
    _messages, errors = _feed(linux_driver.LinuxDriver, BAD_PASTE)
    assert errors and isinstance(errors[0], UnicodeDecodeError)


async def test_a_bad_byte_in_a_paste_is_replaced_and_input_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual import events
    from textual.drivers import linux_driver

    from sysplay.tui.driver import install

    monkeypatch.setattr(linux_driver, "getincrementaldecoder", codecs.getincrementaldecoder)
    assert "textual.drivers.linux_driver" in install()
    messages, errors = _feed(linux_driver.LinuxDriver, BAD_PASTE)
    assert errors == []
    keys = [m.key for m in messages if isinstance(m, events.Key)]
    pastes = [m.text for m in messages if isinstance(m, events.Paste)]
    assert keys[:2] == ["a", "b"] and "c" in keys and keys[-1] == "d"
    assert pastes == ["x\ufffd\ufffdy"]
    assert install() == [], "installing twice changes nothing"
