"""Palettes and type scale, designed at 1920x1080 and scaled by the short side of the screen, so a
4K panel gets the same layout at twice the pixels and a portrait panel keeps readable text.

Two themes (standard, high contrast); every text/background pair they produce is listed in
TEXT_PAIRS, and tests check each meets WCAG 2.x contrast. Qt-free: colours are hex strings. No theme is
"current" here: the window holds its palette and hands it to what it builds."""

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
    border: str = "#1D3660"  # outlines of buttons and toggles (high contrast makes them visible)
    card_border: str = "#15294A"  # outlines of cards and tiles


THEMES: dict[str, Palette] = {
    "standard": Palette(),
    # Pure black, white text, saturated light accents and visible outlines, for low vision and glare.
    "high_contrast": Palette(
        background="#000000",
        background_deep="#000000",
        surface="#0B0B0B",
        surface_raised="#1E1E1E",
        text="#FFFFFF",
        text_muted="#F2F2F2",
        text_faint="#DDDDDD",
        gold="#FFD84D",
        accents=("#FFD84D", "#FFB454", "#63E3FF", "#7CFC9A", "#FFA493", "#D6C4FF"),
        border="#FFFFFF",
        card_border="#8C8C8C",
    ),
}


def palette_for(name: str) -> Palette:
    """The palette of the `theme` setting's value (the schema lists the same names: a test checks)."""
    return THEMES.get(name, THEMES["standard"])


# Every pair of text colour and the background it is drawn on, as (text, background, size class):
# "body" text needs 4.5:1, "large" (>= 42 px at 1080p, or bold >= 32 px) 3:1 under WCAG 2.x.
# A background given as "shade:<alpha>:<colour>" is that colour at alpha over a white photo, the
# worst case for captions and tags laid over pictures.
_GROUNDS = ("background", "background_deep", "surface", "surface_raised")
TEXT_PAIRS: tuple[tuple[str, str, str], ...] = (
    *((fg, bg, "body") for fg in ("text", "text_muted", "text_faint") for bg in _GROUNDS),
    *(("gold", bg, "body") for bg in ("background", "background_deep", "surface")),  # taglines, group titles, pin dots
    *((f"accent{i}", bg, "body") for i in range(6) for bg in ("background", "background_deep", "surface")),  # titles, chart values
    ("background_deep", "gold", "body"),  # checked language / staff buttons, pressed pin keys
    *(("background_deep", f"accent{i}", "body") for i in range(6)),  # the panel's segment on show
    ("text", "shade:170:background_deep", "body"),  # illustration tag over a photo
    ("#FFFFFF", "shade:190:#000000", "body"),  # carousel caption over its shade
    ("text", "shade:215:#040A14", "body"),  # staff panel and PIN pad over the dimmed kiosk
    ("gold", "shade:200:#040A14", "large"),  # "still there?" countdown over the dimmed kiosk
    ("text_muted", "shade:250:#03070E", "body"),  # the closed screen
)
MINIMUM_CONTRAST = {"body": 4.5, "large": 3.0}


def colour(p: Palette, name: str) -> str:
    if name.startswith("#"):
        return name
    if name.startswith("accent"):
        return p.accents[int(name.removeprefix("accent"))]
    if name.startswith("shade:"):
        _, alpha, under = name.split(":")
        a = int(alpha) / 255
        base = colour(p, under)
        channels = [round(a * int(base[i : i + 2], 16) + (1 - a) * 255) for i in (1, 3, 5)]
        return "#" + "".join(f"{c:02X}" for c in channels)
    value = getattr(p, name)
    assert isinstance(value, str)
    return value


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.x contrast ratio of two opaque sRGB colours given as #RRGGBB."""

    def luminance(hex_colour: str) -> float:
        def linear(c: float) -> float:
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


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


LARGE_TEXT = 1.2  # the visitor's "Aa": every text a visitor reads grows by this much

# The text a visitor reads beside the figures and titles (which are large already), by style role and
# the type size it is set in: the visitor's larger text grows each of these, and a panel's section
# sets them larger still where its card has the room (views.page_panel).
READING_ROLES = {
    "tagline": "label",
    "body": "body",
    "highlight": "label",
    "hint": "label",
    "figure-label": "label",
    "meta": "meta",
    "group-title": "meta",
    "chip": "label",
    "chip-small": "meta",
    "caption": "body",
    "credit": "meta",
}


