"""Which pack a save belongs to: one answer (playthroughs.files.find_pack) for every command and screen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sysplay.errors import PackError, SysplayError
from sysplay.playthroughs.files import find_pack, read_save
from sysplay.playthroughs.save import Playthrough
from sysplay.scenarios.loader import load_pack
from sysplay.scenarios.paths import bundled_dir


def _save_of(tmp_path: Path, source: str) -> Path:
    pt = Playthrough.start(load_pack("riverside_winter"), 1, tmp_path / "saves", source=source)
    assert pt.path is not None
    pt.close()
    return pt.path


def test_a_save_made_from_a_pack_folder_finds_that_folder(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    shutil.copytree(bundled_dir() / "riverside_winter", folder)
    path = _save_of(tmp_path, str(folder))
    found = find_pack(read_save(path), path)
    assert found.pack is not None and found.pack.source_path is not None
    assert found.pack.source_path.parent == folder.resolve() and found.spec == str(folder)
    assert (found.set_aside, found.why, found.error) == ("", "", None)


def test_a_source_no_user_could_have_chosen_is_set_aside_and_the_id_used(tmp_path: Path) -> None:
    path = _save_of(tmp_path, "riverside_winter")
    raw = path.read_text(encoding="utf-8").replace('"source":"riverside_winter"', '"source":"../../etc/passwd"')
    raw = raw.replace('"source": "riverside_winter"', '"source": "../../etc/passwd"')
    assert "etc/passwd" in raw
    path.write_text(raw, encoding="utf-8")
    found = find_pack(read_save(path), path)
    assert found.pack is not None and found.pack.meta.id == "riverside_winter" and found.spec == "riverside_winter"
    assert "../../etc/passwd" in found.set_aside and "was not opened" in found.set_aside


def test_a_broken_override_gives_its_errors_and_required_raises_them(tmp_path: Path) -> None:
    path = _save_of(tmp_path, "riverside_winter")
    bad = tmp_path / "bad.yaml"
    bad.write_text("meta: [\n", encoding="utf-8")
    found = find_pack(read_save(path), path, str(bad))
    assert found.pack is None and isinstance(found.error, PackError)
    assert found.why.startswith(f"'{bad}' could not be loaded (")
    with pytest.raises(PackError) as caught:
        found.required(path)
    assert caught.value is found.error


def test_a_save_that_names_no_loadable_pack_says_to_give_one(tmp_path: Path) -> None:
    path = _save_of(tmp_path, "riverside_winter")
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    data["pack"]["id"] = data["pack"]["source"] = "Not An Id!"
    path.write_text(json.dumps(data), encoding="utf-8")
    found = find_pack(read_save(path), path)
    assert found.pack is None and found.error is None
    with pytest.raises(SysplayError, match="give one with --pack"):
        found.required(path)
