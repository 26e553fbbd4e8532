"""A third language needs files, not code: a content copy that adds French (every text the English one
with a mark), its locale file, and a Qt translation compiled here with the real pyside6-lrelease from a
.ts whose translations are the English sources with the mark. The real kiosk, switched to French on its
toggle, shows no Chinese and no unmarked English on any screen: every page and panel section, the
attract loop, the closed screen (with French day names), the countdown, the PIN pad, the staff panel
and its screens."""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QWidget

from kiosk import resources
from kiosk.qa import snapshot
from kiosk.qa.drive import settle, tap
from kiosk.qa.layout_audit import modal_covers
from kiosk.ui.app import Kiosk
from kiosk.ui.charts.chart_view import ChartView
from tests.kiosks import build, shutdown
from tests.process import qt_tool
from tests.test_no_cjk_literals import CJK

MARK = "[fr]"
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
WORDS = {
    "touch_to_explore": "Touchez pour explorer",
    "illustration": "Illustration",
    "closed": "L'exposition est fermée",
    "opens_today": "Ouvre aujourd'hui à {time}",
    "opens_tomorrow": "Ouvre demain à {time}",
    "opens_on_day": "Ouvre {day} à {time}",
    "opens_on_date": "Ouvre le {date} {month} à {time}",
    "opens_unknown": "À bientôt",
}
LETTERS = re.compile(r"[A-Za-zÀ-ÿ]")
# Shown as they are, in any language: a folder on a USB stick, and the content's problems as kiosk check
# words them (English, from the Qt-free loader; each line names its file and path).
_PROBLEM_LINE = r"(content\.json|locales/\w+\.json): .*"
AS_THEY_ARE = (re.compile(r"[\w.-]+(/[\w.-]+)+"), re.compile(rf"{_PROBLEM_LINE}(\n{_PROBLEM_LINE})*"))


def _mark(text: str) -> str:
    return f"{MARK}{text}" if text else ""


def _add_french_texts(node: object) -> None:
    """Every text of the content (an object with exactly the zh and en keys) gets a marked French one."""
    if isinstance(node, dict):
        if set(node) == {"zh", "en"} and all(isinstance(v, str) for v in node.values()):
            node["fr"] = _mark(node["en"])
            return
        for value in node.values():
            _add_french_texts(value)
    elif isinstance(node, list):
        for value in node:
            _add_french_texts(value)


def _french_locale() -> dict[str, object]:
    fr = json.loads((resources.bundled_content_dir() / "locales" / "en.json").read_text(encoding="utf-8"))
    fr["grouping"] = {"separator": "\u202f", "size": 3}
    fr["decimal"] = ","
    fr["scales"] = [{"factor": 1e9, "suffix": f" {MARK}milliards"}, {"factor": 1e6, "suffix": f" {MARK}millions"}]
    fr["units"] = {
        "yuan": f"{{n}} {MARK}yuans",
        "percent": "{n} %",
        "percent_change": {"up": "+{n} %", "down": "−{n} %"},
        "count": "{n} {counter}",
        "years": f"{{n}} {MARK}ans",
        "tonnes": f"{{n}} {MARK}tonnes",
    }
    fr["qualifiers"] = {
        "exact": {"number": "{n}"},
        "more_than": {"value": f"{MARK}plus de {{v}}"},
        "under": {"value": f"{MARK}moins de {{v}}"},
        "about": {"value": f"{MARK}environ {{v}}"},
        "at_least": {"value": f"{MARK}au moins {{v}}"},
        "scale_class": {"value": f"{MARK}classe des {{v}}"},
    }
    fr["periods"] = {
        "year": "{year}",
        "half1": f"{MARK}1er semestre {{year}}",
        "half2": f"{MARK}2e semestre {{year}}",
        "quarter": f"{MARK}T{{q}} {{year}}",
        "to_date": f"{MARK}{{year}} à ce jour",
    }
    fr["days"] = [_mark(d) for d in DAYS]
    fr["months"] = [_mark(m) for m in MONTHS]
    fr["words"] = {key: _mark(text) for key, text in WORDS.items()}
    return fr


