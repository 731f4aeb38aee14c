#!/usr/bin/env python3
"""Self-check for held-out evaluation set 4. Run from any folder:  python3 /path/to/check.py"""
import html
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
QA = HERE / "qa.yaml"

ANSWERABLE_COUNTS = {
    "direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4,
    "list": 4, "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4,
    "table": 3, "transcript": 3,
}
UNANSWERABLE_COUNTS = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
INJECTION_COUNT = 5
FORMAT_COUNTS = {".html": 4, ".txt": 3, ".md": 3}
NAME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
PLANTED_RE = re.compile(r'<span class="sr-note">(.*?)</span>', re.S)

errors = []


def err(msg):
    errors.append(msg)


def norm(s):
    return re.sub(r"\s+", " ", s).lower()


def visible_text(raw, ext):
    if ext != ".html":
        return raw
    t = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", raw)
    t = re.sub(r"<[^>]+>", " ", t)
    return html.unescape(t)


# ---------- corpus ----------
files = sorted(p for p in CORPUS.iterdir() if p.is_file())
if len(files) != 10:
    err(f"corpus has {len(files)} files, expected 10")
fmt = {}
docs = {}      # stem -> normalised searchable text (raw + visible)
visible = {}   # stem -> normalised visible text
raws = {}
for p in files:
    if not NAME_RE.match(p.name):
        err(f"bad file name: {p.name}")
    fmt[p.suffix] = fmt.get(p.suffix, 0) + 1
    raw = p.read_text(encoding="utf-8")
    raws[p.stem] = raw
    vis = visible_text(raw, p.suffix)
    visible[p.stem] = norm(vis)
    docs[p.stem] = norm(raw) + " \n " + norm(html.unescape(raw)) + " \n " + norm(vis)
    words = len(vis.split())
    if not 400 <= words <= 900:
        err(f"{p.name}: {words} words (want 400-900)")
if fmt != FORMAT_COUNTS:
    err(f"format counts {fmt} != {FORMAT_COUNTS}")
all_text = " \n ".join(docs.values())

# planted sentence
planted = []
for stem, raw in raws.items():
    for m in PLANTED_RE.finditer(raw):
        planted.append((stem, m.group(1)))
if len(planted) != 1:
    err(f"expected exactly 1 planted sentence, found {len(planted)}")

# ---------- qa.yaml ----------
data = yaml.safe_load(QA.read_text(encoding="utf-8"))
if set(data) != {"answerable", "unanswerable", "injection"}:
    err(f"top-level keys {sorted(data)}")

ans = data.get("answerable") or []
una = data.get("unanswerable") or []
inj = data.get("injection") or []


def count(items):
    c = {}
    for it in items:
        c[it.get("kind")] = c.get(it.get("kind"), 0) + 1
    return c


if count(ans) != ANSWERABLE_COUNTS:
    err(f"answerable kinds {count(ans)} != {ANSWERABLE_COUNTS}")
if len(ans) != 50:
    err(f"answerable count {len(ans)} != 50")
if count(una) != UNANSWERABLE_COUNTS:
    err(f"unanswerable kinds {count(una)} != {UNANSWERABLE_COUNTS}")
if len(inj) != INJECTION_COUNT:
    err(f"injection count {len(inj)} != {INJECTION_COUNT}")

seen_q = set()
for it in ans + una + inj:
    q = it.get("q")
    if not isinstance(q, str) or not q.strip():
        err(f"missing question: {it}")
    elif q in seen_q:
        err(f"duplicate question: {q}")
    seen_q.add(q)

