"""Handouts: public actor cards for everyone, private role briefings for whoever voices each actor."""

from __future__ import annotations

from pathlib import Path

import pytest

from sysplay.cli import main
from sysplay.scenarios.handouts import briefing, handouts_html, handouts_markdown
from sysplay.scenarios.loader import load_pack


def test_every_actor_has_a_card_and_a_private_briefing_with_their_concern() -> None:
    pack = load_pack("riverside_winter")
    md = handouts_markdown(pack)
    for a in pack.actors:
        assert f"## Role briefing: {a.display_name}" in md.replace("\\'", "'")
    acute = pack.actor("acute")
    sections = dict(briefing(pack, acute))
    assert acute.concern is not None and sections["What worries you most"][0].startswith(acute.concern)
    assert any("2024 discharge contract dispute" in line for line in sections["The people around you"])
    # The concern is hidden in the game: it is on the private briefing, never on the public cards.
    cards = md.split("## Role briefing")[0]
    assert acute.concern[:40] not in cards


def test_the_html_is_print_friendly_self_contained_and_escaped(tmp_path: Path) -> None:
    pack = load_pack("riverside_winter")
    page = handouts_html(pack)
    assert page.count('class="briefing"') == len(pack.actors) and "break-before:page" in page
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")
    assert "A&amp;E" in page and "A&E" not in page


def test_the_cli_writes_handouts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "handouts.html"
    assert main(["handouts", "riverside_winter", "--format", "html", "-o", str(out)]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert main(["handouts", "no_such_pack"]) == 1