def _french_qm(folder: Path) -> Path:
    """kiosk_fr.qm from a .ts whose every translation is its English source with the mark."""
    tree = ET.parse(resources.translations_dir() / "kiosk_zh.ts")
    root = tree.getroot()
    root.set("language", "fr")
    for message in root.iter("message"):
        source = message.findtext("source", "")
        translation = message.find("translation")
        assert translation is not None
        translation.attrib.pop("type", None)
        forms = translation.findall("numerusform")
        for form in forms:
            form.text = _mark(source)
        if not forms:
            translation.text = _mark(source)
    folder.mkdir(parents=True, exist_ok=True)
    ts = folder / "kiosk_fr.ts"
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    qm = folder / "kiosk_fr.qm"
    subprocess.run([qt_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True, timeout=60)
    return qm


@pytest.fixture
def french(content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = json.loads((content_copy / "content.json").read_text(encoding="utf-8"))
    data["languages"].append({"code": "fr", "name": "Français"})
    _add_french_texts(data)
    (content_copy / "content.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    (content_copy / "locales" / "fr.json").write_text(json.dumps(_french_locale(), ensure_ascii=False, indent=2), encoding="utf-8")
    qm = _french_qm(tmp_path / "i18n-extra")
    monkeypatch.setenv(resources.EXTRA_TRANSLATIONS_ENV, str(qm.parent))
    return content_copy


@pytest.fixture
def french_kiosk(french: Path, tmp_path: Path) -> Iterator[Kiosk]:
    kiosk = build(tmp_path / "home", content_dir=french, reduced_motion=True)
    try:
        yield kiosk
    finally:
        shutdown(kiosk)


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(widget, text) for every text shown under `root`: labels, buttons, fields, chart labels and values."""
    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        name = f"{type(widget).__name__}[{widget.property('role') or widget.objectName()}]"
        text_of = getattr(widget, "text", None)
        text = text_of() if callable(text_of) else ""
        if not text and hasattr(widget, "placeholderText"):
            text = widget.placeholderText()
        if isinstance(text, str) and text:
            found.append((name, text))
        if isinstance(widget, ChartView):
            found += [(name, t) for t in (*widget.label_texts(), *widget.value_texts())]
    return found


def not_french(texts: list[tuple[str, str]], allowed: set[str]) -> list[str]:
    """Texts with a CJK character, or with letters and no mark: left in Chinese or English."""
    return [
        f"{name}: {text!r}"
        for name, text in texts
        if text not in allowed
        and not any(pattern.fullmatch(text) for pattern in AS_THEY_ARE)
        and (CJK.search(text) or (LETTERS.search(text) and MARK not in text))
    ]


def test_a_third_language_is_files_only_and_every_screen_speaks_it(french_kiosk: Kiosk, tmp_path: Path) -> None:
    kiosk = french_kiosk
    window = kiosk.window
    assert kiosk.language.problems == [] and kiosk.content.state.rejected == ()
    toggle = window.language_toggle
    assert list(toggle.buttons) == ["zh", "en", "fr"]
    ends = [(toggle.buttons[c].property("first"), toggle.buttons[c].property("last")) for c in ("zh", "en", "fr")]
    assert ends == [(True, False), (False, False), (False, True)]  # the pill's rounded ends
    tap(window, toggle.buttons["fr"])
    settle(kiosk.app)
    assert kiosk.language.language == "fr" and toggle.buttons["fr"].isChecked()
    names = {lang.name for lang in kiosk.content.dataset.languages}  # a language's own name, the same in every language
    kiosk.pages.build_charts()
    problems: list[str] = []
    for index, view in enumerate(kiosk.pages.views):  # every page, every section of its panel
        snapshot.show_settled(kiosk, index)
        for section in range(max(1, view.sections)):
            view.show_section(section)
            view.finish_animation()
            settle(kiosk.app)
            problems += [f"{view.page.id} section {section + 1}: {p}" for p in not_french(visible_texts(window), names)]
    pictures = tmp_path / "pictures"
    kept: list[Path] = []

    def keep(picture: QPixmap, path: Path) -> None:  # every screen kiosk snapshot takes, as shown
        if "-fr-" not in path.name:
            return
        covers = modal_covers(window)
        problems.extend(f"{path.stem}: {p}" for p in not_french(visible_texts(covers[-1] if covers else window), names))
        if path.name.startswith(("1-", "9-attract", "9-closed")):
            snapshot.save_png(window.grab(), pictures / path.name)
            kept.append(pictures / path.name)

    keep.wants_picture = False  # type: ignore[attr-defined]
    snapshot.render_all(kiosk, pictures, 1920, 1080, keep=keep)
    assert problems == [], "\n".join(problems)
    assert sorted(p.name for p in kept) == ["1-industry-fr-1920x1080.png", "9-attract-fr-1920x1080.png", "9-closed-fr-1920x1080.png"]
    assert all(QPixmap(str(p)).size().toTuple() == (1920, 1080) for p in kept)  # type: ignore[attr-defined]


def test_the_attract_loop_and_the_closed_screen_speak_french_with_its_day_names(french_kiosk: Kiosk) -> None:
    kiosk = french_kiosk
    assert kiosk.hall is not None and kiosk.session is not None
    kiosk.language.set_language("fr")
    attract = kiosk.session.attract
    attract.start()
    try:
        for scene in {id(s): s for s in attract._scenes}.values():
            attract.show_scene(scene, "fr")
            attract.settle()
            assert not_french(visible_texts(attract), set()) == []
        assert attract.call_label.text() == _mark(WORDS["touch_to_explore"])
    finally:
        attract.stop()
    screen = kiosk.hall.screen
    now = kiosk.clocks.wall()
    for days in range(2, 7):  # within the week: the day's name, from fr.json
        opens = (now + timedelta(days=days)).replace(hour=9, minute=30)
        screen.show_closed(opens, display_off=False)
        assert screen.lang == "fr"
        day = _mark(DAYS[opens.weekday()])
        assert (screen.title_label.text(), screen.when_label.text()) == (_mark(WORDS["closed"]), _mark(f"Ouvre {day} à 09:30"))
    later = (now + timedelta(days=20)).replace(hour=9, minute=0)
    screen.show_closed(later, display_off=False)
    assert screen.when_label.text() == _mark(f"Ouvre le {later.day} {_mark(MONTHS[later.month - 1])} à 09:00")
    screen.hide()
