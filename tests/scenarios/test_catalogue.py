"""The list of packs: headers read from each main file at once, the full check after, and headers kept
between launches."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from sysplay.scenarios import catalogue as cat
from sysplay.scenarios.catalogue import catalogue, headers, remember
from sysplay.scenarios.paths import bundled_dir, bundled_ids


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder to run in (so ./scenarios is empty unless a test fills it)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _local_pack(here: Path, name: str = "mine") -> Path:
    folder = here / "scenarios" / name
    shutil.copytree(bundled_dir() / "riverside_winter", folder)
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    (folder / "pack.yaml").write_text(text.replace("title: Winter at Riverside", "title: My own winter", 1),
                                      encoding="utf-8")
    return folder


def _bump(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def test_headers_read_only_the_main_file_and_are_marked_unchecked(here: Path) -> None:
    folder = _local_pack(here)
    (folder / "actors.yaml").write_text("actors: [not, a, valid, actor]\n", encoding="utf-8")
    mine = next(e for e in headers() if e.spec == "scenarios/mine")
    assert (mine.title, mine.turns, mine.checked, mine.actors, mine.error) == ("My own winter", 12, False, 0, None)
    checked = next(e for e in catalogue() if e.spec == "scenarios/mine")
    assert checked.checked and checked.error is not None and "actors.yaml" in checked.error


def test_a_main_file_that_cannot_be_read_is_listed_with_its_error(here: Path) -> None:
    folder = _local_pack(here)
    (folder / "pack.yaml").write_text("meta: [\n", encoding="utf-8")
    mine = next(e for e in headers() if e.spec == "scenarios/mine")
    assert mine.error is not None and mine.error.startswith(str(folder / "pack.yaml") + ":")


def test_a_full_check_counts_the_actors(here: Path) -> None:
    entry = next(e for e in catalogue() if e.spec == "riverside_winter")
    assert entry.checked and entry.actors >= 7 and entry.error is None


def test_remembered_headers_are_used_without_reading_the_pack(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _local_pack(here)
    cache = here / "config" / "packs.json"
    remember(cache, catalogue())
    assert json.loads(cache.read_text(encoding="utf-8"))["version"] == cat.CACHE_VERSION

    def no_read(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a remembered pack must not be read")

    monkeypatch.setattr("sysplay.scenarios.yamlsafe.load_yaml_file", no_read)
    titles = {e.spec: e.title for e in headers(cache)}
    assert titles["scenarios/mine"] == "My own winter" and titles["riverside_winter"] == "Winter at Riverside"


def test_an_edited_main_file_is_read_again(here: Path) -> None:
    folder = _local_pack(here)
    cache = here / "packs.json"
    remember(cache, catalogue())
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("My own winter", "A renamed winter"), encoding="utf-8")
    _bump(pack)
    assert next(e for e in headers(cache) if e.spec == "scenarios/mine").title == "A renamed winter"


@pytest.mark.parametrize("content", ["not json", '{"version": 99, "packs": {}}', '{"version": 1, "packs": []}',
                                     '{"version": 1, "packs": {"X": {"signature": "no"}}}', "[]"])
def test_a_damaged_cache_is_ignored(here: Path, content: str) -> None:
    cache = here / "packs.json"
    cache.write_text(content, encoding="utf-8")
    assert [e.title for e in headers(cache)] == [e.title for e in headers()]


def test_a_cached_row_of_the_wrong_shape_is_read_from_the_file(here: Path) -> None:
    folder = _local_pack(here)
    cache = here / "packs.json"
    remember(cache, catalogue())
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["packs"][str(folder.resolve())]["turns"] = "twelve"
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert next(e for e in headers(cache) if e.spec == "scenarios/mine").turns == 12


def test_packs_that_do_not_load_are_not_remembered(here: Path) -> None:
    folder = _local_pack(here)
    (folder / "actors.yaml").write_text("actors: [broken]\n", encoding="utf-8")
    cache = here / "packs.json"
    remember(cache, catalogue())
    assert str(folder.resolve()) not in json.loads(cache.read_text(encoding="utf-8"))["packs"]


def test_a_cache_that_cannot_be_written_is_left_alone(here: Path) -> None:
    blocker = here / "file"
    blocker.write_text("x", encoding="utf-8")
    remember(blocker / "packs.json", catalogue())  # its folder is a file: nothing raised
    assert blocker.read_text(encoding="utf-8") == "x"


def _tutorial_order(entries: list[cat.Entry]) -> list[tuple[str, bool]]:
    return [(e.spec, e.tutorial) for e in entries]


def test_tutorials_come_first_from_the_header_the_check_and_the_cache(
        here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _local_pack(here, "zz_local_tutorial")
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("  turns: 12", "  tutorial: true\n  turns: 12", 1),
                    encoding="utf-8")
    others = sorted(i for i in bundled_ids() if i != "first_steps")
    expected = [("first_steps", True), ("scenarios/zz_local_tutorial", True)] + [(i, False) for i in others]
    assert _tutorial_order(headers()) == expected  # a local tutorial goes ahead of a bundled scenario
    checked = catalogue()
    assert _tutorial_order(checked) == expected and all(e.error is None for e in checked)
    cache = here / "packs.json"
    remember(cache, checked)
    monkeypatch.setattr("sysplay.scenarios.yamlsafe.load_yaml_file", None)  # remembered: nothing is read
    assert _tutorial_order(headers(cache)) == expected
    assert "(tutorial: start here)" in str(checked[0]) and "start here" not in str(checked[-1])


def test_a_tutorial_mark_that_is_not_true_is_no_tutorial(here: Path) -> None:
    folder = _local_pack(here)
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("  turns: 12", '  tutorial: "yes"\n  turns: 12', 1),
                    encoding="utf-8")
    mine = next(e for e in headers() if e.spec == "scenarios/mine")
    assert not mine.tutorial  # the header reader takes only a real true; the full check refuses the string
    checked = next(e for e in catalogue() if e.spec == "scenarios/mine")
    assert checked.error is not None and "tutorial" in checked.error
