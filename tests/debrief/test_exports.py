"""Exports: Markdown, HTML and JSON for every bundled pack; self-contained, escaped HTML; notes in place."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from sysplay.cli import run_debrief
from sysplay.debrief import analyse, to_html, to_json, to_markdown
from sysplay.debrief.source import open_save
from sysplay.playthroughs.save import read_save
from sysplay.playthroughs.snapshot import DebriefSnapshot
from sysplay.scenarios.paths import bundled_ids
from tests.budget import counted
from tests.debrief.helpers import PackLoader, play

SCRIPT = "<script>alert(1)</script>"
MARKUP = "[bold]x[/bold]"


def assert_self_contained(html: str) -> None:
    low = html.lower()
    assert "<svg" in low
    for bad in ("<script", "http://", "https://", "<link", "@import", "url(", "<iframe", "<object", "<embed",
                " src=", "=\"javascript:", " on"):
        assert bad not in re.sub(r">[^<]*<", "><", low), bad  # outside text content: no such markup at all
    for bad in ("<script", "http://", "https://", "<link", "@import"):
        assert bad not in low, bad
    assert all(href.startswith("#") for href in re.findall(r'href="([^"]*)"', html)), "only links within the page"
    assert re.search(r"@media\s+print", html)


@pytest.mark.parametrize("pack_id", bundled_ids())
@pytest.mark.parametrize("persona", ["coalition_builder", "heroic_director", "random"])
def test_every_export_works_on_every_bundled_pack(tmp_path: Path, packs: PackLoader, pack_id: str, persona: str) -> None:
    pt = play(packs(pack_id), 11, tmp_path, persona)
    assert pt.path is not None
    d = open_save(pt.path).debrief()
    assert d.meta.turns_played == len(pt.data.turns) and d.timeline
    md, html, js = to_markdown(d), to_html(d), to_json(d)
    assert md.startswith("# Debrief: ") and "## Your habits" in md and "## Questions to reflect on" in md
    assert_self_contained(html)
    data = json.loads(js)
    assert data["format"] == "sysplay-debrief" and len(data["behaviours"]) == 8
    assert data == json.loads(d.model_dump_json()), "the JSON export is the model dump"


def test_notes_and_votes_appear_in_place(tmp_path: Path, packs: PackLoader) -> None:
    pt = play(packs("riverside_winter"), 4, tmp_path, "curious_convenor", turns=6,
              notes={3: "Helen went quiet when I mentioned the board."})
    pt.add_note("The room thought the council was stalling.", kind="facilitator", turn=5)
    pt.add_vote({"fund home care": 7, "open beds": 3}, question="Late winter money")
    assert pt.path is not None
    d = open_save(pt.path).debrief()
    by_turn = {t.turn: t for t in d.timeline}
    assert [n.text for n in by_turn[3].notes] == ["Helen went quiet when I mentioned the board."]
    assert [n.kind for n in by_turn[5].notes] == ["facilitator"]
    assert by_turn[6].votes and by_turn[6].votes[0].counts == {"fund home care": 7, "open beds": 3}
    assert not any(t.notes for k, t in by_turn.items() if k not in (3, 5))
    md = to_markdown(d)
    md = md[md.index("## What happened"):]
    week3, week4 = md.index("### Week 3:"), md.index("### Week 4:")
    assert week3 < md.index("Helen went quiet") < week4
    assert md.index("### Week 5:") < md.index("The room thought") < md.index("### Week 6:")
    html = to_html(d)
    timeline = html[html.index('<section id="timeline">'):]
    assert timeline.index("<h3>Week 3:") < timeline.index("Helen went quiet") < timeline.index("<h3>Week 4:")
    assert "Facilitator&#x27;s note" in html and "fund home care: 7" in html


def test_hostile_note_text_is_escaped_everywhere(tmp_path: Path, packs: PackLoader) -> None:
    pt = play(packs("riverside_winter"), 5, tmp_path, "coalition_builder", turns=4,
              notes={2: SCRIPT, 3: MARKUP + " & <b>bold</b> | [link](javascript:x)"})
    assert pt.path is not None
    d = open_save(pt.path).debrief()
    html = to_html(d)
    assert_self_contained(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and SCRIPT not in html
    assert MARKUP in html and "&amp; &lt;b&gt;bold&lt;/b&gt;" in html
    md = to_markdown(d)
    assert "<script" not in md and "<b>" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert r"\[bold\]x\[/bold\]" in md and r"\[link\](javascript:x)" in md and r"\|" in md


def test_escape_sequences_and_bidi_in_a_save_never_reach_the_output(tmp_path: Path, packs: PackLoader) -> None:
    pt = play(packs("riverside_winter"), 6, tmp_path, "avoider", turns=3)
    assert pt.path is not None
    raw = json.loads(pt.path.read_text(encoding="utf-8"))
    raw["notes"] = [{"turn": 2, "kind": "player", "at": "",
                     "text": "red \u001b[31mALERT\u001b[0m \u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007 "
                             "\u202eevil\u202c \u0007bell"}]
    raw["player"] = "Pat\u001b[2J"
    pt.path.write_text(json.dumps(raw), encoding="utf-8")
    out = tmp_path / "d.md"
    assert run_debrief([pt.path], fmt="md", output=out, pack=None) == 0
    for text in (out.read_text(encoding="utf-8"), to_html(open_save(pt.path).debrief())):
        assert "\u001b" not in text and "\u202e" not in text and "\u0007" not in text
        assert "evil.example" not in text and "ALERT" in text and "Pat" in text


def test_analyse_is_pure(played: Callable[[str, int], Path]) -> None:
    path = played("coalition_builder", 3)
    save = read_save(path)
    assert save.snapshot is not None
    snap = DebriefSnapshot.model_validate(save.snapshot)
    before = snap.model_dump_json()
    a, b = analyse(save, snap), analyse(save, snap)
    assert a.model_dump_json() == b.model_dump_json()
    assert snap.model_dump_json() == before, "the snapshot is not changed"


def test_names_are_shown_never_raw_ids(played: Callable[[str, int], Path]) -> None:
    d = open_save(played("coalition_builder", 1)).debrief()
    names = {n.name for n in d.relationships.nodes}
    lines = [ln for t in d.timeline for ln in t.moves + t.landed]
    assert lines and all(set(ln.targets) <= names and set(ln.tailored) <= names for ln in lines)
    assert all(a.actor in names for a in d.knew)
    ties = d.relationships.made + d.relationships.healed + d.relationships.broken
    assert all(t.source in names and t.target in names for t in ties)
    md = to_markdown(d)
    assert not re.search(r"\bwith (acute|council|homecare|carers|pcn|healthwatch|community)\b", md)


def test_critical_moments_carry_their_causal_chains(played: Callable[[str, int], Path]) -> None:
    d = open_save(played("coalition_builder", 2)).debrief()
    kinds = {m.kind for m in d.moments}
    assert {"delayed", "dilemma"} <= kinds, kinds
    delayed = [m for m in d.moments if m.kind == "delayed"]
    assert all(any("landing now" in c for c in m.chain) for m in delayed)
    assert [m.turn for m in d.moments] == sorted(m.turn for m in d.moments)
    assert all(m.chain for m in d.moments if m.kind in ("swing", "delayed", "surprise"))


def test_html_export_of_a_twelve_turn_save_stays_within_a_call_budget(played: Callable[[str, int], Path], tmp_path: Path) -> None:
    path = played("coalition_builder", 1)
    out = tmp_path / "debrief.html"
    assert run_debrief([path], fmt="html", output=tmp_path / "first.html", pack=None) == 0  # modules loaded
    with counted() as calls:
        assert run_debrief([path], fmt="html", output=out, pack=None) == 0
    assert calls.n < 1_000_000, calls.n  # about 110,000: one replay, one analysis, one render
    assert_self_contained(out.read_text(encoding="utf-8"))


def _render_gfm(text: str) -> str:
    """Markdown as a GitHub-like renderer makes it: tables, strikethrough, bare links."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"linkify": True}).enable(["table", "strikethrough", "linkify"]).render(text)


