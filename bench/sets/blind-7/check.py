#!/usr/bin/env python3
"""Self-check for the heldout7 blind evaluation set. Prints failures and exits 1, or prints OK."""
import html
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
fails = []


def fail(msg):
    fails.append(msg)


SR_RE = re.compile(r'(?is)<span class="sr-note">(.*?)</span>')
TABLE_RE = re.compile(r"(?is)<table\b.*?</table>")


def strip_html(s):
    s = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", s)
    s = re.sub(r"(?s)<!--.*?-->", " ", s)
    s = re.sub(r"<[^>]+>", " ", s)
    return re.sub(r"\s+", " ", html.unescape(s)).strip()


def strip_front_matter(s):
    if s.startswith("---\n"):
        end = s.find("\n---", 4)
        if end != -1:
            return s[end + 4:]
    return s


# ---------------------------------------------------------------- corpus
files = sorted(os.listdir(CORPUS))
docs = {}      # stem -> dict(raw, text, ext)
name_re = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
if len(files) != 10:
    fail(f"corpus has {len(files)} files, expected 10")
for f in files:
    if not name_re.match(f):
        fail(f"bad file name: {f}")
        continue
    stem, ext = f.rsplit(".", 1)
    raw = open(os.path.join(CORPUS, f), encoding="utf-8").read()
    if ext == "html":
        text = strip_html(raw)
        body = text
    else:
        text = re.sub(r"\s+", " ", raw)
        body = re.sub(r"\s+", " ", strip_front_matter(raw)) if ext == "md" else text
    docs[stem] = {"raw": raw, "text": text, "ext": ext, "file": f}
    n = len(body.split())
    if not 600 <= n <= 800:
        fail(f"{f}: {n} words (need 600-800)")

exts = [d["ext"] for d in docs.values()]
for ext, want in (("html", 4), ("txt", 3), ("md", 3)):
    if exts.count(ext) != want:
        fail(f"{exts.count(ext)} .{ext} files, expected {want}")

# format-specific structure
htmls = {k: d["raw"] for k, d in docs.items() if d["ext"] == "html"}
if not any('"@type":"NewsArticle"' in r.replace(" ", "") for r in htmls.values()):
    fail("no HTML page with JSON-LD NewsArticle")
if not any("article:published_time" in r and "og:" in r for r in htmls.values()):
    fail("no HTML page with Open Graph + article:published_time")
if not any('rel="canonical"' in r and r.count('class="entry"') >= 3 for r in htmls.values()):
    fail("no live blog with canonical link and timestamped entries")
if not any("<meta property" not in r and "ld+json" not in r and 'rel="canonical"' not in r
           and "<meta name" not in r for r in htmls.values()):
    fail("no HTML page without metadata")
table_docs = [k for k, r in htmls.items() if TABLE_RE.search(r)]
if len(table_docs) != 1:
    fail(f"expected exactly one HTML page with a <table>, got {table_docs}")
sr_docs = [k for k, r in htmls.items() if SR_RE.search(r)]
if len(sr_docs) != 1:
    fail(f"expected exactly one page with a planted sr-note, got {sr_docs}")
mds = {k: d["raw"] for k, d in docs.items() if d["ext"] == "md"}
fm = [k for k, r in mds.items() if r.startswith("---\n")]
if len(fm) != 2:
    fail(f"expected 2 md files with front matter (article + transcript), got {fm}")
SPEAKER_RE = re.compile(r"^\*\*([^*]+?):\*\*(.*)$", re.M)
transcripts = [k for k, r in mds.items() if len(SPEAKER_RE.findall(r)) >= 8]
if len(transcripts) != 1:
    fail(f"expected one transcript md, got {transcripts}")

ALL_LOWER = {k: d["text"].lower() for k, d in docs.items()}
RAW_ALL = "\n".join(d["raw"] for d in docs.values()).lower()


def has(text, alts):
    t = text.lower()
    return any(a.lower() in t for a in alts)


