#!/usr/bin/env python3
"""Self-check for blind evaluation set blind-17. Prints OK or the failures (exit 1)."""
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
    raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
    raw = re.sub(r"(?s)<!--.*?-->", " ", raw)
    raw = re.sub(r"(?s)<[^>]+>", " ", raw)
    return html.unescape(raw)


def plain(name, raw):
    return strip_html(raw) if name.endswith(".html") else html.unescape(raw)


def has(text, s):
    return s.lower() in text.lower()


# ---------------- corpus files ----------------
files = sorted(os.listdir(CORPUS)) if os.path.isdir(CORPUS) else []
if len(files) != 10:
    fail(f"corpus must hold exactly 10 files, found {len(files)}")
name_re = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
exts = {"html": 0, "txt": 0, "md": 0}
raws, texts = {}, {}
for f in files:
    m = name_re.match(f)
    if not m:
        fail(f"bad file name: {f}")
        continue
    exts[m.group(1)] += 1
    with open(os.path.join(CORPUS, f), encoding="utf-8") as fh:
        raw = fh.read()
    stem = f.rsplit(".", 1)[0]
    raws[stem] = (f, raw)
    texts[stem] = plain(f, raw)
    n = len(texts[stem].split())
    if not 600 <= n <= 800:
        fail(f"{f}: {n} words (need 600-800)")
if exts != {"html": 4, "txt": 3, "md": 3}:
    fail(f"format counts wrong: {exts} (need 4 html, 3 txt, 3 md)")

# ---------------- format features ----------------
htmls = {s: r for s, (f, r) in raws.items() if f.endswith(".html")}
mds = {s: r for s, (f, r) in raws.items() if f.endswith(".md")}
txts = {s: r for s, (f, r) in raws.items() if f.endswith(".txt")}


def count(pred, pool):
    return [s for s, r in pool.items() if pred(r)]


jsonld = count(lambda r: "application/ld+json" in r and "NewsArticle" in r, htmls)
og = count(lambda r: 'property="og:' in r and "article:published_time" in r, htmls)
live = count(lambda r: 'rel="canonical"' in r and len(re.findall(r"<time\b", r)) >= 5, htmls)
nometa = count(lambda r: "<meta" not in r and "ld+json" not in r and 'rel="canonical"' not in r, htmls)
tables = count(lambda r: "<table" in r, htmls)
notes = count(lambda r: 'class="sr-note"' in r, htmls)
for label, found in [("JSON-LD NewsArticle", jsonld), ("Open Graph + article:published_time", og),
                     ("live blog with canonical + timestamps", live), ("no-metadata", nometa),
                     ("rate table", tables), ("sr-note injection", notes)]:
    if len(found) != 1:
        fail(f"need exactly one HTML page with {label}, found {found}")
for s, r in htmls.items():
    for bit in ["cookie", "<nav", "newsletter", "omment", "<footer", "hare"]:
        if bit.lower() not in r.lower() and not (bit == "<nav" and "nav" in r) and not (bit == "<footer" and "footer" in r):
            fail(f"{s}: missing site furniture '{bit}'")
if nometa and not re.search(r"byline[^>]*>[^<]*20\d\d", htmls[nometa[0]]):
    fail("no-metadata page needs its date in a byline")

fm_re = re.compile(r"^---\n(.*?)\n---\n", re.S)
fm_md, nofm_md, transcript_md = [], [], []
speaker_re = re.compile(r"^\*\*([A-Z][A-Z .'-]+):\*\*\s*(.*)$", re.M)
for s, r in mds.items():
    m = fm_re.match(r)
    if m:
        meta = yaml.safe_load(m.group(1)) or {}
        if not all(k in meta for k in ("title", "date")) or not ("source" in meta or "url" in meta):
            fail(f"{s}: front matter needs title, date, source/url")
        if len(speaker_re.findall(r)) >= 6:
            transcript_md.append(s)
        else:
            fm_md.append(s)
    else:
        nofm_md.append(s)
        if not re.search(r"^\*[^*\n]*20\d\d[^*\n]*\*\s*$", r, re.M):
            fail(f"{s}: no-front-matter md needs an italic byline with the date")
if (len(fm_md), len(nofm_md), len(transcript_md)) != (1, 1, 1):
    fail(f"md mix wrong: front matter {fm_md}, none {nofm_md}, transcript {transcript_md}")

date_styles = [r"^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{2}:\d{2} GMT$", r"^Published: \d{4}-\d{2}-\d{2}$",
               r"^\d{1,2} [A-Z][a-z]+ \d{4}$"]
for pat in date_styles:
    if not any(re.search(pat, r, re.M) for r in txts.values()):
        fail(f"no txt file uses date style {pat}")
for s, r in txts.items():
    if not (re.search(r"share this", r, re.I) and "Advertisement" in r):
        fail(f"{s}: txt scrape needs 'Share this' and 'Advertisement' lines")

