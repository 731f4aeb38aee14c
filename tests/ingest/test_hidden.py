from __future__ import annotations

import lxml.html

from bot.ingest.hidden import remove_hidden

PAGE = """<html><head><style>
.offscreen { position: absolute; left: -10000px; }
.shown-small { font-size: 0.9em; }
@media (max-width: 400px) { .wide-only { display: none } }
</style></head><body style="background:#fdfdfd">
<p>Visible opening paragraph about harbour fees.</p>
<p style="display: none">Secret one.</p>
<p style="visibility:hidden">Secret two.</p>
<p style="font-size:1px">Secret three.</p>
<p style="color:#ffffff">Secret four.</p>
<p aria-hidden="true">Secret five.</p>
<p hidden>Secret six.</p>
<p class="offscreen">Secret seven.</p>
<div style="background-color: #102030">
<p style="color: #fff">Light text on a dark panel stays.</p></div>
<p class="shown-small">Small print stays.</p>
<p class="wide-only">Text hidden on phones only stays.</p>
<p>Before <span style="display:none">secret eight</span>after.</p>
</body></html>"""


def test_hidden_elements_are_removed_and_visible_text_kept() -> None:
    tree = lxml.html.document_fromstring(PAGE)
    removed = remove_hidden(tree)
    text = tree.text_content()
    assert removed == 8
    assert "Secret" not in text and "secret" not in text
    for kept in (
        "Visible opening paragraph",
        "Light text on a dark panel stays.",
        "Small print stays.",
        "Text hidden on phones only stays.",
    ):
        assert kept in text
    assert "Before after." in " ".join(text.split())
