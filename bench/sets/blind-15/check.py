#!/usr/bin/env python3
"""Self-check for the blind-15 evaluation set. Prints OK or the list of failures."""
import html
import os
import re
import sys

try:
    import yaml
except ImportError:
    sys.exit("PyYAML missing: python3 -m pip install pyyaml")

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
fails = []


def fail(msg):
    fails.append(msg)


def strip_html(raw):
    t = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", raw)
    t = re.sub(r"(?s)<!--.*?-->", " ", t)
    t = re.sub(r"<[^>]+>", " ", t)
    return html.unescape(t)


# ---------------------------------------------------------------- corpus
raw, text = {}, {}
names = sorted(os.listdir(CORPUS))
pat = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
exts = {"html": 0, "txt": 0, "md": 0}
for n in names:
    m = pat.match(n)
    if not m:
        fail(f"bad file name: {n}")
        continue
    exts[m.group(1)] += 1
    stem = n.rsplit(".", 1)[0]
    r = open(os.path.join(CORPUS, n), encoding="utf-8").read()
    raw[stem] = r
    text[stem] = strip_html(r) if n.endswith(".html") else r
if len(names) != 10:
    fail(f"expected 10 articles, found {len(names)}")
if exts != {"html": 4, "txt": 3, "md": 3}:
    fail(f"format counts wrong: {exts}")
for stem, t in text.items():
    w = len(t.split())
    if not 600 <= w <= 800:
        fail(f"{stem}: {w} words (need 600-800)")

# html features
htmls = {s: raw[s] for s in raw if s + ".html" in names}
if not any('"@type":"NewsArticle"' in r.replace(" ", "") for r in htmls.values()):
    fail("no JSON-LD NewsArticle page")
if not any("article:published_time" in r and "og:" in r for r in htmls.values()):
    fail("no Open Graph page with article:published_time")
if not any('rel="canonical"' in r and 'class="ts"' in r for r in htmls.values()):
    fail("no live blog with canonical link and timestamps")
if not any("<meta" not in r and "ld+json" not in r for r in htmls.values()):
    fail("no html page without metadata")
tables = {s: r for s, r in htmls.items() if "<table" in r}
if len(tables) != 1:
    fail(f"expected exactly one html page with a <table>, found {len(tables)}")
notes = [(s, m) for s, r in htmls.items() for m in re.findall(r'(?s)<span class="sr-note">(.*?)</span>', r)]
if len(notes) != 1:
    fail(f"expected exactly one sr-note, found {len(notes)}")

# md features
mds = {s: raw[s] for s in raw if s + ".md" in names}
transcripts = [s for s, r in mds.items() if r.startswith("---") and "transcript" in s]
if len(transcripts) != 1:
    fail("need exactly one transcript .md (stem containing 'transcript', with front matter)")
if not any(r.startswith("---\ntitle:") and "\ndate:" in r and ("\nsource:" in r or "\nurl:" in r)
           for s, r in mds.items() if s not in transcripts):
    fail("no .md with YAML front matter (title/date/source)")
if not any(not r.startswith("---") for r in mds.values()):
    fail("no .md without front matter")

# ---------------------------------------------------------------- qa
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
ans = qa.get("answerable", [])
una = qa.get("unanswerable", [])
inj = qa.get("injection", [])
need_a = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4, "list": 4,
          "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4, "table": 3, "transcript": 3}
need_u = {"off-topic": 4, "near-miss": 5, "false-premise": 3}


def count(items):
    c = {}
    for it in items:
        c[it.get("kind")] = c.get(it.get("kind"), 0) + 1
    return c


if len(ans) != 50 or count(ans) != need_a:
    fail(f"answerable counts wrong: {len(ans)} {count(ans)}")
if len(una) != 12 or count(una) != need_u:
    fail(f"unanswerable counts wrong: {len(una)} {count(una)}")
if len(inj) != 5:
    fail(f"injection count {len(inj)} != 5")

low = {s: t.lower() for s, t in text.items()}
rawlow = {s: r.lower() for s, r in raw.items()}


def hits(alt, stems=None):
    a = alt.lower()
    return [s for s in (stems or low) if a in low[s]]


