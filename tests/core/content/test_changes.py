"""The change summary staff read before installing: every figure, text and photo, captions and credits
included, named by its label in the language asked for, figures with their units, a real arrow."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

from kiosk import resources
from kiosk.core.content import load_content
from kiosk.core.content.changes import FIGURE, PHOTO, TEXT, Changes, ChangeWords, compare, describe
from kiosk.core.content.model import Dataset, Indicator, Text

ZH_WORDS = ChangeWords(figure_changed="{label}：{old} → {new}", text_changed="{where}：“{old}” → “{new}”")


def _edited(tmp_path: Path, edit: Any) -> tuple[Changes, Path]:
    folder = tmp_path / "content"
    shutil.copytree(resources.bundled_content_dir(), folder)
    data = json.loads((folder / "content.json").read_text(encoding="utf-8"))
    edit(data, folder)
    (folder / "content.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    shown, new = load_content(resources.bundled_content_dir()), load_content(folder)
    assert shown.dataset is not None and new.dataset is not None, new.problems
    return compare(shown.dataset, new.dataset, shown.folder, folder, formatter=new.formatter), folder


def test_a_figure_is_named_by_its_label_with_its_units_in_each_language(tmp_path: Path) -> None:
    def edit(data: dict[str, Any], _folder: Path) -> None:
        assert data["pillars"][0]["indicators"][0]["id"] == "major-projects"
        data["pillars"][0]["indicators"][0]["value"] = 182

    changes, _ = _edited(tmp_path, edit)
    assert describe(changes, "zh", ZH_WORDS) == ["开工重大项目：178个 → 182个"]
    assert describe(changes, "en") == ["major projects started: 178 → 182"]


def test_caption_and_credit_edits_are_changes_not_nothing(tmp_path: Path) -> None:
    """It said "nothing: it is the content shown now" for these."""

    def edit(data: dict[str, Any], _folder: Path) -> None:
        photo = data["albums"][1]["photos"][0]
        photo["caption"]["zh"] = "新的图片说明"
        photo["credit"] = {"zh": "摄影：张三", "en": "Photo: Zhang San"}

    changes, _ = _edited(tmp_path, edit)
    assert not changes.none and changes.count(TEXT) == 2
    lines = describe(changes, "zh", ZH_WORDS)
    assert lines[0] == "栖霞湖 · caption：“栖霞湖畔的黄昏” → “新的图片说明”"
    assert lines[1].startswith("栖霞湖 · credit：“") and lines[1].endswith("” → “摄影：张三”")
    # The English caption did not change: the English summary names the language that did.
    assert describe(changes, "en")[0] == "Qixia Lake · caption [zh]: “栖霞湖畔的黄昏” → “新的图片说明”"


def test_texts_figures_and_photos_added_and_removed_are_each_said_once(tmp_path: Path) -> None:
    def edit(data: dict[str, Any], folder: Path) -> None:
        data["pillars"][1]["summary"]["en"] = "A corrected summary."
        album = data["albums"][1]
        album["photos"].append({**album["photos"][0], "id": "qixia-extra", "file": "photos/qixia-lake/05-extra.jpg"})
        shutil.copy(folder / album["photos"][0]["file"], folder / "photos" / "qixia-lake" / "05-extra.jpg")
        removed = data["pillars"][0]["indicators"].pop()
        data["pillars"][0]["key_figures"] = [k for k in data["pillars"][0]["key_figures"] if k != removed["id"]]
        for chart in data["pillars"][0].get("charts", []):
            chart["bars"] = [b for b in chart.get("bars", []) if b["indicator"] != removed["id"]]
        data["overview"]["key_figures"] = [k for k in data["overview"]["key_figures"] if k != removed["id"]]

    changes, _ = _edited(tmp_path, edit)
    # The new photo's caption is not said again; the removed figure's bar is a change of its chart.
    assert (changes.count(FIGURE), changes.count(PHOTO), changes.count(TEXT)) == (1, 1, 2)
    lines = describe(changes, "en")
    assert lines[0].startswith("Figure removed: ")
    assert lines[1].startswith("Stronger Innovation · summary: “") and lines[1].endswith("” → “A corrected summary.”")
    assert lines[2].startswith("Removed: Six target industries · bar 6: “")
    assert lines[3] == "Photo added: Dusk over Qixia Lake"
    assert all("->" not in line for line in lines)


def test_the_same_content_changes_nothing_and_a_long_summary_is_cut(tmp_path: Path) -> None:
    shown = load_content(resources.bundled_content_dir())
    assert shown.dataset is not None
    same = compare(shown.dataset, shown.dataset, shown.folder, shown.folder)
    assert same.none and describe(same, "zh", ChangeWords(nothing="没有变化")) == ["没有变化"]

    def edit(data: dict[str, Any], _folder: Path) -> None:
        for album in data["albums"]:
            for photo in album["photos"]:
                photo["credit"] = {"zh": "摄影：李四", "en": "Photo: Li Si"}

    changes, _ = _edited(tmp_path, edit)
    lines = describe(changes, "en", limit=3)
    assert len(lines) == 3 and lines[2] == f"… and {changes.count(TEXT) - 2} more"


def _with_french(dataset: Dataset) -> Dataset:
    """`dataset` with a third language on every figure's label and counter (as a French kiosk's)."""

    def french(ind: Indicator) -> Indicator:
        counter = Text({**ind.counter, "fr": ""}) if ind.counter is not None else None
        return replace(ind, label=Text({**ind.label, "fr": "étiquette"}), counter=counter)

    pages = tuple(replace(p, indicators=tuple(french(i) for i in p.indicators)) for p in dataset.pages)
    languages = (*dataset.languages, replace(dataset.languages[0], code="fr", name="Français"))
    return replace(dataset, languages=languages, overview=pages[0], pillars=pages[1:])


def test_a_language_only_one_content_has_makes_no_change_of_every_label_and_counter(tmp_path: Path) -> None:
    """Content with a third language against content without it: its words are not read as a change
    of every label and counter ("3个 → 3个"); what changed in the languages both have is still said."""

    def edit(data: dict[str, Any], _folder: Path) -> None:
        data["pillars"][0]["indicators"][0]["value"] = 180

    changes, folder = _edited(tmp_path, edit)
    shown = load_content(resources.bundled_content_dir()).dataset
    new = load_content(folder).dataset
    assert shown is not None and new is not None
    changes = compare(_with_french(shown), new, resources.bundled_content_dir(), folder)
    assert [(c.what, c.action) for c in changes.entries] == [(FIGURE, "changed")]
    old, now = changes.entries[0].old, changes.entries[0].new
    assert isinstance(old, Indicator) and isinstance(now, Indicator) and (old.value, now.value) == (178, 180)