HOSTILE_LABEL = "<img src=x onerror=alert(1)> ![i](http://x.example/i.png) | a | b"


def test_a_hostile_turn_label_and_notes_make_no_markup(tmp_path: Path, packs: PackLoader) -> None:
    # The reproduction: meta.turn_label went into table headers raw, from a pack or a tampered snapshot.
    pt = play(packs("riverside_winter"), 5, tmp_path, "coalition_builder", turns=3,
              notes={2: "See https://evil.example/x and www.evil.example Qzxline\n---\n# Qzxhead\n- item\n1. first\n"
                        "    code\n~~struck~~ mail@evil.example"})
    assert pt.path is not None
    raw = json.loads(pt.path.read_text(encoding="utf-8"))
    raw["snapshot"]["turn_label"] = HOSTILE_LABEL
    raw["pack"]["content_hash"] = "0" * 64  # so the debrief falls back to the stored snapshot
    pt.path.write_text(json.dumps(raw), encoding="utf-8")
    d = open_save(pt.path).debrief()
    assert d.meta.turn_label == HOSTILE_LABEL
    md = to_markdown(d)
    html = _render_gfm(md)
    assert "<img" not in html and "onerror=alert" not in md.replace("onerror=alert(1)&gt;", "")
    assert "<a " not in html, re.findall(r"<a [^>]*>", html)
    assert "<del>" not in html and "<pre>" not in html and "<code>" not in html
    assert "Qzxline" in html and "Qzxhead" in html
    assert not re.search(r"<h\d>[^<]*Qzx", html), "no heading made from a note"
    body = html[html.index("Your note"):] if "Your note" in html else html
    assert "<hr" not in body and "<ol>" not in body
    # Every table keeps its columns: a label with pipes in it stays in one header cell.
    for table in re.findall(r"<table>.*?</table>", html, flags=re.S):
        head = re.search(r"<thead>.*?</thead>", table, flags=re.S)
        assert head is not None
        cells = re.findall(r"<th[ >]", head.group(0))
        row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", table, flags=re.S)
        assert row is None or len(re.findall(r"<td[ >]", row.group(1))) == len(cells)


def test_simulate_html_has_the_debrief_content_security_policy(tmp_path: Path) -> None:
    from sysplay.debrief.html import CSP
    from sysplay.simulate.cli import run_simulate

    out = tmp_path / "report.html"
    run_simulate("riverside_winter", runs=2, persona="random", seed=1, jobs=1, as_json=True, html=out)
    head = out.read_text(encoding="utf-8").split("</head>")[0]
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in head