table_txt, rest_txt = "", ""
for s, r in tables.items():
    m = re.search(r"(?is)<table.*?</table>", r)
    table_txt = strip_html(m.group(0)).lower()
    rest_txt = strip_html(r.replace(m.group(0), " ")).lower()

turns = []
if transcripts:
    turns = [l.lower() for l in raw[transcripts[0]].splitlines() if re.match(r"^\*\*[A-Z][^*]*:\*\*", l)]

seen_q = set()
for i, it in enumerate(ans):
    q, kind, cite, exp = it.get("q"), it.get("kind"), it.get("cite"), it.get("expect")
    tag = f"answerable #{i+1} ({kind}): {q!r}"
    if not q or q in seen_q:
        fail(f"{tag}: empty or duplicate question")
    seen_q.add(q)
    if cite not in text:
        fail(f"{tag}: cite {cite!r} not in corpus")
        continue
    if not exp or not all(isinstance(g, list) and g for g in exp):
        fail(f"{tag}: expect must be a non-empty list of non-empty groups")
        continue
    if kind == "multi-article":
        group_stems = []
        for g in exp:
            st = set(s for a in g for s in hits(a))
            if not st:
                fail(f"{tag}: group {g} matches no article")
            group_stems.append(st)
        if group_stems and set.intersection(*group_stems):
            fail(f"{tag}: a single article ({sorted(set.intersection(*group_stems))}) answers all groups")
        if not any(cite in st for st in group_stems):
            fail(f"{tag}: cited article matches no group")
    else:
        for g in exp:
            if all(a.lower() in ("yes", "no") for a in g):
                continue  # the yes/no verdict group is not expected verbatim in the article
            if not any(a.lower() in low[cite] for a in g):
                fail(f"{tag}: group {g} not found in {cite}")
    if kind == "yes-no" and not any(a.lower() in ("yes", "no") for g in exp for a in g):
        fail(f"{tag}: yes-no question needs a yes/no group")
    if kind == "yes-no" and len(exp) < 2:
        fail(f"{tag}: yes-no question needs a content group too")
    if kind == "table":
        if cite not in tables:
            fail(f"{tag}: table question must cite the table page")
        for g in exp:
            if not any(a.lower() in table_txt for a in g):
                fail(f"{tag}: group {g} not inside the <table>")
            for a in g:
                al = a.lower()
                if al in rest_txt or any(al in low[s] for s in low if s not in tables):
                    fail(f"{tag}: {a!r} also occurs outside the <table>")
    if kind == "transcript":
        if not transcripts or cite != transcripts[0]:
            fail(f"{tag}: transcript question must cite the transcript")
        for g in exp:
            if not any(a.lower() in l for a in g for l in turns):
                fail(f"{tag}: group {g} not found in a speaker turn")
        if not any(all(not [s for s in hits(a) if s not in transcripts] for a in g) for g in exp):
            fail(f"{tag}: no expect group is exclusive to the transcript")

allraw = "\n".join(rawlow.values()) + "\n" + "\n".join(low.values())
for i, it in enumerate(una):
    tag = f"unanswerable #{i+1} ({it.get('kind')}): {it.get('q')!r}"
    if not it.get("q") or it["q"] in seen_q:
        fail(f"{tag}: empty or duplicate question")
    seen_q.add(it.get("q"))
    if it.get("kind") == "near-miss":
        if not it.get("absent"):
            fail(f"{tag}: near-miss needs absent words")
        for w in it.get("absent", []):
            if w.lower() in allraw:
                fail(f"{tag}: absent word {w!r} occurs in the corpus")

note_low = notes[0][1].lower() if notes else ""
for i, it in enumerate(inj):
    tag = f"injection #{i+1}: {it.get('q')!r}"
    if not it.get("q") or it["q"] in seen_q:
        fail(f"{tag}: empty or duplicate question")
    seen_q.add(it.get("q"))
    if not it.get("not"):
        fail(f"{tag}: needs 'not' strings")
    for w in it.get("not", []):
        wl = w.lower()
        if wl not in note_low:
            fail(f"{tag}: {w!r} not in the planted sentence")
        total = sum(r.count(wl) for r in rawlow.values())
        if total != note_low.count(wl):
            fail(f"{tag}: {w!r} occurs outside the planted sentence")

if fails:
    print("FAILED:")
    for f in fails:
        print(" -", f)
    sys.exit(1)
print("OK")
