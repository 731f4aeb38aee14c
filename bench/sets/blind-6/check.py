#!/usr/bin/env python3
"""Self-check for the heldout6 blind evaluation set."""
import glob, html, os, re, sys
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

# ---------- corpus ----------
files = sorted(os.listdir(CORPUS))
raw, text = {}, {}
name_re = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
for f in files:
    if not name_re.match(f):
        fail(f"bad file name: {f}")
    stem, ext = os.path.splitext(f)
    r = open(os.path.join(CORPUS, f), encoding="utf-8").read()
    raw[stem] = r
    text[stem] = strip_html(r) if ext == ".html" else r
if len(files) != 10:
    fail(f"expected 10 articles, found {len(files)}")
ext_count = Counter(os.path.splitext(f)[1] for f in files)
for ext, n in ((".html", 4), (".txt", 3), (".md", 3)):
    if ext_count[ext] != n:
        fail(f"expected {n} {ext} files, found {ext_count[ext]}")
for stem, t in text.items():
    n = len(t.split())
    if not 600 <= n <= 800:
        fail(f"{stem}: {n} words (need 600-800)")

# format features
htmls = {s: raw[s] for s in raw if s + ".html" in files}
def count(pred):
    return [s for s, r in htmls.items() if pred(r)]
if len(count(lambda r: '"NewsArticle"' in r and "application/ld+json" in r)) < 1:
    fail("no HTML page with JSON-LD NewsArticle")
if len(count(lambda r: "og:title" in r and "article:published_time" in r)) < 1:
    fail("no HTML page with Open Graph + article:published_time")
if len(count(lambda r: 'rel="canonical"' in r and "<time" in r)) < 1:
    fail("no live blog with canonical link and timestamps")
if len(count(lambda r: "<meta" not in r.replace('<meta charset="utf-8">', "") and "ld+json" not in r)) < 1:
    fail("no HTML page without metadata")
tables = count(lambda r: "<table" in r)
if len(tables) != 1:
    fail(f"expected exactly one HTML page with a <table>, found {tables}")
notes = [(s, m) for s, r in htmls.items() for m in re.findall(r'(?s)<span class="sr-note">(.*?)</span>', r)]
if len(notes) != 1:
    fail(f"expected exactly one sr-note, found {len(notes)}")
mds = [s for s in raw if s + ".md" in files]
fm = [s for s in mds if raw[s].startswith("---\n")]
if len(fm) != 2:
    fail(f"expected 2 md files with YAML front matter, found {len(fm)}")
for s in fm:
    meta = yaml.safe_load(raw[s].split("---\n")[1])
    for k in ("title", "date"):
        if k not in meta:
            fail(f"{s}: front matter lacks {k}")
    if "source" not in meta and "url" not in meta:
        fail(f"{s}: front matter lacks source/url")
transcripts = [s for s in mds if "transcript" in raw[s].lower() and re.search(r"^\*\*[A-Z][A-Za-z .'-]+:\*\*", raw[s], re.M)]
if len(transcripts) != 1:
    fail(f"expected one transcript md, found {transcripts}")

table_text = ""
outside_table = dict(text)
if tables:
    ts = tables[0]
    m = re.search(r"(?s)<table.*?</table>", raw[ts])
    table_text = strip_html(m.group(0))
    outside_table[ts] = strip_html(raw[ts][: m.start()] + raw[ts][m.end():])
turns = ""
if transcripts:
    turns = "\n".join(l for l in raw[transcripts[0]].splitlines() if re.match(r"^\*\*[A-Z][A-Za-z .'-]+:\*\*", l))

def has(t, alt):
    return alt.lower() in t.lower()

# ---------- qa ----------
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
ans, una, inj = qa.get("answerable", []), qa.get("unanswerable", []), qa.get("injection", [])
want_a = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4, "list": 4,
          "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4, "table": 3, "transcript": 3}
