#!/usr/bin/env python3
"""Self-check for the blind-28 evaluation set. Prints OK or the list of failures."""
import html
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
errors = []

ANSWER_COUNTS = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4,
                 "list": 4, "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4,
                 "table": 3, "transcript": 3}
UNANS_COUNTS = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
NAME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
SPEAKER_RE = re.compile(r"^\*\*([^*]+?):\*\*\s*(.*)$")


def strip_html(raw):
    raw = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", raw)
    raw = re.sub(r"(?s)<!--.*?-->", " ", raw)
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))


def norm(s):
    return re.sub(r"\s+", " ", s).lower()


# ---------- corpus ----------
files = sorted(os.listdir(CORPUS))
raw, text = {}, {}
for f in files:
    if not NAME_RE.match(f):
        errors.append(f"bad file name: {f}")
        continue
    stem, ext = f.rsplit(".", 1)
    raw[stem] = open(os.path.join(CORPUS, f), encoding="utf-8").read()
    text[stem] = strip_html(raw[stem]) if ext == "html" else raw[stem]
exts = [f.rsplit(".", 1)[1] for f in files]
if len(files) != 10:
    errors.append(f"corpus has {len(files)} files, need 10")
for e, n in (("html", 4), ("txt", 3), ("md", 3)):
    if exts.count(e) != n:
        errors.append(f"need {n} .{e} files, found {exts.count(e)}")
for stem, t in text.items():
    n = len(t.split())
    if not 600 <= n <= 800:
        errors.append(f"{stem}: {n} words (need 600-800)")

# metadata variety
htmls = {s: raw[s] for s in raw if s + ".html" in files}
if not any('"NewsArticle"' in r and "application/ld+json" in r for r in htmls.values()):
    errors.append("no HTML page with JSON-LD NewsArticle")
if not any("article:published_time" in r and "og:" in r for r in htmls.values()):
    errors.append("no HTML page with Open Graph + article:published_time")
if not any('rel="canonical"' in r and "<time" in r for r in htmls.values()):
    errors.append("no live blog with canonical link and timestamped entries")
if not any("<meta property" not in r and "ld+json" not in r and 'rel="canonical"' not in r
           for r in htmls.values()):
    errors.append("no HTML page without metadata")
tables = [s for s, r in htmls.items() if "<table" in r]
if len(tables) != 1:
    errors.append(f"expected exactly one HTML page with a <table>, found {tables}")
notes = [(s, m) for s, r in htmls.items() for m in re.findall(r'(?s)<span class="sr-note">(.*?)</span>', r)]
if len(notes) != 1:
    errors.append(f"expected exactly one planted sr-note, found {len(notes)}")
mds = [s for s in raw if s + ".md" in files]
fm = [s for s in mds if raw[s].startswith("---\n")]
transcripts = [s for s in fm if SPEAKER_RE.search(raw[s].split("\n---", 1)[-1]) or
               any(SPEAKER_RE.match(l) for l in raw[s].splitlines())]
if len(fm) != 2 or len(transcripts) != 1:
    errors.append(f"md: need 2 with front matter (one a transcript), got fm={fm} transcripts={transcripts}")


def transcript_turns(stem):
    # drop the YAML front matter, keep only the body
    body = raw[stem].split("\n---", 1)[1] if raw[stem].startswith("---") else raw[stem]
    turns, cur = [], None
    for line in body.splitlines():
        m = SPEAKER_RE.match(line.strip())
        if m:
            cur = [m.group(2)]
            turns.append((m.group(1), cur))
        elif cur is not None and line.strip():
            cur.append(line)
    return [(sp, " ".join(c)) for sp, c in turns]


def table_split(stem):
    r = raw[stem]
    inside = " ".join(strip_html(t) for t in re.findall(r"(?is)<table.*?</table>", r))
    outside = strip_html(re.sub(r"(?is)<table.*?</table>", " ", r))
    return inside, outside


def has(hay, alt):
    return alt.lower() in norm(hay)


# ---------- qa ----------
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
ans, unans, inj = qa.get("answerable", []), qa.get("unanswerable", []), qa.get("injection", [])
if len(ans) != 50:
    errors.append(f"answerable: {len(ans)} (need 50)")
if len(unans) != 12:
    errors.append(f"unanswerable: {len(unans)} (need 12)")
if len(inj) != 5:
    errors.append(f"injection: {len(inj)} (need 5)")
for kinds, items, label in ((ANSWER_COUNTS, ans, "answerable"), (UNANS_COUNTS, unans, "unanswerable")):
    for k, n in kinds.items():
        c = sum(1 for i in items if i.get("kind") == k)
        if c != n:
            errors.append(f"{label} kind {k}: {c} (need {n})")
    for i in items:
        if i.get("kind") not in kinds:
            errors.append(f"{label}: unknown kind {i.get('kind')!r} in {i.get('q')!r}")

qs = [i["q"] for i in ans + unans + inj]
if len(set(qs)) != len(qs):
    errors.append("duplicate questions")

for i in ans:
    q, kind, cite, groups = i["q"], i["kind"], i.get("cite"), i.get("expect")
    if cite not in text:
        errors.append(f"cite {cite!r} missing for: {q}")
        continue
    if not groups or not all(isinstance(g, list) and g for g in groups):
        errors.append(f"bad expect for: {q}")
        continue
    if kind == "multi-article":
        for g in groups:
            if not any(has(t, a) for t in text.values() for a in g):
                errors.append(f"multi group {g} matches no article: {q}")
        if any(all(any(has(t, a) for a in g) for g in groups) for t in text.values()):
            errors.append(f"multi-article answerable from a single article: {q}")
        if not any(has(text[cite], a) for g in groups for a in g):
            errors.append(f"multi cite {cite} matches no group: {q}")
        continue
    for g in groups:
        if not any(has(text[cite], a) for a in g):
            errors.append(f"group {g} not in {cite}: {q}")
    if kind == "table":
        if cite not in tables:
            errors.append(f"table question cites non-table page: {q}")
            continue
        inside, outside = table_split(cite)
        for g in groups:
            if not any(has(inside, a) for a in g):
                errors.append(f"table group {g} not inside table: {q}")
            if any(has(outside, a) for a in g):
                errors.append(f"table group {g} also outside table: {q}")
    if kind == "transcript":
        if cite not in transcripts:
            errors.append(f"transcript question cites non-transcript: {q}")
            continue
        turns = " ".join(t for sp, t in transcript_turns(cite))
        for g in groups:
            if not any(has(turns, a) for a in g):
                errors.append(f"transcript group {g} not in a speaker turn: {q}")

all_text = " ".join(norm(t) + " " + norm(raw[s]) for s, t in text.items())
for i in unans:
    if i["kind"] == "near-miss":
        if not i.get("absent"):
            errors.append(f"near-miss without absent: {i['q']}")
        for w in i.get("absent", []):
            if w.lower() in all_text:
                errors.append(f"near-miss absent word {w!r} occurs in corpus")

if notes:
    note_stem, note = notes[0]
    note_txt = norm(html.unescape(note))
    for i in inj:
        if not i.get("not"):
            errors.append(f"injection without not: {i['q']}")
        for s in i.get("not", []):
            if s.lower() not in note_txt:
                errors.append(f"injection string {s!r} not in planted note")
            for stem, t in text.items():
                r = raw[stem].replace(note, "") if stem == note_stem else raw[stem]
                if s.lower() in norm(html.unescape(r)):
                    errors.append(f"injection string {s!r} occurs outside the note in {stem}")

if errors:
    print("FAILED:")
    for e in errors:
        print(" -", e)
    sys.exit(1)
print("OK")
