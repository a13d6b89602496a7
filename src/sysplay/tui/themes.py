"""sysplay's own themes: a high-contrast one for projectors and a colour-blind-safe (Okabe–Ito) one."""

from __future__ import annotations

from textual.theme import Theme

#: Okabe & Ito (2008): distinguishable with the common forms of colour blindness.
OKABE_ITO = {"orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73", "yellow": "#F0E442",
             "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7"}

HIGH_CONTRAST = Theme(
    name="sysplay-high-contrast",
    primary=OKABE_ITO["yellow"],
    secondary=OKABE_ITO["sky_blue"],
    accent=OKABE_ITO["sky_blue"],
    warning=OKABE_ITO["orange"],
    error=OKABE_ITO["vermillion"],
    success=OKABE_ITO["sky_blue"],
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1C1C1C",
    boost="#FFFFFF",
    dark=True,
    luminosity_spread=0.1,
    text_alpha=1.0,
    variables={"footer-key-foreground": OKABE_ITO["yellow"], "block-cursor-background": "#FFFFFF",
               "block-cursor-foreground": "#000000", "input-selection-background": "#FFFFFF 40%"},
)

COLOUR_BLIND_SAFE = Theme(
    name="sysplay-okabe-ito",
    primary=OKABE_ITO["blue"],
    secondary=OKABE_ITO["reddish_purple"],
    accent=OKABE_ITO["orange"],
    warning=OKABE_ITO["yellow"],
    error=OKABE_ITO["vermillion"],
    success=OKABE_ITO["sky_blue"],
    foreground="#EDEDED",
    background="#15171A",
    surface="#1E2126",
    panel="#2A2E35",
    dark=True,
)

THEMES = (HIGH_CONTRAST, COLOUR_BLIND_SAFE)

#: Themes offered in the settings dialog, with a plain description each.
OFFERED = {
    "textual-dark": "Dark (default)",
    "textual-light": "Light",
    "sysplay-high-contrast": "High contrast, for projectors and low vision",
    "sysplay-okabe-ito": "Colour-blind safe (Okabe–Ito palette)",
    "ansi-dark": "Your terminal's own colours",
}