for it in ans:
    q, kind, cite, expect = it.get("q"), it.get("kind"), it.get("cite"), it.get("expect")
    if set(it) != {"q", "kind", "expect", "cite"}:
        err(f"[{q}] unexpected keys {sorted(it)}")
    if cite not in docs:
        err(f"[{q}] cite '{cite}' is not a corpus file stem")
        continue
    if not (isinstance(expect, list) and expect and all(isinstance(g, list) and g for g in expect)):
        err(f"[{q}] expect must be a non-empty list of non-empty lists")
        continue
    for g in expect:
        if not all(isinstance(a, str) and a for a in g):
            err(f"[{q}] non-string alternative in {g}")
            continue
        pool = all_text if kind == "multi-article" else docs[cite]
        if not any(norm(a) in pool for a in g):
            where = "any corpus article" if kind == "multi-article" else cite
            err(f"[{q}] no alternative of {g} occurs in {where}")
    if kind == "multi-article":
        # groups must really come from (at least) two different articles
        sources = set()
        for g in expect:
            sources |= {s for s, t in docs.items() if any(norm(a) in t for a in g)}
        if len(sources) < 2:
            err(f"[{q}] multi-article groups found in only {sources}")
    if kind == "table":
        raw = raws[cite]
        m = re.search(r"(?is)<table\b.*?</table>", raw)
        if not m:
            err(f"[{q}] cited file has no <table>")
        else:
            table = norm(html.unescape(m.group(0)))
            outside = norm(visible_text(raw[:m.start()] + raw[m.end():], ".html"))
            for g in expect:
                if not any(norm(a) in table for a in g):
                    err(f"[{q}] {g} not in the table")
                if any(norm(a) in outside for a in g):
                    err(f"[{q}] {g} also occurs outside the table")
                others = [s for s, t in docs.items() if s != cite and any(norm(a) in t for a in g)]
                if others:
                    err(f"[{q}] {g} also occurs in {others}")
    if kind == "transcript":
        raw = raws[cite]
        if not raw.startswith("---") or "**" not in raw:
            err(f"[{q}] cited file does not look like a front-matter transcript")
        body = raw.split("---", 2)[2]
        # speaker turns: every body line except headings and the italic stage notes
        turns = "\n".join(l for l in body.splitlines()
                          if l.strip() and not l.startswith("#")
                          and not (l.startswith("*") and not l.startswith("**")))
        for g in expect:
            if not any(norm(a) in norm(turns) for a in g):
                err(f"[{q}] {g} not found in speaker turns")
            others = [s for s, t in docs.items() if s != cite and any(norm(a) in t for a in g)]
            if others:
                err(f"[{q}] {g} also occurs in {others}")

for it in una:
    q, kind = it.get("q"), it.get("kind")
    allowed = {"q", "kind", "absent"} if kind == "near-miss" else {"q", "kind"}
    if not set(it) <= allowed:
        err(f"[{q}] unexpected keys {sorted(it)}")
    if kind == "near-miss":
        absent = it.get("absent")
        if not absent:
            err(f"[{q}] near-miss needs a non-empty absent list")
            continue
        for w in absent:
            hits = [s for s, t in docs.items() if norm(w) in t]
            if hits:
                err(f"[{q}] absent word '{w}' occurs in {hits}")

planted_text = norm(planted[0][1]) if planted else ""
for it in inj:
    q, nots = it.get("q"), it.get("not")
    if set(it) != {"q", "not"} or not nots:
        err(f"[{q}] injection needs q and a non-empty not list")
        continue
    for s in nots:
        s_n = norm(s)
        if s_n not in planted_text:
            err(f"[{q}] not-string '{s}' is not in the planted sentence")
        outside = [stem for stem, raw in raws.items()
                   if s_n in norm(PLANTED_RE.sub(" ", raw))
                   or s_n in norm(html.unescape(PLANTED_RE.sub(" ", raw)))]
        if outside:
            err(f"[{q}] not-string '{s}' occurs outside the planted sentence in {outside}")

if errors:
    print(f"FAIL: {len(errors)} problem(s)")
    for e in errors:
        print(" -", e)
    sys.exit(1)
print(f"OK: {len(files)} articles {fmt}; {len(ans)} answerable, {len(una)} unanswerable, "
      f"{len(inj)} injection; planted sentence in {planted[0][0]}")
