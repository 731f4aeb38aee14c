#!/usr/bin/env python3
"""Self-check for the blind-18 evaluation set. Prints OK or lists failures (exit 1)."""
import html, os, re, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
fails = []

def fail(msg):
    fails.append(msg)

def html_text(raw, drop_tables=False, drop_note=False):
    t = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", raw)
    if drop_tables:
        t = re.sub(r"(?is)<table\b.*?</table>", " ", t)
    if drop_note:
        t = re.sub(r'(?is)<span class="sr-note">.*?</span>', " ", t)
    t = re.sub(r"(?s)<[^>]+>", " ", t)
    return re.sub(r"\s+", " ", html.unescape(t))

# ---- files -------------------------------------------------------------
NAME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
files = sorted(os.listdir(CORPUS)) if os.path.isdir(CORPUS) else []
if len(files) != 10:
    fail(f"corpus must hold exactly 10 files, found {len(files)}")
exts = {"html": 0, "txt": 0, "md": 0}
raw, text, stem_of = {}, {}, {}
for f in files:
    m = NAME_RE.match(f)
    if not m:
        fail(f"bad file name: {f}")
        continue
    exts[m.group(1)] += 1
    r = open(os.path.join(CORPUS, f), encoding="utf-8").read()
    stem = f.rsplit(".", 1)[0]
    raw[stem] = r
    stem_of[stem] = m.group(1)
    text[stem] = html_text(r) if m.group(1) == "html" else re.sub(r"\s+", " ", r)
if exts != {"html": 4, "txt": 3, "md": 3}:
    fail(f"format mix wrong: {exts}")
for s, t in text.items():
    n = len(t.split())
    if not 600 <= n <= 800:
        fail(f"{s}: {n} words (need 600-800)")

# html metadata variety
htmls = [s for s in raw if stem_of[s] == "html"]
def has(s, pat):
    return re.search(pat, raw[s], re.I | re.S) is not None
if not any(has(s, r'application/ld\+json.*NewsArticle') for s in htmls):
    fail("no HTML page with JSON-LD NewsArticle")
if not any(has(s, r'property="article:published_time"') and has(s, r'property="og:') for s in htmls):
    fail("no HTML page with Open Graph + article:published_time")
if not any(has(s, r'rel="canonical"') and has(s, r'<time') for s in htmls):
    fail("no live blog with canonical link and timestamps")
if not any(not has(s, r"<meta\b(?![^>]*charset)") and not has(s, r"ld\+json") and not has(s, r'rel="canonical"') for s in htmls):
    fail("no HTML page without metadata")
tables = [s for s in htmls if has(s, r"<table\b")]
notes = [s for s in htmls if has(s, r'<span class="sr-note">')]
if len(tables) != 1:
    fail(f"expected exactly one HTML page with a <table>, found {len(tables)}")
if len(notes) != 1:
    fail(f"expected exactly one HTML page with an sr-note, found {len(notes)}")
mds = [s for s in raw if stem_of[s] == "md"]
fm = [s for s in mds if raw[s].startswith("---\n")]
transcripts = [s for s in fm if re.search(r"(?m)^\*\*[A-Z][A-Z .'-]+:\*\*", raw[s])]
if len(fm) != 2 or len(transcripts) != 1:
    fail(f"md layout wrong: {len(fm)} with front matter, {len(transcripts)} transcripts")
if not any(not raw[s].startswith("---") and re.search(r"(?m)^\*By .*\d{4}\*$", raw[s]) for s in mds):
    fail("no md without front matter and italic byline")

table_text = ""
if tables:
    table_text = " ".join(html_text(t) for t in re.findall(r"(?is)<table\b.*?</table>", raw[tables[0]]))
note_text = ""
if notes:
    note_text = " ".join(html_text(n) for n in re.findall(r'(?is)<span class="sr-note">.*?</span>', raw[notes[0]]))
turn_text = ""
if transcripts:
    body = raw[transcripts[0]].split("---", 2)[2]
    turn_text = " ".join(re.findall(r"(?m)^\*\*[A-Z][A-Z .'-]+:\*\*(.*)$", body))

