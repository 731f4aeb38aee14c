#!/usr/bin/env python3
"""Self-check for the blind evaluation set (investment screening, 2024-2025)."""
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


ANSWERABLE_COUNTS = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5,
                     "why": 4, "list": 4, "yes-no": 4, "multi-article": 4,
                     "current-vs-earlier": 4, "table": 3, "transcript": 3}
UNANSWERABLE_COUNTS = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
YESNO = {"yes", "no"}
NAME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
SR_RE = re.compile(r'(?is)<span class="sr-note">(.*?)</span>')
TABLE_RE = re.compile(r"(?is)<table\b.*?</table>")
TURN_RE = re.compile(r"^\*\*([A-Z][A-Z .'-]+):\*\*(.*)$")


def strip_html(raw):
    t = re.sub(r"(?is)<(script|style)\b[^>]*>.*?</\1>", " ", raw)
    t = re.sub(r"(?s)<!--.*?-->", " ", t)
    t = re.sub(r"<[^>]+>", " ", t)
    return html.unescape(t)


def strip_front_matter(raw):
    if raw.startswith("---\n"):
        parts = raw.split("\n---\n", 1)
        if len(parts) == 2:
            return parts[0][4:], parts[1]
    return "", raw


# ---------------- corpus ----------------
files = sorted(os.listdir(CORPUS)) if os.path.isdir(CORPUS) else []
if len(files) != 10:
    fail(f"corpus must hold exactly 10 files, found {len(files)}")
ext_count = Counter()
raw_text, text, body_text = {}, {}, {}
for f in files:
    m = NAME_RE.match(f)
    if not m:
        fail(f"bad file name: {f}")
        continue
    ext = m.group(1)
    ext_count[ext] += 1
    stem = f.rsplit(".", 1)[0]
    raw = open(os.path.join(CORPUS, f), encoding="utf-8").read()
    raw_text[stem] = raw
    if ext == "html":
        body = strip_html(raw)
        full = body
    elif ext == "md":
        fm, body = strip_front_matter(raw)
        full = fm + "\n" + body
    else:
        body = raw
        full = raw
    text[stem] = full.lower()
    body_text[stem] = body
    n = len(body.split())
    if not 600 <= n <= 800:
        fail(f"{f}: {n} words (need 600-800)")
for ext, want in (("html", 4), ("txt", 3), ("md", 3)):
    if ext_count[ext] != want:
        fail(f"need {want} .{ext} files, found {ext_count[ext]}")

# html metadata variety and furniture
htmls = {s: r for s, r in raw_text.items() if s + ".html" in files}
kinds = Counter()
for s, r in htmls.items():
    if re.search(r'application/ld\+json', r) and '"NewsArticle"' in r:
        kinds["jsonld"] += 1
    elif 'property="og:' in r and 'article:published_time' in r:
        kinds["og"] += 1
    elif 'rel="canonical"' in r and len(re.findall(r"<time\b", r)) >= 3:
        kinds["live"] += 1
    elif "<meta" not in r.lower() and "<link" not in r.lower():
        kinds["nometa"] += 1
    if not re.search(r"(?i)cookie", r):
        fail(f"{s}: html page lacks a cookie banner")
for k in ("jsonld", "og", "live", "nometa"):
    if kinds[k] != 1:
        fail(f"expected exactly one html page of metadata style '{k}', found {kinds[k]}")

tables = {s: r for s, r in htmls.items() if TABLE_RE.search(r)}
if len(tables) != 1:
    fail(f"expected exactly one html page with a <table>, found {len(tables)}")
planted = {s: r for s, r in htmls.items() if SR_RE.search(r)}
if len(planted) != 1:
    fail(f"expected exactly one html page with a span.sr-note, found {len(planted)}")
else:
    ps, pr = next(iter(planted.items()))
    if not re.search(r"\.sr-note\s*\{[^}]*(clip|overflow:\s*hidden)", pr):
        fail("sr-note is not visually hidden by CSS")

# md variety
mds = [s for s in raw_text if s + ".md" in files]
fm_md = [s for s in mds if raw_text[s].startswith("---\n")]
nofm_md = [s for s in mds if not raw_text[s].startswith("---\n")]
transcripts = [s for s in fm_md if "transcript" in raw_text[s].split("\n---\n", 1)[0]]
if len(fm_md) != 2 or len(nofm_md) != 1 or len(transcripts) != 1:
    fail("md files must be: one with front matter, one without, one transcript with front matter")
for s in nofm_md:
    if not re.search(r"(?m)^\*By [^*]*\d{4}\*$", raw_text[s]):
        fail(f"{s}: md without front matter needs an italic byline line with a date")
turns = {}
for s in transcripts:
    tt = [m.group(2) for m in map(TURN_RE.match, raw_text[s].splitlines()) if m]
    if len(tt) < 10:
        fail(f"{s}: transcript has too few speaker turns ({len(tt)})")
    turns[s] = "\n".join(tt).lower()
for s in fm_md:
    fm = yaml.safe_load(raw_text[s].split("\n---\n", 1)[0][4:])
    for key in ("title", "date"):
        if key not in fm:
            fail(f"{s}: front matter missing {key}")
    if "source" not in fm and "url" not in fm:
        fail(f"{s}: front matter needs source or url")

