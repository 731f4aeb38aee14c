#!/usr/bin/env python3
"""Self-check for the blind-23 evaluation set. Prints OK or the list of failures."""
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
    t = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", raw)
    t = re.sub(r"(?s)<!--.*?-->", " ", t)
    t = re.sub(r"<[^>]+>", " ", t)
    return html.unescape(t)


def norm(s):
    return re.sub(r"\s+", " ", s).lower()


# ---------------------------------------------------------------- corpus
files = sorted(os.listdir(CORPUS))
name_re = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
if len(files) != 10:
    fail(f"corpus must hold exactly 10 files, found {len(files)}")
exts = {"html": 0, "txt": 0, "md": 0}
raw, text = {}, {}
for f in files:
    m = name_re.match(f)
    if not m:
        fail(f"bad file name: {f}")
        continue
    exts[m.group(4)] += 1
    stem = f.rsplit(".", 1)[0]
    r = open(os.path.join(CORPUS, f), encoding="utf-8").read()
    raw[stem] = r
    t = strip_html(r) if f.endswith(".html") else r
    text[stem] = t
    wc = len(t.split())
    if not 600 <= wc <= 800:
        fail(f"{f}: {wc} words (need 600-800)")
if exts != {"html": 4, "txt": 3, "md": 3}:
    fail(f"format counts wrong: {exts}")

# format-specific features
htmls = [s for s in raw if s + ".html" in files]
if not any("application/ld+json" in raw[s] and "NewsArticle" in raw[s] for s in htmls):
    fail("no HTML page with JSON-LD NewsArticle")
if not any("og:title" in raw[s] and "article:published_time" in raw[s] for s in htmls):
    fail("no HTML page with Open Graph + article:published_time")
if not any('rel="canonical"' in raw[s] and raw[s].count("<time") >= 3 for s in htmls):
    fail("no live blog with canonical link and timestamped entries")
if not any("<meta" not in raw[s].replace('<meta charset', '') and "ld+json" not in raw[s] for s in htmls):
    fail("no HTML page without metadata")
table_pages = [s for s in htmls if "<table" in raw[s]]
if len(table_pages) != 1:
    fail(f"expected exactly one HTML page with a <table>, found {table_pages}")
inj_pages = [s for s in htmls if '<span class="sr-note">' in raw[s]]
if len(inj_pages) != 1:
    fail(f"expected exactly one page with sr-note span, found {inj_pages}")
mds = [s for s in raw if s + ".md" in files]
fm = [s for s in mds if raw[s].startswith("---\n")]
if len(fm) != 2:
    fail(f"expected 2 md files with YAML front matter, found {len(fm)}")
transcripts = [s for s in fm if "transcript" in raw[s].split("---", 2)[1]]
if len(transcripts) != 1:
    fail(f"expected one transcript md, found {transcripts}")
for s in fm:
    meta = yaml.safe_load(raw[s].split("---", 2)[1])
    for k in ("title", "date"):
        if k not in meta:
            fail(f"{s}: front matter lacks {k}")
    if not ("source" in meta or "url" in meta):
        fail(f"{s}: front matter lacks source/url")

corpus_all = norm(" ".join(text.values()))

# transcript speaker turns
speaker_text = ""
if transcripts:
    for line in raw[transcripts[0]].splitlines():
        if re.match(r"^\*\*[A-Z][A-Z .'-]+:\*\*", line):
            speaker_text += " " + line
speaker_text = norm(speaker_text)

# table vs outside-table text
table_inside = table_outside = ""
if len(table_pages) == 1:
    r = raw[table_pages[0]]
    m = re.search(r"(?is)<table.*?</table>", r)
    table_inside = norm(strip_html(m.group(0)))
    table_outside = norm(strip_html(r[: m.start()] + r[m.end():]))

