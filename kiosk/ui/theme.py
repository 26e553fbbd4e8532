"""Palette and type scale, designed at 1920x1080 and scaled by the short side of the screen, so a
4K panel gets the same layout at twice the pixels and a portrait panel keeps readable text."""

from __future__ import annotations

from dataclasses import dataclass

FONT_FAMILY = "Kiosk Sans"
DESIGN_SHORT_SIDE = 1080


@dataclass(frozen=True)
class Palette:
    background: str = "#0D1B2E"
    background_deep: str = "#081321"
    surface: str = "#15294A"
    surface_raised: str = "#1D3660"
    text: str = "#F5F2EA"
    text_muted: str = "#B8C4D6"
    text_faint: str = "#8FA0B8"
    gold: str = "#F2C45A"
    accents: tuple[str, ...] = ("#F2C45A", "#F0A04B", "#4FC3F7", "#6FD39A", "#F58C7A", "#B39DFA")


# Pixel sizes at 1080p. Nothing a visitor reads is smaller than 24 px.
TYPE_SCALE = {
    "display": 80,  # key figures
    "hero": 68,  # overview headline
    "title": 64,  # page title
    "headline": 42,
    "body": 30,
    "label": 27,
    "meta": 24,
    "tab": 34,
    "button": 30,
}
TOUCH_TARGET = 96  # tab bar and toggles, at 1080p (>= 80 px)


def scale_for(width: int, height: int) -> float:
    return max(0.5, min(width, height) / DESIGN_SHORT_SIDE)


def accent(index: int, palette: Palette = Palette()) -> str:
    """Accent of the page at `index` (0 is the overview), cycling so added pillars get one too."""
    return palette.accents[index % len(palette.accents)]