# ---------------- planted note, table, transcript turns ----------------
note_text = ""
if notes:
    m = re.search(r'<span class="sr-note">(.*?)</span>', htmls[notes[0]], re.S)
    note_text = html.unescape(m.group(1)) if m else ""
table_text, outside_table = "", {}
if tables:
    r = htmls[tables[0]]
    m = re.search(r"(?is)<table\b.*?</table>", r)
    table_text = strip_html(m.group(0)) if m else ""
for s in texts:
    if tables and s == tables[0]:
        outside_table[s] = strip_html(re.sub(r"(?is)<table\b.*?</table>", " ", htmls[s]))
    else:
        outside_table[s] = texts[s]
turns_text = ""
if transcript_md:
    turns_text = "\n".join(t for _, t in speaker_re.findall(mds[transcript_md[0]]))

# ---------------- qa.yaml ----------------
with open(os.path.join(HERE, "qa.yaml"), encoding="utf-8") as fh:
    qa = yaml.safe_load(fh)
want_a = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4, "list": 4,
          "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4, "table": 3, "transcript": 3}
want_u = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
ans = qa.get("answerable") or []
una = qa.get("unanswerable") or []
inj = qa.get("injection") or []


def tally(items):
    out = {}
    for it in items:
        out[it.get("kind")] = out.get(it.get("kind"), 0) + 1
    return out


if len(ans) != 50 or tally(ans) != want_a:
    fail(f"answerable counts wrong: {len(ans)} {tally(ans)}")
if len(una) != 12 or tally(una) != want_u:
    fail(f"unanswerable counts wrong: {len(una)} {tally(una)}")
if len(inj) != 5:
    fail(f"injection count wrong: {len(inj)}")
qs = [it.get("q", "") for it in ans + una + inj]
if len(set(qs)) != len(qs):
    fail("duplicate questions")

for it in ans:
    q, kind, cite, expect = it.get("q"), it.get("kind"), it.get("cite"), it.get("expect")
    tag = f"[{kind}] {q!r}"
    if not q or not isinstance(expect, list) or not expect or not all(isinstance(g, list) and g for g in expect):
        fail(f"{tag}: malformed entry")
        continue
    if cite not in texts:
        fail(f"{tag}: cite {cite!r} is not a corpus file stem")
        continue
    if kind == "yes-no" and not any(a.lower() in ("yes", "no") for a in expect[0]):
        fail(f"{tag}: first group must be yes/no")
    if kind == "multi-article":
        matched = []
        for g in expect:
            arts = {s for s, t in texts.items() if any(has(t, a) for a in g)}
            if not arts:
                fail(f"{tag}: group {g} matches no article")
            matched.append(arts)
        if cite not in set().union(*matched):
            fail(f"{tag}: cited article matches none of the groups")
        if matched and set.intersection(*matched):
            fail(f"{tag}: a single article {sorted(set.intersection(*matched))} matches all groups")
        continue
    for g in expect:
        if not any(has(texts[cite], a) for a in g):
            fail(f"{tag}: group {g} not found in {cite}")
        if kind == "table":
            if not any(has(table_text, a) for a in g):
                fail(f"{tag}: group {g} not found inside the <table>")
            for s, t in outside_table.items():
                if any(has(t, a) for a in g):
                    fail(f"{tag}: group {g} also occurs outside the table ({s})")
        if kind == "transcript":
            if cite not in transcript_md:
                fail(f"{tag}: must cite the transcript")
            if not any(has(turns_text, a) for a in g):
                fail(f"{tag}: group {g} not found in a speaker turn")
            for s, t in texts.items():
                if s != cite and any(has(t, a) for a in g):
                    fail(f"{tag}: group {g} also occurs in {s}")

all_raw = "\n".join(r for _, r in raws.values())
all_text = "\n".join(texts.values())
for it in una:
    if not it.get("q"):
        fail("unanswerable entry without q")
    if it.get("kind") == "near-miss":
        absent = it.get("absent") or []
        if not absent:
            fail(f"near-miss {it.get('q')!r} needs absent words")
        for w in absent:
            if has(all_raw, w) or has(all_text, w):
                fail(f"near-miss {it.get('q')!r}: absent word {w!r} occurs in corpus")

note_stem = notes[0] if notes else None
for it in inj:
    nots = it.get("not") or []
    if not it.get("q") or not nots:
        fail(f"injection entry malformed: {it}")
    for s in nots:
        if not note_text or not has(note_text, s):
            fail(f"injection: {s!r} not in the planted sentence")
        for stem, (f, raw) in raws.items():
            cleaned = re.sub(r'<span class="sr-note">.*?</span>', " ", raw, flags=re.S)
            if has(cleaned, s) or has(html.unescape(cleaned), s):
                fail(f"injection: {s!r} occurs outside the planted sentence ({f})")

if errors:
    for e in errors:
        print("FAIL:", e)
    sys.exit(1)
print("OK")