want_u = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
if len(ans) != 50: fail(f"answerable: {len(ans)} (need 50)")
if len(una) != 12: fail(f"unanswerable: {len(una)} (need 12)")
if len(inj) != 5: fail(f"injection: {len(inj)} (need 5)")
ca, cu = Counter(a.get("kind") for a in ans), Counter(u.get("kind") for u in una)
for k, n in want_a.items():
    if ca[k] != n: fail(f"answerable kind {k}: {ca[k]} (need {n})")
for k, n in want_u.items():
    if cu[k] != n: fail(f"unanswerable kind {k}: {cu[k]} (need {n})")
for k in set(ca) - set(want_a): fail(f"unknown answerable kind {k}")
for k in set(cu) - set(want_u): fail(f"unknown unanswerable kind {k}")

all_q = [x["q"] for x in ans + una + inj]
for q, n in Counter(all_q).items():
    if n > 1: fail(f"duplicate question: {q}")

for i, a in enumerate(ans):
    tag = f"answerable #{i+1} ({a.get('kind')}): {a['q'][:50]!r}"
    cite, groups, kind = a.get("cite"), a.get("expect"), a.get("kind")
    if cite not in text:
        fail(f"{tag}: cite {cite!r} not in corpus"); continue
    if not groups or not all(isinstance(g, list) and g for g in groups):
        fail(f"{tag}: bad expect"); continue
    if kind == "multi-article":
        for g in groups:
            if not any(has(t, alt) for t in text.values() for alt in g):
                fail(f"{tag}: group {g} matches no article")
        if not any(any(has(text[cite], alt) for alt in g) for g in groups):
            fail(f"{tag}: cited article matches none of the groups")
        single = [s for s, t in text.items() if all(any(has(t, alt) for alt in g) for g in groups)]
        if single:
            fail(f"{tag}: all groups satisfied by a single article {single}")
        continue
    for g in groups:
        if not any(has(text[cite], alt) for alt in g):
            fail(f"{tag}: group {g} not in {cite}")
    if kind == "yes-no":
        if not any(alt.lower() in ("yes", "no") for alt in groups[0]):
            fail(f"{tag}: first group should be a yes/no group")
    if kind == "table":
        for g in groups:
            hits = [alt for alt in g if has(table_text, alt)]
            if not hits:
                fail(f"{tag}: group {g} not inside the table")
            for alt in hits:
                for s, t in outside_table.items():
                    if has(t, alt):
                        fail(f"{tag}: {alt!r} also occurs outside the table in {s}")
    if kind == "transcript":
        if transcripts and cite != transcripts[0]:
            fail(f"{tag}: transcript question must cite the transcript")
        for g in groups:
            if not any(has(turns, alt) for alt in g):
                fail(f"{tag}: group {g} not in a speaker turn")

corpus_raw_all = "\n".join(list(raw.values()) + list(text.values()))
for u in una:
    if u.get("kind") == "near-miss":
        if not u.get("absent"):
            fail(f"near-miss without absent words: {u['q']}")
        for w in u.get("absent", []):
            if has(corpus_raw_all, w):
                fail(f"near-miss absent word {w!r} occurs in the corpus")

if notes:
    ns, note = notes[0]
    note_text = html.unescape(note)
    without = {s: (strip_html(r.replace(note, " ")) if s in htmls else text[s]) for s, r in raw.items()}
    raw_without = {s: r.replace(note, " ") for s, r in raw.items()}
    for x in inj:
        if not x.get("not"):
            fail(f"injection without not-strings: {x['q']}")
        for w in x.get("not", []):
            if not has(note_text, w):
                fail(f"injection string {w!r} not in planted sentence")
            for s in raw:
                if has(without[s], w) or has(raw_without[s], w):
                    fail(f"injection string {w!r} occurs outside planted sentence in {s}")
            if has(x["q"], w):
                fail(f"injection string {w!r} appears in the question itself")

if errors:
    print("FAILED:")
    for e in errors:
        print(" -", e)
    sys.exit(1)
print("OK")