# injection sentence
planted = ""
if len(inj_pages) == 1:
    m = re.search(r'(?s)<span class="sr-note">(.*?)</span>', raw[inj_pages[0]])
    planted = norm(html.unescape(m.group(1)))
    corpus_without_planted = norm(" ".join(
        (strip_html(raw[s].replace(m.group(0), " ")) if s == inj_pages[0] else text[s]) for s in text))
    if "<style" not in raw[inj_pages[0]] or ".sr-note" not in raw[inj_pages[0]]:
        fail("sr-note not visually hidden by CSS")

# ---------------------------------------------------------------- qa
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
want = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4,
        "list": 4, "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4, "table": 3,
        "transcript": 3}
ans = qa.get("answerable", [])
if len(ans) != 50:
    fail(f"answerable: {len(ans)} (need 50)")
got = {}
for a in ans:
    got[a.get("kind")] = got.get(a.get("kind"), 0) + 1
if got != want:
    fail(f"answerable kind counts {got} != {want}")

for i, a in enumerate(ans):
    q = a.get("q", "")
    cite = a.get("cite")
    exp = a.get("expect")
    if cite not in text:
        fail(f"[{q}] cite not in corpus: {cite}")
        continue
    if not exp or not all(isinstance(g, list) and g for g in exp):
        fail(f"[{q}] bad expect")
        continue
    if a["kind"] == "yes-no" and len(exp) < 2:
        fail(f"[{q}] yes-no needs yes/no group plus content group")
    ct = norm(text[cite])
    if a["kind"] == "multi-article":
        hits = []
        for g in exp:
            arts = {s for s in text if any(alt.lower() in norm(text[s]) for alt in g)}
            if not arts:
                fail(f"[{q}] group {g} matches no article")
            hits.append(arts)
        if hits and set.intersection(*hits):
            fail(f"[{q}] all groups answerable from one article {set.intersection(*hits)}")
        if not any(any(alt.lower() in ct for alt in g) for g in exp):
            fail(f"[{q}] cited article matches no group")
        continue
    for g in exp:
        if not any(alt.lower() in ct for alt in g):
            fail(f"[{q}] group {g} not in cited {cite}")
    if a["kind"] == "table":
        if cite != (table_pages[0] if table_pages else None):
            fail(f"[{q}] table question must cite the table page")
        for g in exp:
            if not any(alt.lower() in table_inside for alt in g):
                fail(f"[{q}] {g} not inside table")
            for alt in g:
                if alt.lower() in table_outside:
                    fail(f"[{q}] '{alt}' also occurs outside the table")
    if a["kind"] == "transcript":
        if cite != (transcripts[0] if transcripts else None):
            fail(f"[{q}] transcript question must cite the transcript")
        for g in exp:
            if not any(alt.lower() in speaker_text for alt in g):
                fail(f"[{q}] {g} not in a speaker turn")

un = qa.get("unanswerable", [])
uw = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
ug = {}
for u in un:
    ug[u.get("kind")] = ug.get(u.get("kind"), 0) + 1
    if u.get("kind") == "near-miss":
        if not u.get("absent"):
            fail(f"[{u['q']}] near-miss needs absent words")
        for w in u.get("absent", []):
            if w.lower() in corpus_all:
                fail(f"[{u['q']}] absent word '{w}' occurs in corpus")
if len(un) != 12 or ug != uw:
    fail(f"unanswerable counts {ug} != {uw}")

inj = qa.get("injection", [])
if len(inj) != 5:
    fail(f"injection: {len(inj)} (need 5)")
for j in inj:
    if not j.get("not"):
        fail(f"[{j['q']}] injection needs 'not' strings")
    for s in j.get("not", []):
        if s.lower() not in planted:
            fail(f"[{j['q']}] '{s}' not in planted sentence")
        if planted and s.lower() in corpus_without_planted:
            fail(f"[{j['q']}] '{s}' occurs outside the planted sentence")

for a in ans + un + inj:
    if not a.get("q", "").strip():
        fail("empty question")
qs = [a["q"] for a in ans + un + inj]
if len(set(qs)) != len(qs):
    fail("duplicate questions")

if errors:
    for e in errors:
        print("FAIL:", e)
    sys.exit(1)
print("OK")
