"""Writes static/css/code.css: the colours of code highlighted by Pygments (posts' fenced code blocks), light and
dark, each colour darkened or lightened until it reads at 4.5:1 or more on the code background (WCAG AA), so that
the accessibility judges pass on any code. Run it again after changing the styles: python tools/code_css.py
"""

import colorsys
from pathlib import Path

from pygments.formatters import HtmlFormatter
from pygments.styles import get_style_by_name

LIGHT = ("vs", "#f3f4f6")  # Pygments style, background (site.css --code-bg)
DARK = ("github-dark", "#1b222b")
TARGET = Path(__file__).resolve().parent.parent / "static" / "css" / "code.css"


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(colour, background, dark):
    """The colour, its lightness moved away from the background's until the contrast is 4.5:1."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    while contrast(colour, background) < 4.6:
        lightness = min(1, lightness + 0.02) if dark else max(0, lightness - 0.02)
        colour = "#" + "".join(f"{round(c * 255):02x}" for c in colorsys.hls_to_rgb(hue, lightness, saturation))
    return colour


def rules(style_name, background, dark):
    style = get_style_by_name(style_name)
    formatter = HtmlFormatter(style=style)
    out = []
    for token, definition in style:
        css_class = formatter.ttype2class.get(token) or ""
        if not css_class:
            continue
        declarations = []
        if definition["color"]:
            declarations.append(f"color: {readable('#' + definition['color'], background, dark)}")
        if definition["bold"]:
            declarations.append("font-weight: bold")
        if definition["italic"]:
            declarations.append("font-style: italic")
        if declarations:
            out.append(f".highlight .{css_class} {{ {'; '.join(declarations)} }}")
    return out


def main():
    light, dark = rules(*LIGHT, dark=False), rules(*DARK, dark=True)
    text = (
        "/* Code in posts, highlighted by Pygments on the server. Written by tools/code_css.py: every colour reads at"
        " 4.5:1 or more. */\n"
        ".highlight { background: var(--code-bg); padding: .75rem; border-radius: 4px; overflow-x: auto; }\n"
        ".highlight pre { margin: 0; }\n"
        + "\n".join(light)
        + "\n@media (prefers-color-scheme: dark) {\n"
        + "\n".join("  " + rule for rule in dark)
        + "\n}\n@media print { .highlight span { color: inherit !important; } }\n"
    )
    TARGET.write_text(text)
    print(f"Wrote {TARGET} ({len(text):,} bytes)")


if __name__ == "__main__":
    main()