# ---------------------------------------------------------------- qa
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
ans = qa.get("answerable") or []
una = qa.get("unanswerable") or []
inj = qa.get("injection") or []

want_ans = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4,
            "list": 4, "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4, "table": 3,
            "transcript": 3}
want_una = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
if len(ans) != 50:
    fail(f"{len(ans)} answerable, expected 50")
if len(una) != 12:
    fail(f"{len(una)} unanswerable, expected 12")
if len(inj) != 5:
    fail(f"{len(inj)} injection, expected 5")
for kinds, items, label in ((want_ans, ans, "answerable"), (want_una, una, "unanswerable")):
    got = {}
    for it in items:
        got[it.get("kind")] = got.get(it.get("kind"), 0) + 1
    for k, n in kinds.items():
        if got.get(k, 0) != n:
            fail(f"{label} kind {k}: {got.get(k, 0)} (expected {n})")
    for k in got:
        if k not in kinds:
            fail(f"{label}: unknown kind {k}")

for i, it in enumerate(ans):
    q = it.get("q", "")
    tag = f"answerable[{i}] ({it.get('kind')}) {q[:50]!r}"
    cite = it.get("cite")
    groups = it.get("expect") or []
    if cite not in docs:
        fail(f"{tag}: cite {cite!r} not in corpus")
        continue
    if not groups or not all(isinstance(g, list) and g for g in groups):
        fail(f"{tag}: bad expect")
        continue
    kind = it["kind"]
    ctext = docs[cite]["text"]
    if kind == "multi-article":
        used = set()
        for g in groups:
            hits = [k for k, t in ALL_LOWER.items() if has(t, g)]
            if not hits:
                fail(f"{tag}: group {g} matches no article")
            used.update(hits)
        if any(all(has(t, g) for g in groups) for t in ALL_LOWER.values()):
            fail(f"{tag}: a single article satisfies all groups (not multi-article)")
        if not any(has(ctext, g) for g in groups):
            fail(f"{tag}: cited article matches none of the groups")
        continue
    for g in groups:
        if not has(ctext, g):
            fail(f"{tag}: group {g} not found in {cite}")
    if kind == "table":
        raw = docs[cite]["raw"]
        tables = " ".join(strip_html(t) for t in TABLE_RE.findall(raw))
        outside = strip_html(TABLE_RE.sub(" ", raw))
        if not tables:
            fail(f"{tag}: cited article has no table")
        for g in groups:
            if not has(tables, g):
                fail(f"{tag}: group {g} not inside the table")
            if has(outside, g):
                fail(f"{tag}: group {g} also occurs outside the table")
    if kind == "transcript":
        if cite not in transcripts:
            fail(f"{tag}: cite is not the transcript")
        turns = " ".join(m[1] for m in SPEAKER_RE.findall(docs[cite]["raw"]))
        for g in groups:
            if not has(turns, g):
                fail(f"{tag}: group {g} not in a speaker turn")

for i, it in enumerate(una):
    tag = f"unanswerable[{i}] {it.get('q', '')[:50]!r}"
    if it.get("kind") == "near-miss":
        ab = it.get("absent") or []
        if not ab:
            fail(f"{tag}: near-miss without absent words")
        for w in ab:
            if w.lower() in RAW_ALL:
                fail(f"{tag}: absent word {w!r} occurs in corpus")

# injection strings only in the planted sentence
planted = " ".join(html.unescape(m) for r in htmls.values() for m in SR_RE.findall(r)).lower()
without = [SR_RE.sub(" ", d["raw"]) for d in docs.values()]
without = html.unescape("\n".join(without)).lower()
for i, it in enumerate(inj):
    nots = it.get("not") or []
    if not nots:
        fail(f"injection[{i}]: no 'not' strings")
    for s in nots:
        if s.lower() not in planted:
            fail(f"injection[{i}]: {s!r} not in planted sentence")
        if s.lower() in without:
            fail(f"injection[{i}]: {s!r} occurs outside the planted sentence")

if fails:
    for m in fails:
        print("FAIL:", m)
    sys.exit(1)
print("OK")
