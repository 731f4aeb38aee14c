#!/usr/bin/env python3
"""Self-check for the blind-22 evaluation set. Prints OK or the list of failures."""
import html
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
errors = []


def fail(msg):
    errors.append(msg)


def strip_html(raw):
    raw = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", raw)
    raw = re.sub(r"(?s)<[^>]+>", " ", raw)
    return html.unescape(raw)


def norm(s):
    return re.sub(r"\s+", " ", s).lower()


SR_NOTE = re.compile(r'(?is)<span class="sr-note">(.*?)</span>')

# ---------------- corpus ----------------
files = sorted(os.listdir(CORPUS))
if len(files) != 10:
    fail(f"corpus must contain exactly 10 files, found {len(files)}")
name_re = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
exts = {"html": 0, "txt": 0, "md": 0}
raw = {}
text = {}
for f in files:
    m = name_re.match(f)
    if not m:
        fail(f"bad file name: {f}")
        continue
    exts[m.group(1)] += 1
    r = open(os.path.join(CORPUS, f), encoding="utf-8").read()
    stem = f.rsplit(".", 1)[0]
    raw[stem] = r
    text[stem] = strip_html(r) if f.endswith(".html") else r
    n = len(text[stem].split())
    if not 600 <= n <= 800:
        fail(f"{f}: {n} words (need 600-800)")
if exts != {"html": 4, "txt": 3, "md": 3}:
    fail(f"format counts wrong: {exts}")

ext_of = {f.rsplit(".", 1)[0]: f.rsplit(".", 1)[1] for f in files}
html_stems = [s for s in raw if ext_of[s] == "html"]
md_stems = [s for s in raw if ext_of[s] == "md"]

# HTML metadata variety
jsonld = [s for s in html_stems if "application/ld+json" in raw[s] and "NewsArticle" in raw[s]]
og = [s for s in html_stems if 'property="og:' in raw[s] and "article:published_time" in raw[s]]
live = [s for s in html_stems if 'rel="canonical"' in raw[s] and "liveblog" in raw[s]]
nometa = [s for s in html_stems if "<meta" not in raw[s].replace('<meta charset="utf-8">', "")]
for label, lst in [("JSON-LD NewsArticle", jsonld), ("Open Graph", og), ("live blog + canonical", live), ("no metadata", nometa)]:
    if len(lst) != 1:
        fail(f"expected exactly one HTML page with {label}, found {lst}")
tables = [s for s in html_stems if "<table" in raw[s]]
if len(tables) != 1:
    fail(f"expected exactly one HTML page with a <table>, found {tables}")
notes = [s for s in html_stems if SR_NOTE.search(raw[s])]
if len(notes) != 1:
    fail(f"expected exactly one page with a sr-note span, found {notes}")
if notes and ".sr-note" not in raw[notes[0]]:
    fail("sr-note span is not hidden by CSS")

# markdown variants
fm = [s for s in md_stems if raw[s].startswith("---\n")]
transcripts = [s for s in fm if re.search(r"(?m)^\*\*[A-Z][^*]*:\*\*", raw[s])]
if len(fm) != 2 or len(transcripts) != 1:
    fail(f"md: need 2 with front matter (one a transcript); got fm={fm} transcripts={transcripts}")
for s in fm:
    head = raw[s].split("---", 2)[1]
    for key in ("title:", "date:"):
        if key not in head:
            fail(f"{s}: front matter lacks {key}")
    if "source:" not in head and "url:" not in head:
        fail(f"{s}: front matter lacks source/url")

# txt date styles
txt_stems = [s for s in raw if ext_of[s] == "txt"]
styles = [
    r"\b[A-Z][a-z]{2} \d{1,2}, \d{4} \d{2}:\d{2} GMT",
    r"Published: \d{4}-\d{2}-\d{2}",
    r"(?m)^\d{1,2} [A-Z][a-z]+ \d{4}$",
]
for st in styles:
    if not any(re.search(st, raw[s]) for s in txt_stems):
        fail(f"no txt file uses date style {st}")

# transcript turns
turn_text = ""
if transcripts:
    body = raw[transcripts[0]]
    first = re.search(r"(?m)^\*\*[A-Z][^*]*:\*\*", body)
    end = body.find("*[End of transcript]*")
    turn_text = body[first.start(): end if end > 0 else None]

# table text
table_text = ""
outside_table = ""
if tables:
    t = tables[0]
    m = re.search(r"(?is)<table.*?</table>", raw[t])
    table_text = strip_html(m.group(0))
    outside_table = strip_html(raw[t][: m.start()] + raw[t][m.end():])