def accent(index: int, colours: Palette) -> str:
    """Accent of the page at `index` (0 is the overview), cycling so added pillars get one too."""
    return colours.accents[index % len(colours.accents)]


def stylesheet(scale: float, colours: Palette, text_scale: float = 1.0) -> str:
    """`text_scale` (the visitor's larger text) grows every text a visitor reads (READING_ROLES:
    summaries, highlights, tile labels, periods, chips, captions, the source line), not figures,
    titles, buttons, paddings or touch targets."""

    def px(name_or_value: str | int, reading: bool = False) -> str:
        base = TYPE_SCALE[name_or_value] if isinstance(name_or_value, str) else name_or_value
        return f"{round(base * scale * (text_scale if reading else 1.0))}px"

    def read(role: str) -> str:
        return px(READING_ROLES[role], reading=True)

    p = colours
    return f"""
    QWidget {{ color: {p.text}; font-family: "{FONT_FAMILY}"; }}
    QStackedWidget, QWidget#Page {{ background: transparent; }}
    QLabel {{ background: transparent; }}
    QLabel[role="brand"] {{ font-size: {px("headline")}; font-weight: bold; }}
    QLabel[role="brand-sub"] {{ font-size: {px("label")}; color: {p.text_muted}; }}
    QLabel[role="hero"] {{ font-size: {px("hero")}; font-weight: bold; }}
    QLabel[role="title"] {{ font-size: {px("title")}; font-weight: bold; }}
    QLabel[role="headline"] {{ font-size: {px("headline")}; font-weight: bold; }}
    QLabel[role="tagline"] {{ font-size: {read("tagline")}; color: {p.gold}; }}
    QLabel[role="body"] {{ font-size: {read("body")}; color: {p.text}; }}
    QLabel[role="highlight"] {{ font-size: {read("highlight")}; color: {p.text}; }}
    QLabel[role="section"] {{ font-size: {px("meta")}; color: {p.text_muted}; font-weight: bold;
        letter-spacing: 1px; }}
    QWidget[role="figure"] {{ font-size: {px("display")}; font-weight: bold; }}
    QWidget[role="figure-small"] {{ font-size: {px("headline")}; font-weight: bold; }}
    QWidget[role="figure-medium"] {{ font-size: {px(56)}; font-weight: bold; }}
    QLabel[role="group-title"] {{ font-size: {read("group-title")}; color: {p.gold}; font-weight: bold; }}
    QLabel[role="figure-label"] {{ font-size: {read("figure-label")}; color: {p.text}; }}
    QLabel[role="meta"] {{ font-size: {read("meta")}; color: {p.text_faint}; }}
    QLabel[role="hint"] {{ font-size: {read("hint")}; color: {p.text_muted}; }}
    QLabel[role="tag"] {{ font-size: {px("meta")}; color: {p.text}; background: rgba(8, 19, 33, 170);
        border-radius: {px(16)}; padding: {px(4)} {px(16)}; }}
    QLabel[role="caption"] {{ font-size: {read("caption")}; font-weight: bold; color: #FFFFFF; }}
    QLabel[role="credit"] {{ font-size: {read("credit")}; color: {p.text_muted}; }}
    QWidget#Attract {{ background: {p.background_deep}; }}
    QWidget[role="attract-figure"] {{ font-size: {px(200)}; font-weight: bold; }}
    QLabel[role="attract-caption"] {{ font-size: {px(52)}; color: {p.text}; }}
    QLabel[role="attract-call"] {{ font-size: {px(64)}; font-weight: bold; color: {p.gold}; }}
    QLabel[role="attract-call-small"] {{ font-size: {px(44)}; color: {p.text}; }}
    QLabel[role="closed-title"] {{ font-size: {px(64)}; font-weight: bold; color: {p.text}; }}
    QLabel[role="closed-title-small"] {{ font-size: {px(44)}; color: {p.text}; }}
    QLabel[role="closed-when"] {{ font-size: {px("headline")}; color: {p.text_muted}; }}
    QLabel[role="pin-dots"] {{ font-size: {px(56)}; color: {p.gold}; min-height: {px(84)}; }}
    QLabel[role="staff-health"] {{ font-size: {px("meta")}; color: {p.text}; }}
    QPushButton[role="pin-key"] {{ font-size: {px(40)}; font-weight: bold; color: {p.text}; background: {p.surface_raised};
        border: {px(2)} solid {p.border}; border-radius: {px(16)}; min-width: {px(140)}; min-height: {px(92)}; }}
    QPushButton[role="pin-key"]:pressed {{ background: {p.gold}; color: {p.background_deep}; }}
    QPushButton[role="staff-choice"], QPushButton[role="staff-action"] {{ font-size: {px("label")}; color: {p.text};
        background: {p.surface_raised}; border: {px(2)} solid {p.border}; border-radius: {px(14)};
        min-height: {px(80)}; min-width: {px(190)}; padding: 0 {px(18)}; }}
    QPushButton[role="staff-choice"]:checked {{ background: {p.gold}; color: {p.background_deep}; font-weight: bold; }}
    QPushButton[role="staff-choice"]:disabled, QPushButton[role="staff-action"]:disabled {{ color: {p.text_faint};
        background: {p.surface}; border: {px(2)} dashed {p.border}; }}
    QPushButton[role="staff-step"] {{ font-size: {px("headline")}; font-weight: bold; color: {p.text};
        background: {p.surface_raised}; border: {px(2)} solid {p.border}; border-radius: {px(14)};
        min-height: {px(80)}; min-width: {px(TOUCH_TARGET)}; padding: 0 {px(12)}; }}
    QPushButton[role="staff-step"]:disabled {{ color: {p.text_faint}; }}
    QPushButton[role="guided"] {{ font-size: {px(80)}; font-weight: bold; color: {p.text}; background: {p.surface_raised};
        border: {px(2)} solid {p.border}; border-radius: {px(24)}; padding: 0 0 {px(14)} 0; }}
    QPushButton[role="guided"]:pressed {{ background: {p.gold}; color: {p.background_deep}; }}
    QLabel[role="dot"] {{ min-width: {px(14)}; max-width: {px(14)}; min-height: {px(14)}; max-height: {px(14)};
        border-radius: {px(7)}; margin-top: {px(13)}; }}
    QFrame[role="card"] {{ background: {p.surface}; border: {px(2)} solid {p.card_border}; border-radius: {px(28)}; }}
    QFrame[role="tile"] {{ background: {p.surface}; border: {px(2)} solid {p.card_border}; border-radius: {px(24)}; }}
    QWidget#Header {{ background: transparent; }}
    QWidget#TabBar {{ background: {p.background_deep}; }}
    QPushButton {{ font-family: "{FONT_FAMILY}"; }}
    QAbstractButton[role="tab"] {{ font-size: {px("tab")}; font-weight: bold;
        min-height: {px(TOUCH_TARGET + 12)}; max-height: {px(TOUCH_TARGET + 12)}; }}
    QPushButton[role="segment"] {{ font-size: {px("meta")}; font-weight: bold; color: {p.text}; background: {p.surface_raised};
        border: {px(2)} solid {p.border}; border-radius: {px(40)}; min-height: {px(80)}; max-height: {px(80)};
        padding: 0 {px(16)}; }}
    QPushButton[role="segment"]:checked {{ color: {p.background_deep}; }}
    QLabel[role="chip"], QLabel[role="chip-small"] {{ font-size: {read("chip")}; color: {p.text};
        background: {p.surface_raised}; border-radius: {px(12)}; }}
    QLabel[role="chip-small"] {{ font-size: {read("chip-small")}; }}
    QPushButton[role="language"] {{ font-size: {px("button")}; color: {p.text_muted}; background: {p.surface};
        border: {px(2)} solid {p.border}; min-height: {px(TOUCH_TARGET - 16)}; min-width: {px(112)};
        padding: 0 {px(24)}; }}
    QPushButton[role="language"][first="true"] {{ border-top-left-radius: {px(40)}; border-bottom-left-radius: {px(40)}; }}
    QPushButton[role="language"][last="true"] {{ border-top-right-radius: {px(40)}; border-bottom-right-radius: {px(40)}; }}
    QPushButton[role="access"] {{ font-size: {px("label")}; font-weight: bold; color: {p.text}; background: {p.surface};
        border: {px(2)} solid {p.border}; border-radius: {px(40)}; min-height: {px(TOUCH_TARGET - 16)};
        max-height: {px(TOUCH_TARGET - 16)}; }}
    QPushButton[role="access"]:checked {{ color: {p.background_deep}; background: {p.gold}; border-color: {p.gold}; }}
    QPushButton[role="language"]:checked {{ color: {p.background_deep}; background: {p.gold}; border-color: {p.gold};
        font-weight: bold; }}
    """
