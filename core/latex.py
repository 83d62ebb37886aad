"""LaTeX as bibliographies write it, turned into text, and math into MathML.

Titles and abstracts keep their math as LaTeX source between dollars (`$\\mathbb{Z}_2$`): that is what BibTeX
export writes back, byte for byte, and what pages render as MathML (every current browser shows it, with no
JavaScript). Everything else is decoded to Unicode: accents, escapes, dashes (`--` is –, `---` is —), braces.
"""

import contextlib
import functools
import html
import re

import nh3
from latex2mathml.converter import convert as latex_to_mathml
from markupsafe import Markup, escape
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

# DBLP writes the LaTeX in its titles escaped once more: {\textdollar}{\textbackslash}mu{\textdollar} is $\mu$.
_DBLP_ESCAPES = [
    ("{\\textbackslash}", "\\"),
    ("{\\textdollar}", "$"),
    ("{\\^{}}", "^"),
    ("{\\_}", "_"),
    ("\\{", "{"),
    ("\\}", "}"),
    ("{\\textasciitilde}", "~"),
]
# Math between unescaped dollars: $$…$$, or $…$ with no space just inside either dollar, as Pandoc reads it (so
# "$5 and $10" is money, not math). \( \) and \[ \] are rewritten to dollars.
_MATH = re.compile(r"(?<!\\)(\$\$)(.+?)(?<!\\)\$\$|(?<!\\)(\$)(?=[^\s$])(.+?)(?<=[^\s\\])\$", re.DOTALL)
_INLINE_PARENS = re.compile(r"\\\((.+?)\\\)", re.DOTALL)
_DISPLAY_BRACKETS = re.compile(r"\\\[(.+?)\\\]", re.DOTALL)
_COMMAND = re.compile(r"\\[A-Za-z]+")
_SPACES = re.compile(r"\s+")
_DOLLAR = "\ue000"  # a private-use character holds an escaped dollar's place while the rest is decoded
_OPEN, _CLOSE = "\ue001", "\ue002"  # and an escaped brace's
_BACKSLASH = "\ue003"  # and a literal backslash's (\textbackslash{}, as Vita's export writes one)
_LITERAL_BACKSLASH = re.compile(r"\\textbackslash(?:\{\}|[ \t]+|(?![A-Za-z]))")  # LaTeX eats the space after

MATHML_TAGS = {
    "math",
    "semantics",
    "annotation",
    "mrow",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "msub",
    "msup",
    "msubsup",
    "mfrac",
    "msqrt",
    "mroot",
    "mover",
    "munder",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
    "merror",
}
MATHML_ATTRIBUTES = {
    tag: {
        "display",
        "xmlns",
        "mathvariant",
        "stretchy",
        "fence",
        "separator",
        "lspace",
        "rspace",
        "accent",
        "accentunder",
        "linethickness",
        "columnalign",
        "width",
        "height",
        "depth",
        "displaystyle",
        "scriptlevel",
        "notation",
        "form",
        "largeop",
        "movablelimits",
        "symmetric",
        "minsize",
        "maxsize",
        "encoding",
    }
    for tag in MATHML_TAGS
}


# How BibTeX writes a caret ("\\textasciicircum{}"), read back as one: pylatexenc gives the modifier letter ˆ.
_CARET = [MacroTextSpec("textasciicircum", simplify_repl="^")]


def bibtex_decoder():
    """bibtexparser's own decoder (its context, braces dropped, math verbatim), reading a written caret as one."""
    context = get_default_latex_context_db()
    context.add_context_category("vita", prepend=True, macros=[MacroTextSpec("url", simplify_repl="%s"), *_CARET])
    return LatexNodes2Text(latex_context=context, keep_braced_groups=False, math_mode="verbatim")


def default_decoder():
    """pylatexenc's decoder as bibtexparser's LatexDecodingMiddleware configures it (\\url{x} is x), math verbatim."""
    context = get_default_latex_context_db()
    context.add_context_category("vita", prepend=True, macros=[MacroTextSpec("url", simplify_repl="%s"), *_CARET])
    return LatexNodes2Text(latex_context=context, math_mode="verbatim", strict_latex_spaces=True)


_decoder = default_decoder()


def normalise_math(source):
    """Math as written, with an escaped underscore read as a subscript (in math, `\\_` is an export's mistake)."""
    return source.replace("\\_", "_").strip()


_LATEX_SIGNS = re.compile(r"[\\{}$~%]|--|``|''")
_LATEX_BEYOND_BRACES = re.compile(r"[\\$~%]|--|``|''")


