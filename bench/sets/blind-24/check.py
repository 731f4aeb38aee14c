#!/usr/bin/env python3
"""Self-check for the blind-24 evaluation set. Prints OK or the list of failures."""
import html
import os
import re
import sys
from collections import Counter

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
errors = []

ANS_COUNTS = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4,
              "list": 4, "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4,
              "table": 3, "transcript": 3}
UNANS_COUNTS = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
SR_RE = re.compile(r'(?is)<span[^>]*class="sr-note"[^>]*>(.*?)</span>')
TABLE_RE = re.compile(r'(?is)<table\b.*?</table>')
TURN_RE = re.compile(r'^\*\*([^*]+?):\*\*(.*)$')


def strip_html(raw):
    raw = re.sub(r'(?is)<(script|style)\b[^>]*>.*?</\1>', ' ', raw)
    raw = re.sub(r'(?s)<!--.*?-->', ' ', raw)
    return html.unescape(re.sub(r'<[^>]+>', ' ', raw))


def norm(s):
    return re.sub(r'\s+', ' ', s).lower()


def body_text(stem, raw):
    """Article text as the bot would see it (tags stripped, entities unescaped)."""
    if stem_ext[stem] == "html":
        return strip_html(raw)
    return raw


# ---------- corpus ----------
files = sorted(os.listdir(CORPUS))
raw = {}
stem_ext = {}
name_re = re.compile(r'^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.(html|txt|md)$')
for f in files:
    m = name_re.match(f)
    if not m:
        errors.append(f"bad file name: {f}")
        continue
    stem = f.rsplit(".", 1)[0]
    stem_ext[stem] = m.group(3)
    raw[stem] = open(os.path.join(CORPUS, f), encoding="utf-8").read()

if len(files) != 10:
    errors.append(f"corpus must have exactly 10 files, has {len(files)}")
ext_count = Counter(stem_ext.values())
if ext_count != Counter({"html": 4, "txt": 3, "md": 3}):
    errors.append(f"format mix must be 4 html / 3 txt / 3 md, got {dict(ext_count)}")

text = {s: body_text(s, r) for s, r in raw.items()}
ntext = {s: norm(t) for s, t in text.items()}

for s, t in text.items():
    n = len(t.split())
    if not 600 <= n <= 800:
        errors.append(f"{s}: {n} words (need 600-800)")

# format-specific features
html_stems = [s for s in raw if stem_ext[s] == "html"]
if not any('application/ld+json' in raw[s] and 'NewsArticle' in raw[s] for s in html_stems):
    errors.append("no HTML page with JSON-LD NewsArticle")
if not any('article:published_time' in raw[s] and 'og:' in raw[s] for s in html_stems):
    errors.append("no HTML page with Open Graph + article:published_time")
if not any('rel="canonical"' in raw[s] and '<time' in raw[s] for s in html_stems):
    errors.append("no live blog with canonical link and timestamped entries")
if not any('<meta' not in raw[s] and 'application/ld+json' not in raw[s] for s in html_stems):
    errors.append("no HTML page without metadata")
table_pages = [s for s in html_stems if TABLE_RE.search(raw[s])]
if len(table_pages) != 1:
    errors.append(f"exactly one HTML page must carry a <table>, got {table_pages}")
sr_pages = [s for s in html_stems if SR_RE.search(raw[s])]
if len(sr_pages) != 1:
    errors.append(f"exactly one HTML page must carry the sr-note, got {sr_pages}")
md_stems = [s for s in raw if stem_ext[s] == "md"]
fm = [s for s in md_stems if raw[s].startswith("---\n")]
transcripts = [s for s in fm if any(TURN_RE.match(l) for l in raw[s].splitlines())]
if len(fm) != 2 or len(transcripts) != 1:
    errors.append(f"md: need 2 with front matter (one a transcript), got fm={fm} transcripts={transcripts}")

# ---------- qa ----------
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
ans = qa.get("answerable") or []
unans = qa.get("unanswerable") or []
inj = qa.get("injection") or []
if len(ans) != 50:
    errors.append(f"answerable: {len(ans)} (need 50)")
if len(unans) != 12:
    errors.append(f"unanswerable: {len(unans)} (need 12)")
if len(inj) != 5:
    errors.append(f"injection: {len(inj)} (need 5)")
c = Counter(a.get("kind") for a in ans)
if dict(c) != ANS_COUNTS:
    errors.append(f"answerable kind counts {dict(c)} != {ANS_COUNTS}")
c = Counter(u.get("kind") for u in unans)
if dict(c) != UNANS_COUNTS:
    errors.append(f"unanswerable kind counts {dict(c)} != {UNANS_COUNTS}")


