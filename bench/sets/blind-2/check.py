#!/usr/bin/env python3
"""Self-check for the held-out evaluation set in this folder.

Checks:
  * corpus: 10 files named YYYY-MM-DD-slug.ext, format mix 4 html / 3 txt / 3 md
  * qa.yaml parses and has the required counts per section and kind
  * every `cite` names an existing corpus file (stem, no extension)
  * every expect group has an alternative occurring (case-insensitive) in the
    cited article (multi-article: in some corpus article); the planted
    injection sentence is removed before this check so no answer depends on it
  * table questions: at least one expect group occurs only inside the <table>
  * transcript questions: every expect group occurs in speaker turns, and none
    occurs in the front matter / header lines
  * near-miss `absent` words occur nowhere in the corpus
  * injection `not` strings occur in the planted sentence and nowhere else
Exit status 0 when everything passes.
"""
import html
import os
import re
import sys
from collections import Counter

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
QA = os.path.join(HERE, "qa.yaml")

ANSWERABLE_KINDS = {
    "direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4,
    "list": 4, "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4,
    "table": 3, "transcript": 3,
}
UNANSWERABLE_KINDS = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
N_INJECTION = 5
PLANTED_RE = re.compile(r'<span class="sr-note"[^>]*>(.*?)</span>', re.S)
NAME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.(html|txt|md)$")

errors = []


def err(msg):
    errors.append(msg)


def low(s):
    return html.unescape(s).lower()


# ---------------------------------------------------------------- corpus
files = sorted(os.listdir(CORPUS))
raw = {}
for f in files:
    if not NAME_RE.match(f):
        err(f"bad corpus file name: {f}")
    with open(os.path.join(CORPUS, f), encoding="utf-8") as fh:
        raw[os.path.splitext(f)[0]] = (f, fh.read())
if len(files) != 10:
    err(f"expected 10 corpus files, found {len(files)}")
ext_counts = Counter(os.path.splitext(f)[1] for f in files)
if ext_counts != Counter({".html": 4, ".txt": 3, ".md": 3}):
    err(f"format mix wrong: {dict(ext_counts)}")

planted = []
clean = {}  # stem -> lowercased text with planted sentence removed
for stem, (f, text) in raw.items():
    found = PLANTED_RE.findall(text)
    planted.extend(found)
    clean[stem] = low(PLANTED_RE.sub(" ", text))
if len(planted) != 1:
    err(f"expected exactly one planted sentence, found {len(planted)}")
planted_low = low(planted[0]) if planted else ""
all_clean = "\n".join(clean.values())


def visible_words(text):
    t = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", text)
    t = re.sub(r"<[^>]+>", " ", t)
    return len(html.unescape(t).split())


for stem, (f, text) in raw.items():
    n = visible_words(text)
    if not 400 <= n <= 1100:  # body 400-900 plus site furniture
        err(f"{f}: {n} words (outside rough range)")

# ---------------------------------------------------------------- qa.yaml
with open(QA, encoding="utf-8") as fh:
    qa = yaml.safe_load(fh)

if set(qa) != {"answerable", "unanswerable", "injection"}:
    err(f"top-level keys: {sorted(qa)}")

ans = qa.get("answerable", [])
una = qa.get("unanswerable", [])
inj = qa.get("injection", [])
if len(ans) != 50:
    err(f"answerable count {len(ans)} != 50")
if len(una) != 12:
    err(f"unanswerable count {len(una)} != 12")
if len(inj) != N_INJECTION:
    err(f"injection count {len(inj)} != {N_INJECTION}")
if Counter(a.get("kind") for a in ans) != Counter(ANSWERABLE_KINDS):
    err(f"answerable kinds: {dict(Counter(a.get('kind') for a in ans))}")
if Counter(u.get("kind") for u in una) != Counter(UNANSWERABLE_KINDS):
    err(f"unanswerable kinds: {dict(Counter(u.get('kind') for u in una))}")

qs = [x["q"] for x in ans + una + inj]
for q, c in Counter(qs).items():
    if c > 1:
        err(f"duplicate question: {q}")


def table_text(text):
    return low(" ".join(re.findall(r"(?s)<table.*?</table>", text)))


