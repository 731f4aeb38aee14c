"""Remove HTML elements that a reader of the page never sees.

Text hidden with CSS or ARIA is not article text, and it is where instructions addressed to
language models are planted ("display:none", a 1px font, white on white). It is removed from
the parsed tree before extraction: inline styles, the ``hidden`` attribute, ``aria-hidden``,
and simple class / id rules of the page's own ``<style>`` blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

_HIDING = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(hidden|collapse)|"
    r"(?<![-\w])opacity\s*:\s*0?\.?0*\s*(;|!|$)|"
    r"(?<![-\w])(width|height|max-height|max-width)\s*:\s*0(px)?\s*;[^;]*overflow\s*:\s*hidden|"
    r"clip\s*:\s*rect\(\s*0(px)?[ ,]+0(px)?[ ,]+0(px)?[ ,]+0(px)?\s*\)|"
    r"(?<![-\w])(left|top|text-indent)\s*:\s*-\d{3,}",
    re.IGNORECASE,
)
_FONT_SIZE = re.compile(r"font-size\s*:\s*([\d.]+)\s*(px|pt|em|rem|%)?", re.IGNORECASE)
_TINY = {"": 0.0, "px": 1.5, "pt": 1.5, "em": 0.15, "rem": 0.15, "%": 15.0}
"""The largest font size, per unit, that nobody can read."""
_COLOR = re.compile(r"(?<![-\w])color\s*:\s*([^;!]+)", re.IGNORECASE)
_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*([^;!]+)", re.IGNORECASE)
_NAMED = {"white": (255, 255, 255), "black": (0, 0, 0)}
_SIMPLE_SELECTOR = re.compile(r"^([a-z0-9]*)([.#])([\w-]+)$", re.IGNORECASE)
MAX_STYLE = 2000
"""Only this much of a style attribute is read: no real one is longer, and regexes stay cheap."""
NEAR = 24
"""Text whose colour is within this distance (per RGB channel) of its background is unreadable."""
WHITE = (255, 255, 255)
"""The background a page has when it states none."""


def remove_hidden(root: HtmlElement) -> int:
    """Drop hidden elements from ``root`` (in place); returns how many were dropped."""
    class_rules, id_rules = _hiding_rules(root)
    doomed: list[HtmlElement] = []
    # Depth first, with the background colour each element is drawn on; a hidden element's
    # subtree goes with it and is not visited.
    stack: list[tuple[HtmlElement, tuple[int, int, int]]] = [(root, WHITE)]
    while stack:
        element, background = stack.pop()
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        if _is_hidden(element, background, class_rules, id_rules):
            doomed.append(element)
            continue
        inner = _background((element.get("style") or "")[:MAX_STYLE]) or background
        stack.extend((child, inner) for child in reversed(element))
    for element in doomed:
        element.drop_tree()  # keeps the tail text, which belongs to the parent
    return len(doomed)


def _is_hidden(
    element: HtmlElement,
    background: tuple[int, int, int],
    class_rules: set[str],
    id_rules: set[str],
) -> bool:
    if element.tag in ("html", "body", "head"):
        return False
    if element.get("hidden") is not None or element.get("aria-hidden", "").lower() == "true":
        return True
    if element.tag == "input" and (element.get("type") or "").lower() == "hidden":
        return True
    if class_rules and class_rules.intersection((element.get("class") or "").split()):
        return True
    if id_rules and element.get("id") in id_rules:
        return True
    style = (element.get("style") or "")[:MAX_STYLE]
    if not style:
        return False
    if _HIDING.search(style) or _tiny_font(style):
        return True
    match = _COLOR.search(style)
    colour = _parse_colour(match.group(1)) if match else None
    drawn_on = _background(style) or background
    return (
        colour is not None
        and max(abs(a - b) for a, b in zip(colour, drawn_on, strict=True)) <= NEAR
    )


def _tiny_font(style: str) -> bool:
    match = _FONT_SIZE.search(style)
    if not match:
        return False
    try:
        size = float(match.group(1))
    except ValueError:
        return False
    return size <= _TINY[(match.group(2) or "").lower()]


def _background(style: str) -> tuple[int, int, int] | None:
    match = _BACKGROUND.search(style)
    return _parse_colour(match.group(1)) if match else None


def _parse_colour(value: str) -> tuple[int, int, int] | None:
    value = value.strip().lower()
    if value in _NAMED:
        return _NAMED[value]
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        return (int(value[1] * 2, 16), int(value[2] * 2, 16), int(value[3] * 2, 16))
    if re.fullmatch(r"#[0-9a-f]{6}([0-9a-f]{2})?", value):
        return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))
    if match := re.fullmatch(
        r"rgba?\(\s*(\d+)[ ,]+(\d+)[ ,]+(\d+)\s*([,/]\s*([\d.]+%?))?\s*\)", value
    ):
        alpha = match.group(5)
        if alpha is not None and alpha.rstrip("%") in ("0", "0.0"):
            return None  # transparent: drawn on whatever is behind
        return (int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return None


def _hiding_rules(root: HtmlElement) -> tuple[set[str], set[str]]:
    """Class and id names that the page's own stylesheets hide (simple selectors only)."""
    classes: set[str] = set()
    ids: set[str] = set()
    for style in root.iter("style"):
        css = _without_comments(style.text or "")
        for selectors, declarations in _top_level_rules(css):
            if not (_HIDING.search(declarations) or _tiny_font(declarations)):
                continue
            for selector in selectors.split(","):
                match = _SIMPLE_SELECTOR.match(selector.strip())
                if match:
                    (classes if match.group(2) == "." else ids).add(match.group(3))
    return classes, ids


def _top_level_rules(css: str) -> Iterator[tuple[str, str]]:
    """``(selectors, declarations)`` of the rules outside any @-block, in one linear pass.

    A rule inside ``@media`` hides on some screens only: the text is still shown on others.
    """
    depth = 0
    last = 0
    prelude = ""
    for match in re.finditer(r"[{}]", css):
        if match.group() == "{":
            if depth == 0:
                prelude = css[last : match.start()].strip()
            depth += 1
        else:
            if depth == 1 and not prelude.startswith("@"):
                yield prelude, css[last : match.start()]
            depth = max(0, depth - 1)
        last = match.end()


def _without_comments(css: str) -> str:
    """CSS without ``/* … */`` comments (an unclosed one runs to the end), in linear time."""
    kept: list[str] = []
    position = 0
    while (start := css.find("/*", position)) >= 0:
        kept.append(css[position:start])
        end = css.find("*/", start + 2)
        if end < 0:
            return "".join(kept)
        position = end + 2
    kept.append(css[position:])
    return "".join(kept)