def group_hit(group, t):
    return any(norm(alt) in t for alt in group)


table_text = {s: norm(strip_html(" ".join(TABLE_RE.findall(raw[s])))) for s in table_pages}
nontable_text = {s: norm(strip_html(TABLE_RE.sub(" ", raw[s]))) for s in table_pages}


def turn_text(stem):
    out = []
    for line in raw[stem].splitlines():
        m = TURN_RE.match(line)
        if m and not m.group(1).strip().upper().startswith(("MODERATOR", "Q")):
            out.append(m.group(2))
    return norm(" ".join(out))


def nonturn_text(stem):
    return norm(" ".join(l for l in raw[stem].splitlines() if not TURN_RE.match(l)))


for i, a in enumerate(ans):
    tag = f"answerable[{i}] ({a.get('kind')}): {a.get('q', '')[:50]!r}"
    groups = a.get("expect")
    cite = a.get("cite")
    if not a.get("q") or not groups or not isinstance(groups, list) or not all(isinstance(g, list) and g for g in groups):
        errors.append(f"{tag}: malformed q/expect")
        continue
    if cite not in text:
        errors.append(f"{tag}: cite {cite!r} not in corpus")
        continue
    kind = a["kind"]
    if kind == "multi-article":
        for g in groups:
            if not any(group_hit(g, t) for t in ntext.values()):
                errors.append(f"{tag}: group {g} matches no article")
        single = [s for s, t in ntext.items() if all(group_hit(g, t) for g in groups)]
        if single:
            errors.append(f"{tag}: all groups answered by a single article {single}")
        if not any(group_hit(g, ntext[cite]) for g in groups):
            errors.append(f"{tag}: cited article matches none of the groups")
        continue
    if kind == "yes-no":
        verdict = [g for g in groups if all(norm(x) in ("yes", "no") for x in g)]
        if len(verdict) != 1 or len(groups) < 2:
            errors.append(f"{tag}: yes-no needs one yes/no group plus a content group")
    for g in groups:
        if kind == "yes-no" and all(norm(x) in ("yes", "no") for x in g):
            continue  # the verdict group is judged on the answer, not the article
        if not group_hit(g, ntext[cite]):
            errors.append(f"{tag}: group {g} not found in {cite}")
    if kind == "table":
        if cite not in table_pages:
            errors.append(f"{tag}: cite is not the table page")
            continue
        for g in groups:
            if not group_hit(g, table_text[cite]):
                errors.append(f"{tag}: group {g} not inside the <table>")
            if group_hit(g, nontable_text[cite]):
                errors.append(f"{tag}: group {g} also occurs outside the <table>")
    if kind == "transcript":
        if cite not in transcripts:
            errors.append(f"{tag}: cite is not the transcript")
            continue
        tt, nt = turn_text(cite), nonturn_text(cite)
        for g in groups:
            if not group_hit(g, tt):
                errors.append(f"{tag}: group {g} not in a speaker's turn")
            if group_hit(g, nt):
                errors.append(f"{tag}: group {g} also occurs outside the speaker turns")

all_norm = " ".join(ntext.values()) + " " + " ".join(norm(r) for r in raw.values())
for i, u in enumerate(unans):
    if not u.get("q"):
        errors.append(f"unanswerable[{i}]: missing q")
    if u.get("kind") == "near-miss":
        words = u.get("absent") or []
        if not words:
            errors.append(f"unanswerable[{i}]: near-miss without absent words")
        for w in words:
            if norm(w) in all_norm:
                errors.append(f"unanswerable[{i}]: absent word {w!r} occurs in the corpus")

planted = {s: norm(html.unescape(" ".join(SR_RE.findall(raw[s])))) for s in sr_pages}
without_planted = {s: norm(strip_html(SR_RE.sub(" ", r))) if stem_ext[s] == "html" else norm(r)
                   for s, r in raw.items()}
without_planted_raw = {s: norm(SR_RE.sub(" ", r)) for s, r in raw.items()}
for i, j in enumerate(inj):
    nots = j.get("not") or []
    if not j.get("q") or not nots:
        errors.append(f"injection[{i}]: missing q or not")
    for s in nots:
        if not any(norm(s) in p for p in planted.values()):
            errors.append(f"injection[{i}]: {s!r} not in the planted sentence")
        for stem in raw:
            if norm(s) in without_planted[stem] or norm(s) in without_planted_raw[stem]:
                errors.append(f"injection[{i}]: {s!r} occurs outside the planted sentence in {stem}")

# README present
if not os.path.exists(os.path.join(HERE, "README.md")):
    errors.append("README.md missing")

if errors:
    for e in errors:
        print("FAIL:", e)
    sys.exit(1)
print("OK")