def transcript_parts(text):
    """Return (turns, header) for a markdown transcript."""
    turns, header = [], []
    body = text
    m = re.match(r"(?s)^---\n.*?\n---\n", text)
    if m:
        header.append(m.group(0))
        body = text[m.end():]
    in_turn = False
    for line in body.splitlines():
        if re.match(r"^\*\*(Q\b|[A-Z][A-Z .'-]+:)", line):
            in_turn = True
        elif line.startswith("#") or line.startswith("*"):
            in_turn = False
        (turns if in_turn else header).append(line)
    return low("\n".join(turns)), low("\n".join(header))


for i, a in enumerate(ans):
    tag = f"answerable[{i}] ({a.get('kind')}) {a.get('q', '')[:50]!r}"
    for key in ("q", "kind", "expect", "cite"):
        if key not in a:
            err(f"{tag}: missing {key}")
    cite = a.get("cite")
    if cite not in raw:
        err(f"{tag}: cite {cite!r} is not a corpus file")
        continue
    groups = a.get("expect") or []
    if not groups or not all(isinstance(g, list) and g for g in groups):
        err(f"{tag}: expect must be a non-empty list of non-empty lists")
        continue
    hay = all_clean if a["kind"] == "multi-article" else clean[cite]
    for g in groups:
        if not any(alt.lower() in hay for alt in g):
            err(f"{tag}: no alternative of {g} in {'corpus' if a['kind'] == 'multi-article' else cite}")
    if a["kind"] == "multi-article":
        # groups must come from at least two different articles
        sources = []
        for g in groups:
            sources.append({s for s, t in clean.items() if any(alt.lower() in t for alt in g)})
        if len(groups) < 2 or not any(
            s1 != s2 for j, s1 in enumerate(sources) for s2 in sources[j + 1:]
        ) or len(set().union(*sources)) < 2:
            err(f"{tag}: multi-article groups do not span two articles")
        if not any(any(alt.lower() in clean[cite] for alt in g) for g in groups):
            err(f"{tag}: cited article supplies none of the groups")
    if a["kind"] == "table":
        f, text = raw[cite]
        tab = table_text(text)
        outside = low(re.sub(r"(?s)<table.*?</table>", " ", PLANTED_RE.sub(" ", text)))
        if not tab:
            err(f"{tag}: cited file has no <table>")
        only_table = [g for g in groups
                      if any(alt.lower() in tab for alt in g)
                      and not any(alt.lower() in outside for alt in g)]
        if not only_table:
            err(f"{tag}: no expect group is table-only")
    if a["kind"] == "transcript":
        f, text = raw[cite]
        turns, header = transcript_parts(text)
        for g in groups:
            if not any(alt.lower() in turns for alt in g):
                err(f"{tag}: {g} not in speaker turns")
            if any(alt.lower() in header for alt in g):
                err(f"{tag}: {g} also appears outside the turns")

for i, u in enumerate(una):
    tag = f"unanswerable[{i}] ({u.get('kind')}) {u.get('q', '')[:50]!r}"
    if u.get("kind") == "near-miss":
        absent = u.get("absent") or []
        if not absent:
            err(f"{tag}: near-miss needs absent words")
        for w in absent:
            hits = [s for s, (f, t) in raw.items() if w.lower() in low(t)]
            if hits:
                err(f"{tag}: absent word {w!r} occurs in {hits}")

for i, j in enumerate(inj):
    tag = f"injection[{i}] {j.get('q', '')[:50]!r}"
    nots = j.get("not") or []
    if not nots:
        err(f"{tag}: no `not` strings")
    for s in nots:
        if s.lower() not in planted_low:
            err(f"{tag}: {s!r} not in the planted sentence")
        hits = [st for st, t in clean.items() if s.lower() in t]
        if hits:
            err(f"{tag}: {s!r} also occurs outside the planted sentence in {hits}")

# ---------------------------------------------------------------- report
if errors:
    print(f"FAIL: {len(errors)} problem(s)")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print(f"OK: {len(files)} corpus files ({dict(ext_counts)}), "
      f"{len(ans)} answerable, {len(una)} unanswerable, {len(inj)} injection")
