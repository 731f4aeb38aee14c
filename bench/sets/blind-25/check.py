#!/usr/bin/env python3
"""Self-check for the blind-25 evaluation set (aviation and aerospace trade)."""
import html
import os
import re
import sys
from collections import Counter

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
errors = []


def fail(msg):
    errors.append(msg)


def strip_html(raw):
    t = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", raw)
    t = re.sub(r"(?s)<!--.*?-->", " ", t)
    t = re.sub(r"<[^>]+>", " ", t)
    return html.unescape(t)


def text_of(raw, ext):
    return strip_html(raw) if ext == "html" else html.unescape(raw)


def norm(s):
    return re.sub(r"\s+", " ", s).lower()


# ---------------- corpus ----------------
NAME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
files = sorted(os.listdir(CORPUS))
raw, text, ext_of = {}, {}, {}
for f in files:
    m = NAME_RE.match(f)
    if not m:
        fail(f"bad file name: {f}")
        continue
    ext = m.group(4)
    stem = f[: -(len(ext) + 1)]
    with open(os.path.join(CORPUS, f), encoding="utf-8") as fh:
        raw[stem] = fh.read()
    ext_of[stem] = ext
    text[stem] = text_of(raw[stem], ext)

if len(raw) != 10:
    fail(f"expected 10 articles, found {len(raw)}")
fmt = Counter(ext_of.values())
if fmt != Counter({"html": 4, "txt": 3, "md": 3}):
    fail(f"format counts wrong: {dict(fmt)} (want html 4, txt 3, md 3)")

for stem, t in text.items():
    n = len(t.split())
    if not 600 <= n <= 800:
        fail(f"{stem}: {n} words (want 600-800)")

# HTML metadata variety
htmls = {s: raw[s] for s in raw if ext_of[s] == "html"}
def has(pattern, s):
    return re.search(pattern, s, re.I | re.S) is not None
if not any(has(r'application/ld\+json.*"NewsArticle"', r) for r in htmls.values()):
    fail("no HTML page with JSON-LD NewsArticle")
if not any(has(r'og:title', r) and has(r'article:published_time', r) for r in htmls.values()):
    fail("no HTML page with Open Graph + article:published_time")
if not any(has(r'rel="canonical"', r) and len(re.findall(r"<time ", r)) >= 5 for r in htmls.values()):
    fail("no live blog with canonical link and timestamped entries")
if not any(not has(r"<meta (property|name)=|ld\+json|rel=\"canonical\"", r) for r in htmls.values()):
    fail("no HTML page without metadata")
tables = [s for s, r in htmls.items() if "<table" in r.lower()]
if len(tables) != 1:
    fail(f"expected exactly one HTML page with a <table>, got {tables}")
notes = [(s, m) for s, r in htmls.items() for m in re.findall(r'(?is)<span class="sr-note">(.*?)</span>', r)]
if len(notes) != 1:
    fail(f"expected exactly one planted sr-note span, got {len(notes)}")

# md variants
mds = {s: raw[s] for s in raw if ext_of[s] == "md"}
fm = [s for s, r in mds.items() if r.startswith("---\n")]
if len(fm) != 2 or not any(not r.startswith("---\n") and re.search(r"^\*[^*\n]+\d{4}\*\s*$", r, re.M) for r in mds.values()):
    fail("md set should be: two with YAML front matter (one transcript) and one with italic byline, no front matter")
TURN_RE = re.compile(r"^\*\*([^*]+):\*\*(.*)$", re.M)
transcripts = [s for s in fm if len(TURN_RE.findall(mds[s])) >= 8]
if len(transcripts) != 1:
    fail(f"expected one transcript md, got {transcripts}")

# txt date styles
for s in raw:
    if ext_of[s] == "txt":
        pass

# ---------------- qa ----------------
with open(os.path.join(HERE, "qa.yaml"), encoding="utf-8") as fh:
    qa = yaml.safe_load(fh)

WANT_A = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4, "list": 4,
          "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4, "table": 3, "transcript": 3}
WANT_U = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
ans, una, inj = qa.get("answerable", []), qa.get("unanswerable", []), qa.get("injection", [])
if len(ans) != 50:
    fail(f"answerable count {len(ans)} != 50")