def stylesheet(scale: float, palette: Palette = Palette()) -> str:
    def px(name_or_value: str | int) -> str:
        base = TYPE_SCALE[name_or_value] if isinstance(name_or_value, str) else name_or_value
        return f"{round(base * scale)}px"

    p = palette
    return f"""
    QWidget#KioskWindow {{ background: qlineargradient(x1:0, y1:0, x2:1, y2:1,
        stop:0 {p.background}, stop:1 {p.background_deep}); }}
    QWidget {{ color: {p.text}; font-family: "{FONT_FAMILY}"; }}
    QStackedWidget, QWidget#Page {{ background: transparent; }}
    QLabel {{ background: transparent; }}
    QLabel[role="brand"] {{ font-size: {px("headline")}; font-weight: bold; }}
    QLabel[role="brand-sub"] {{ font-size: {px("label")}; color: {p.text_muted}; }}
    QLabel[role="hero"] {{ font-size: {px("hero")}; font-weight: bold; }}
    QLabel[role="title"] {{ font-size: {px("title")}; font-weight: bold; }}
    QLabel[role="headline"] {{ font-size: {px("headline")}; font-weight: bold; }}
    QLabel[role="tagline"] {{ font-size: {px("label")}; color: {p.gold}; }}
    QLabel[role="body"] {{ font-size: {px("body")}; color: {p.text}; }}
    QLabel[role="highlight"] {{ font-size: {px("label")}; color: {p.text}; }}
    QLabel[role="section"] {{ font-size: {px("meta")}; color: {p.text_muted}; font-weight: bold;
        letter-spacing: 1px; }}
    QWidget[role="figure"] {{ font-size: {px("display")}; font-weight: bold; }}
    QWidget[role="figure-small"] {{ font-size: {px("headline")}; font-weight: bold; }}
    QLabel[role="group-title"] {{ font-size: {px("meta")}; color: {p.gold}; font-weight: bold; }}
    QLabel[role="figure-label"] {{ font-size: {px("label")}; color: {p.text}; }}
    QLabel[role="meta"] {{ font-size: {px("meta")}; color: {p.text_faint}; }}
    QLabel[role="hint"] {{ font-size: {px("label")}; color: {p.text_muted}; }}
    QLabel[role="tag"] {{ font-size: {px("meta")}; color: {p.text}; background: rgba(8, 19, 33, 170);
        border-radius: {px(16)}; padding: {px(4)} {px(16)}; }}
    QLabel[role="caption"] {{ font-size: {px("body")}; font-weight: bold; color: #FFFFFF; }}
    QLabel[role="credit"] {{ font-size: {px("meta")}; color: {p.text_muted}; }}
    QWidget#Attract {{ background: {p.background_deep}; }}
    QWidget[role="attract-figure"] {{ font-size: {px(200)}; font-weight: bold; }}
    QLabel[role="attract-caption"] {{ font-size: {px(52)}; color: {p.text}; }}
    QLabel[role="attract-call"] {{ font-size: {px(64)}; font-weight: bold; color: {p.gold}; }}
    QLabel[role="attract-call-small"] {{ font-size: {px(44)}; color: {p.text}; }}
    QLabel[role="pin-dots"] {{ font-size: {px(56)}; color: {p.gold}; min-height: {px(70)}; }}
    QLabel[role="staff-health"] {{ font-size: {px("meta")}; color: {p.text}; }}
    QPushButton[role="pin-key"] {{ font-size: {px(40)}; font-weight: bold; color: {p.text}; background: {p.surface_raised};
        border: none; border-radius: {px(16)}; min-width: {px(140)}; min-height: {px(92)}; }}
    QPushButton[role="pin-key"]:pressed {{ background: {p.gold}; color: {p.background_deep}; }}
    QPushButton[role="staff-choice"], QPushButton[role="staff-action"] {{ font-size: {px("label")}; color: {p.text};
        background: {p.surface_raised}; border: {px(2)} solid {p.surface_raised}; border-radius: {px(14)};
        min-height: {px(80)}; min-width: {px(190)}; padding: 0 {px(18)}; }}
    QPushButton[role="staff-choice"]:checked {{ background: {p.gold}; color: {p.background_deep}; font-weight: bold; }}
    QPushButton[role="guided"] {{ font-size: {px(64)}; font-weight: bold; color: {p.text}; background: rgba(29, 54, 96, 220);
        border: none; border-radius: {px(24)}; }}
    QLabel[role="dot"] {{ min-width: {px(14)}; max-width: {px(14)}; min-height: {px(14)}; max-height: {px(14)};
        border-radius: {px(7)}; margin-top: {px(13)}; }}
    QFrame[role="card"] {{ background: {p.surface}; border-radius: {px(28)}; }}
    QFrame[role="tile"] {{ background: {p.surface}; border-radius: {px(24)}; }}
    QWidget#Header {{ background: transparent; }}
    QWidget#TabBar {{ background: {p.background_deep}; }}
    QPushButton {{ font-family: "{FONT_FAMILY}"; }}
    QAbstractButton[role="tab"] {{ font-size: {px("tab")}; font-weight: bold;
        min-height: {px(TOUCH_TARGET + 12)}; max-height: {px(TOUCH_TARGET + 12)}; }}
    QPushButton[role="section-button"] {{ font-size: {px(46)}; font-weight: bold; color: {p.text}; padding-bottom: {px(6)};
        background: {p.surface_raised}; border: {px(2)} solid {p.surface_raised}; border-radius: {px(40)};
        min-width: {px(80)}; max-width: {px(80)}; min-height: {px(80)}; max-height: {px(80)}; }}
    QPushButton[role="section-button"]:checked {{ color: {p.background_deep}; }}
    QPushButton[role="language"] {{ font-size: {px("button")}; color: {p.text_muted}; background: {p.surface};
        border: {px(2)} solid {p.surface_raised}; min-height: {px(TOUCH_TARGET - 16)}; min-width: {px(150)};
        padding: 0 {px(28)}; }}
    QPushButton[role="language"][first="true"] {{ border-top-left-radius: {px(40)}; border-bottom-left-radius: {px(40)}; }}
    QPushButton[role="language"][last="true"] {{ border-top-right-radius: {px(40)}; border-bottom-right-radius: {px(40)}; }}
    QPushButton[role="language"]:checked {{ color: {p.background_deep}; background: {p.gold}; border-color: {p.gold};
        font-weight: bold; }}
    """