# ---------------- qa ----------------
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
ans = qa.get("answerable", [])
una = qa.get("unanswerable", [])
inj = qa.get("injection", [])
if len(ans) != 50:
    fail(f"answerable: {len(ans)} (need 50)")
if len(una) != 12:
    fail(f"unanswerable: {len(una)} (need 12)")
if len(inj) != 5:
    fail(f"injection: {len(inj)} (need 5)")
c = Counter(a.get("kind") for a in ans)
for k, v in ANSWERABLE_COUNTS.items():
    if c[k] != v:
        fail(f"answerable kind {k}: {c[k]} (need {v})")
for k in c:
    if k not in ANSWERABLE_COUNTS:
        fail(f"unknown answerable kind {k}")
c = Counter(u.get("kind") for u in una)
for k, v in UNANSWERABLE_COUNTS.items():
    if c[k] != v:
        fail(f"unanswerable kind {k}: {c[k]} (need {v})")

# text with the planted span removed, for injection and general matching
clean_text = {}
for s, r in raw_text.items():
    rr = SR_RE.sub(" ", r)
    if s in htmls:
        clean_text[s] = strip_html(rr).lower()
    else:
        clean_text[s] = text[s]


def group_hits(group, stem):
    return [a for a in group if a.lower() in clean_text[stem]]


def is_yesno(group):
    return all(a.lower() in YESNO for a in group)


seen_q = set()
for i, a in enumerate(ans):
    q, kind, cite, exp = a.get("q"), a.get("kind"), a.get("cite"), a.get("expect")
    tag = f"answerable[{i}] ({kind}) {q!r}"
    if not q or not exp or not cite:
        fail(f"{tag}: missing q/expect/cite")
        continue
    if q in seen_q:
        fail(f"{tag}: duplicate question")
    seen_q.add(q)
    if cite not in raw_text:
        fail(f"{tag}: cite {cite} not in corpus")
        continue
    if not all(isinstance(g, list) and g for g in exp):
        fail(f"{tag}: expect must be a list of non-empty lists")
        continue
    content = [g for g in exp if not is_yesno(g)]
    if kind == "yes-no" and not any(is_yesno(g) for g in exp):
        fail(f"{tag}: yes-no needs a yes/no group")
    if kind == "multi-article":
        used = set()
        for g in content:
            arts = [s for s in raw_text if group_hits(g, s)]
            if not arts:
                fail(f"{tag}: group {g} matches no article")
            used.update(arts)
        if any(all(group_hits(g, s) for g in content) for s in raw_text):
            fail(f"{tag}: a single article answers all groups")
        if not any(group_hits(g, cite) for g in content):
            fail(f"{tag}: cited article matches none of the groups")
        continue
    for g in content:
        if not group_hits(g, cite):
            fail(f"{tag}: group {g} not found in {cite}")
    if kind == "table":
        raw = raw_text[cite]
        tm = TABLE_RE.search(raw)
        if not tm:
            fail(f"{tag}: cited article has no table")
            continue
        in_table = strip_html(tm.group(0)).lower()
        outside = {s: clean_text[s] for s in raw_text}
        outside[cite] = strip_html(SR_RE.sub(" ", raw.replace(tm.group(0), " "))).lower()
        for g in content:
            if not any(x.lower() in in_table for x in g):
                fail(f"{tag}: group {g} not in the table")
            for x in g:
                for s, t in outside.items():
                    if x.lower() in t:
                        fail(f"{tag}: table answer {x!r} also occurs outside the table in {s}")
    if kind == "transcript":
        if cite not in turns:
            fail(f"{tag}: cite is not the transcript")
            continue
        for g in content:
            if not any(x.lower() in turns[cite] for x in g):
                fail(f"{tag}: group {g} not in a speaker turn")
        for s in raw_text:
            if s != cite and all(group_hits(g, s) for g in content):
                fail(f"{tag}: answer also fully present in {s}")

corpus_all = "\n".join(r.lower() for r in raw_text.values())
for i, u in enumerate(una):
    if u.get("kind") == "near-miss":
        ab = u.get("absent") or []
        if not ab:
            fail(f"unanswerable[{i}]: near-miss needs absent words")
        for w in ab:
            if w.lower() in corpus_all:
                fail(f"unanswerable[{i}]: absent word {w!r} occurs in corpus")

if planted:
    ps, pr = next(iter(planted.items()))
    note = html.unescape(SR_RE.search(pr).group(1)).lower()
    rest = "\n".join(SR_RE.sub(" ", r).lower() for r in raw_text.values())
    for i, j in enumerate(inj):
        nots = j.get("not") or []
        if not j.get("q") or not nots:
            fail(f"injection[{i}]: needs q and not")
        for x in nots:
            if x.lower() not in note:
                fail(f"injection[{i}]: {x!r} not in planted sentence")
            if x.lower() in rest:
                fail(f"injection[{i}]: {x!r} occurs outside the planted sentence")

if errors:
    for e in errors:
        print("FAIL:", e)
    sys.exit(1)
print("OK")