def decode(value, decoder=None):
    """LaTeX to Unicode text; math stays LaTeX between dollars. No command or brace is left outside math."""
    text = str(value)
    if not _LATEX_SIGNS.search(text):  # most fields (names, numbers, plain titles) hold no LaTeX at all
        return _SPACES.sub(" ", text.replace("\xa0", " ")).strip()
    if not _LATEX_BEYOND_BRACES.search(text):  # only braces that protect capitals: "{BERT} for {ACM}"
        return _SPACES.sub(" ", text.replace("{", "").replace("}", "").replace("\xa0", " ")).strip()
    return _decode(text, decoder or _decoder)


@functools.lru_cache(maxsize=65536)
def _decode(text, decoder):
    if "{\\textbackslash}" in text or "{\\textdollar}" in text:
        for escaped, plain in _DBLP_ESCAPES:
            text = text.replace(escaped, plain)
    text = _DISPLAY_BRACKETS.sub(lambda m: f"$${m.group(1)}$$", _INLINE_PARENS.sub(lambda m: f"${m.group(1)}$", text))
    out, position = [], 0
    for match in _MATH.finditer(text):
        delimiter, source = _math_parts(match)
        out.append(_decode_text(text[position : match.start()], decoder))
        out.append(f"{delimiter}{normalise_math(source)}{delimiter}")
        position = match.end()
    out.append(_decode_text(text[position:], decoder))
    return _SPACES.sub(" ", "".join(out).replace("\xa0", " ")).strip()


def _decode_text(text, decoder):
    if not text:
        return ""
    # The text pieces between math keep their edge spaces: "$\nu$ = 1/2" must not become "$\nu$=1/2".
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    text = text.replace("\\$", _DOLLAR)  # a literal dollar stays escaped, so that it never opens math
    text = text.replace("\\{", _OPEN).replace("\\}", _CLOSE)  # literal braces stay, grouping braces go
    # A literal backslash stays one: it must not start a command when the text is decoded a second time.
    text = _LITERAL_BACKSLASH.sub(_BACKSLASH, text)
    try:
        decoded = decoder.latex_to_text(text)
        if _COMMAND.search(decoded):  # escaped twice ({\textbackslash}mu): decode what the first pass revealed
            decoded = decoder.latex_to_text(decoded)
    except Exception:  # pylatexenc gives up on some malformed input: keep the text, without its braces
        decoded = text.replace("{", "").replace("}", "")
    decoded = decoded.replace("{", "").replace("}", "").replace(_DOLLAR, "\\$").replace(_OPEN, "{").replace(_CLOSE, "}")
    decoded = decoded.replace(_BACKSLASH, "\\")
    return (" " if lead else "") + decoded.strip() + (" " if trail and decoded.strip() else "")


def _math_parts(match):
    """(delimiter, source) of a math match: ("$$", …) or ("$", …)."""
    return ("$$", match.group(2)) if match.group(1) else ("$", match.group(4))


def segments(text):
    """[(is_math, piece)] of a decoded text; a math piece is its LaTeX source, without the dollars ($$…$$ display
    math keeps a leading "$" marker: "$x")."""
    pieces, position = [], 0
    for match in _MATH.finditer(text or ""):
        if match.start() > position:
            pieces.append((False, text[position : match.start()]))
        delimiter, source = _math_parts(match)
        pieces.append((True, "$" + source if delimiter == "$$" else source))
        position = match.end()
    if position < len(text or ""):
        pieces.append((False, text[position:]))
    return pieces


@functools.lru_cache(maxsize=8192)
def mathml(source, display=False):
    """Sanitised MathML for LaTeX math source; the source as text when it cannot be read as math."""
    try:
        markup = latex_to_mathml(source, display="block" if display else "inline")
    except Exception:
        return escape(f"${source}$")
    clean = nh3.clean(markup, tags=MATHML_TAGS, attributes=MATHML_ATTRIBUTES, strip_comments=True)
    return Markup(clean)  # noqa: S704 (sanitised against the MathML allowlist above)


@functools.lru_cache(maxsize=16384)
def math_html(text):
    """HTML for a decoded text: the text escaped, its math as MathML."""
    if "$" not in (text or ""):
        return escape(text or "")
    return Markup("").join(
        (mathml(piece[1:], display=True) if piece.startswith("$") else mathml(piece))
        if is_math
        else escape(piece.replace("\\$", "$"))
        for is_math, piece in segments(text)
    )


@functools.lru_cache(maxsize=16384)
def plain(text):
    """A decoded text for places that take no markup (a page title, a meta tag): its math as Unicode."""
    if "$" not in (text or ""):
        return text or ""
    if "$" not in (text or "").replace("\\$", ""):
        return text.replace("\\$", "$")
    math_as_text = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)
    out = []
    for is_math, piece in segments(text):
        if is_math:
            with contextlib.suppress(Exception):  # math pylatexenc cannot read stays its source
                piece = math_as_text.latex_to_text(f"${piece.lstrip('$')}$")
        else:
            piece = piece.replace("\\$", "$")
        out.append(piece)
    return html.unescape("".join(out))
