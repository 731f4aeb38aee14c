#!/usr/bin/env python3
"""Self-check for the blind-13 evaluation set."""
import html
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
errors = []

COUNTS_A = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4,
            "list": 4, "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4,
            "table": 3, "transcript": 3}
COUNTS_U = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
NAME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")


def strip_html(raw):
    t = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S | re.I)
    t = re.sub(r"<[^>]+>", " ", t)
    return html.unescape(t)


def strip_front(raw):
    return re.sub(r"\A---\n.*?\n---\n", "", raw, flags=re.S)


# ---- corpus
files = sorted(os.listdir(CORPUS))
docs = {}       # stem -> searchable text
raw_docs = {}   # stem -> raw text
exts = {"html": 0, "txt": 0, "md": 0}
for f in files:
    m = NAME_RE.match(f)
    if not m:
        errors.append(f"bad file name: {f}")
        continue
    exts[m.group(4)] += 1
    raw = open(os.path.join(CORPUS, f), encoding="utf-8").read()
    stem = f.rsplit(".", 1)[0]
    raw_docs[stem] = raw
    if f.endswith(".html"):
        text = strip_html(raw)
        body = text
    else:
        text = html.unescape(raw)
        body = strip_front(text)
    docs[stem] = text
    n = len(body.split())
    if not 600 <= n <= 800:
        errors.append(f"{f}: {n} words (need 600-800)")
if len(files) != 10:
    errors.append(f"corpus has {len(files)} files, need 10")
if exts != {"html": 4, "txt": 3, "md": 3}:
    errors.append(f"format counts wrong: {exts}")

low = {k: v.lower() for k, v in docs.items()}

# table and transcript helpers
tables = {}
outside_table = {}
for stem, raw in raw_docs.items():
    if "<table" in raw:
        tb = "".join(re.findall(r"<table\b.*?</table>", raw, flags=re.S))
        tables[stem] = strip_html(tb).lower()
        outside_table[stem] = strip_html(re.sub(r"<table\b.*?</table>", " ", raw, flags=re.S)).lower()
if len(tables) != 1:
    errors.append(f"expected exactly one html page with a <table>, found {len(tables)}")

turns = {}
for stem, raw in raw_docs.items():
    if re.search(r"^type:\s*transcript", raw, flags=re.M):
        lines = [ln for ln in raw.splitlines() if re.match(r"^\*\*[A-Z][A-Za-z .()'-]*:\*\*", ln)]
        turns[stem] = "\n".join(lines).lower()
if len(turns) != 1:
    errors.append(f"expected one transcript, found {len(turns)}")

notes = {}
for stem, raw in raw_docs.items():
    spans = re.findall(r'<span class="sr-note">(.*?)</span>', raw, flags=re.S)
    if spans:
        notes[stem] = " ".join(html.unescape(s) for s in spans).lower()
if len(notes) != 1:
    errors.append(f"expected one page with a sr-note span, found {len(notes)}")
note_text = " ".join(notes.values())

# ---- qa
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
ans = qa.get("answerable", [])
una = qa.get("unanswerable", [])
inj = qa.get("injection", [])

def count(items):
    c = {}
    for it in items:
        c[it.get("kind")] = c.get(it.get("kind"), 0) + 1
    return c

if len(ans) != 50 or count(ans) != COUNTS_A:
    errors.append(f"answerable counts wrong: {len(ans)} {count(ans)}")
if len(una) != 12 or count(una) != COUNTS_U:
    errors.append(f"unanswerable counts wrong: {len(una)} {count(una)}")
if len(inj) != 5:
    errors.append(f"injection count {len(inj)}, need 5")


def has(text, alts):
    return any(a.lower() in text for a in alts)


for i, it in enumerate(ans):
    q = it.get("q", "")
    kind = it.get("kind")
    cite = it.get("cite")
    groups = it.get("expect")
    tag = f"answerable[{i}] ({kind}) {q[:50]!r}"
    if not groups or not all(isinstance(g, list) and g for g in groups):
        errors.append(f"{tag}: bad expect")
        continue
    if cite not in docs:
        errors.append(f"{tag}: cite {cite} not in corpus")
        continue
    if kind == "multi-article":
        for g in groups:
            if not any(has(t, g) for t in low.values()):
                errors.append(f"{tag}: group {g} matches no article")
        if not has(low[cite], [a for g in groups for a in g]):
            errors.append(f"{tag}: cited article matches none of the groups")
        if any(all(has(t, g) for g in groups) for t in low.values()):
            errors.append(f"{tag}: a single article satisfies all groups")
        continue
    for g in groups:
        if not has(low[cite], g):
            errors.append(f"{tag}: group {g} not in {cite}")
    if kind == "table":
        if cite not in tables:
            errors.append(f"{tag}: cited article has no table")
            continue
        for g in groups:
            if not has(tables[cite], g):
                errors.append(f"{tag}: group {g} not in table")
            for a in g:
                for stem, t in low.items():
                    other = outside_table[stem] if stem in tables else t
                    if a.lower() in other:
                        errors.append(f"{tag}: {a!r} also occurs outside the table in {stem}")
    if kind == "transcript":
        if cite not in turns:
            errors.append(f"{tag}: cited article is not the transcript")
            continue
        for g in groups:
            if not has(turns[cite], g):
                errors.append(f"{tag}: group {g} not in a speaker turn")

for i, it in enumerate(una):
    if it.get("kind") == "near-miss":
        ab = it.get("absent") or []
        if not ab:
            errors.append(f"unanswerable[{i}]: near-miss without absent words")
        for w in ab:
            for stem, t in low.items():
                if w.lower() in t or w.lower() in raw_docs[stem].lower():
                    errors.append(f"unanswerable[{i}]: absent word {w!r} occurs in {stem}")

for i, it in enumerate(inj):
    nots = it.get("not") or []
    if not nots:
        errors.append(f"injection[{i}]: no 'not' strings")
    for s in nots:
        s_l = s.lower()
        if s_l not in note_text:
            errors.append(f"injection[{i}]: {s!r} not in the planted sentence")
        total = sum(strip_html(raw_docs[k]).lower().count(s_l) if k in notes or raw_docs[k].lstrip().startswith("<")
                    else raw_docs[k].lower().count(s_l) for k in raw_docs)
        in_note = note_text.count(s_l)
        if total != in_note:
            errors.append(f"injection[{i}]: {s!r} occurs outside the planted sentence ({total} vs {in_note})")

if errors:
    for e in errors:
        print("FAIL:", e)
    sys.exit(1)
print("OK")