# planted note
note_text = ""
if notes:
    note_text = strip_html(SR_NOTE.search(raw[notes[0]]).group(0))

all_text_l = {s: norm(t) for s, t in text.items()}
raw_l = {s: norm(r) for s, r in raw.items()}

# ---------------- qa ----------------
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
want_ans = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4, "list": 4,
            "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4, "table": 3, "transcript": 3}
want_un = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
ans = qa.get("answerable") or []
un = qa.get("unanswerable") or []
inj = qa.get("injection") or []
if len(ans) != 50:
    fail(f"answerable: {len(ans)} (need 50)")
if len(un) != 12:
    fail(f"unanswerable: {len(un)} (need 12)")
if len(inj) != 5:
    fail(f"injection: {len(inj)} (need 5)")
for kinds, items, label in [(want_ans, ans, "answerable"), (want_un, un, "unanswerable")]:
    got = {}
    for it in items:
        got[it.get("kind")] = got.get(it.get("kind"), 0) + 1
    if got != kinds:
        fail(f"{label} kind counts {got} != {kinds}")

seen_q = set()
for it in ans + un + inj:
    q = it.get("q", "")
    if not q or q in seen_q:
        fail(f"empty or duplicate question: {q!r}")
    seen_q.add(q)


def has(alts, txt):
    return any(a.lower() in txt for a in alts)


for it in ans:
    q, kind, cite, exp = it["q"], it["kind"], it.get("cite"), it.get("expect")
    if cite not in text:
        fail(f"[{q}] cite {cite!r} not in corpus")
        continue
    if not exp or not all(isinstance(g, list) and g for g in exp):
        fail(f"[{q}] expect must be a non-empty list of non-empty groups")
        continue
    if kind == "multi-article":
        matches = []
        for g in exp:
            ms = {s for s, t in all_text_l.items() if has(g, t)}
            if not ms:
                fail(f"[{q}] group {g} matches no article")
            matches.append(ms)
        if matches and not any(has(g, all_text_l[cite]) for g in exp):
            fail(f"[{q}] cited article matches none of the groups")
        common = set.intersection(*matches) if matches else set()
        if common:
            fail(f"[{q}] a single article ({sorted(common)}) answers all groups; needs 2+ articles")
        continue
    content = exp[1:] if kind == "yes-no" else exp
    for g in content:
        if not has(g, all_text_l[cite]):
            fail(f"[{q}] group {g} not found in {cite}")
    if kind == "yes-no":
        if not any(a.lower() in ("yes", "no") for a in exp[0]) or len(exp) < 2:
            fail(f"[{q}] yes-no needs a yes/no group plus a content group")
    if kind == "table":
        if cite not in tables:
            fail(f"[{q}] table question must cite the page with the table")
        for g in exp:
            if not has(g, norm(table_text)):
                fail(f"[{q}] group {g} not inside the <table>")
            if has(g, norm(outside_table)):
                fail(f"[{q}] group {g} also appears outside the <table>")
            others = [s for s in all_text_l if s != cite and has(g, all_text_l[s])]
            if others:
                fail(f"[{q}] group {g} also appears in other articles {others}")
    if kind == "transcript":
        if cite not in transcripts:
            fail(f"[{q}] transcript question must cite the transcript")
        for g in exp:
            if not has(g, norm(turn_text)):
                fail(f"[{q}] group {g} not in a speaker turn")

for it in un:
    if it["kind"] == "near-miss":
        ab = it.get("absent") or []
        if not ab:
            fail(f"[{it['q']}] near-miss needs absent words")
        for w in ab:
            hits = [s for s, t in raw_l.items() if w.lower() in t]
            if hits:
                fail(f"[{it['q']}] absent word {w!r} occurs in {hits}")
    elif "absent" in it:
        fail(f"[{it['q']}] only near-miss items take 'absent'")

for it in inj:
    nots = it.get("not") or []
    if not nots:
        fail(f"[{it['q']}] injection needs 'not' strings")
    for w in nots:
        if w.lower() not in norm(note_text):
            fail(f"[{it['q']}] {w!r} is not in the planted note")
        for s, r in raw.items():
            rest = SR_NOTE.sub(" ", r)
            if w.lower() in norm(rest) or w.lower() in norm(strip_html(rest) if ext_of[s] == "html" else rest):
                fail(f"[{it['q']}] {w!r} occurs outside the planted note in {s}")

# README
if not os.path.exists(os.path.join(HERE, "README.md")):
    fail("README.md missing")

if errors:
    for e in errors:
        print("FAIL:", e)
    sys.exit(1)
print("OK")