low = {s: t.lower() for s, t in text.items()}
outside_tables = {s: (html_text(raw[s], drop_tables=True) if stem_of[s] == "html" else text[s]).lower() for s in text}
without_note = {s: (html_text(raw[s], drop_note=True) if stem_of[s] == "html" else text[s]).lower() for s in text}
all_text = " ".join(low.values())

# ---- qa ------------------------------------------------------------------
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
ans, una, inj = qa.get("answerable", []), qa.get("unanswerable", []), qa.get("injection", [])
want = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4, "list": 4,
        "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4, "table": 3, "transcript": 3}
want_u = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
def count(items):
    c = {}
    for it in items:
        c[it.get("kind")] = c.get(it.get("kind"), 0) + 1
    return c
if len(ans) != 50 or count(ans) != want:
    fail(f"answerable counts wrong: {len(ans)} {count(ans)}")
if len(una) != 12 or count(una) != want_u:
    fail(f"unanswerable counts wrong: {len(una)} {count(una)}")
if len(inj) != 5:
    fail(f"injection count {len(inj)} != 5")
qs = [it.get("q", "") for it in ans + una + inj]
if len(set(q.strip().lower() for q in qs)) != len(qs):
    fail("duplicate questions")

def hit(group, t):
    return any(a.lower() in t for a in group)

for i, it in enumerate(ans, 1):
    tag = f"answerable #{i} ({it.get('kind')}): {it.get('q','')[:50]}"
    cite, exp, kind = it.get("cite"), it.get("expect"), it.get("kind")
    if cite not in text:
        fail(f"{tag}: cite {cite!r} not in corpus")
        continue
    if not exp or not all(isinstance(g, list) and g for g in exp):
        fail(f"{tag}: expect must be a non-empty list of non-empty lists")
        continue
    if kind == "multi-article":
        for g in exp:
            if not any(hit(g, t) for t in low.values()):
                fail(f"{tag}: group {g} matches no article")
        if any(all(hit(g, t) for g in exp) for t in low.values()):
            fail(f"{tag}: one article alone satisfies all groups")
        if not any(hit(g, low[cite]) for g in exp):
            fail(f"{tag}: cited article matches no group")
        continue
    for g in exp:
        if not hit(g, low[cite]):
            fail(f"{tag}: group {g} not in {cite}")
    if kind == "yes-no" and not any(a.lower() in ("yes", "no") for a in exp[0]):
        fail(f"{tag}: first group must be yes/no")
    if kind == "table":
        if cite not in tables:
            fail(f"{tag}: cite is not the table page")
        for g in exp:
            if not hit(g, table_text.lower()):
                fail(f"{tag}: group {g} not inside <table>")
            for s, t in outside_tables.items():
                if hit(g, t):
                    fail(f"{tag}: group {g} also occurs outside the table in {s}")
    if kind == "transcript":
        if cite not in transcripts:
            fail(f"{tag}: cite is not the transcript")
        for g in exp:
            if not hit(g, turn_text.lower()):
                fail(f"{tag}: group {g} not in a speaker turn")
            for s, t in low.items():
                if s != cite and hit(g, t):
                    fail(f"{tag}: group {g} also occurs in {s}")

for i, it in enumerate(una, 1):
    if it.get("kind") == "near-miss":
        ab = it.get("absent") or []
        if not ab:
            fail(f"near-miss #{i}: no absent words")
        for w in ab:
            if w.lower() in all_text:
                fail(f"near-miss #{i}: absent word {w!r} occurs in corpus")

for i, it in enumerate(inj, 1):
    nots = it.get("not") or []
    if not nots:
        fail(f"injection #{i}: no 'not' strings")
    for w in nots:
        if w.lower() not in note_text.lower():
            fail(f"injection #{i}: {w!r} not in planted sentence")
        for s, t in without_note.items():
            if w.lower() in t:
                fail(f"injection #{i}: {w!r} occurs outside the planted sentence in {s}")

if not os.path.isfile(os.path.join(HERE, "README.md")):
    fail("README.md missing")

if fails:
    print("\n".join("FAIL: " + f for f in fails))
    sys.exit(1)
print("OK")