if len(una) != 12:
    fail(f"unanswerable count {len(una)} != 12")
if len(inj) != 5:
    fail(f"injection count {len(inj)} != 5")
ca = Counter(q.get("kind") for q in ans)
cu = Counter(q.get("kind") for q in una)
if dict(ca) != WANT_A:
    fail(f"answerable kinds {dict(ca)} != {WANT_A}")
if dict(cu) != WANT_U:
    fail(f"unanswerable kinds {dict(cu)} != {WANT_U}")

def any_in(alts, t):
    return any(a.lower() in t for a in alts)

low = {s: norm(t) for s, t in text.items()}
all_low = " ".join(low.values())
all_raw_low = " ".join(norm(r) for r in raw.values())

for i, q in enumerate(ans):
    tag = f"answerable[{i}] ({q.get('kind')}) {q.get('q', '')[:50]!r}"
    cite, exp = q.get("cite"), q.get("expect")
    if not q.get("q") or not exp or not isinstance(exp, list):
        fail(f"{tag}: missing q/expect")
        continue
    if cite not in text:
        fail(f"{tag}: cite {cite!r} not in corpus")
        continue
    kind = q["kind"]
    if kind == "multi-article":
        hits = []
        for g in exp:
            arts = {s for s in low if any_in(g, low[s])}
            if not arts:
                fail(f"{tag}: group {g} matches no article")
            hits.append(arts)
        if hits and set.intersection(*hits):
            fail(f"{tag}: all groups satisfied by a single article {set.intersection(*hits)}")
        if not any(cite in h for h in hits):
            fail(f"{tag}: cited article matches no group")
        continue
    for g in exp:
        if not any_in(g, low[cite]):
            fail(f"{tag}: group {g} not found in {cite}")
    if kind == "table":
        r = raw[cite]
        tabs = re.findall(r"(?is)<table.*?</table>", r)
        tab_t = norm(strip_html(" ".join(tabs)))
        rest_t = norm(strip_html(re.sub(r"(?is)<table.*?</table>", " ", r)))
        for g in exp:
            if not any_in(g, tab_t):
                fail(f"{tag}: group {g} not inside the <table>")
            if any_in(g, rest_t):
                fail(f"{tag}: group {g} also occurs outside the <table>")
    if kind == "transcript":
        if cite not in transcripts:
            fail(f"{tag}: cite is not the transcript")
            continue
        turns = norm(" ".join(m[1] for m in TURN_RE.findall(raw[cite])))
        rest = norm(TURN_RE.sub(" ", raw[cite]))
        for g in exp:
            if not any_in(g, turns):
                fail(f"{tag}: group {g} not in a speaker turn")
            if any_in(g, rest):
                fail(f"{tag}: group {g} also occurs outside speaker turns")

for i, q in enumerate(una):
    tag = f"unanswerable[{i}] ({q.get('kind')})"
    if "expect" in q or "cite" in q:
        fail(f"{tag}: should have no expect/cite")
    if q.get("kind") == "near-miss":
        ab = q.get("absent") or []
        if not ab:
            fail(f"{tag}: near-miss needs absent words")
        for w in ab:
            if w.lower() in all_raw_low or w.lower() in all_low:
                fail(f"{tag}: absent word {w!r} occurs in corpus")
    elif "absent" in q:
        fail(f"{tag}: absent only for near-miss")

note_text = norm(html.unescape(notes[0][1])) if notes else ""
for i, q in enumerate(inj):
    tag = f"injection[{i}]"
    nots = q.get("not") or []
    if not nots:
        fail(f"{tag}: missing not strings")
    for s in nots:
        sl = s.lower()
        if sl not in note_text:
            fail(f"{tag}: {s!r} not in planted sentence")
        total = all_raw_low.count(sl)
        if total != note_text.count(sl):
            fail(f"{tag}: {s!r} occurs outside the planted sentence")
        if sl in q["q"].lower():
            fail(f"{tag}: question itself contains {s!r}")

if errors:
    print("FAILED:")
    for e in errors:
        print(" -", e)
    sys.exit(1)
print("OK")
