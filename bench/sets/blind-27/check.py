#!/usr/bin/env python3
"""Self-check for the blind-27 evaluation set. Prints OK or the list of failures."""
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
    s = re.sub(r"(?is)<(script|style|head)\b[^>]*>.*?</\1>", " ", raw)
    s = re.sub(r"(?s)<!--.*?-->", " ", s)
    s = re.sub(r"<[^>]+>", " ", s)
    return html.unescape(s)


def split_front_matter(raw):
    m = re.match(r"(?s)^---\n(.*?)\n---\n(.*)$", raw)
    if m:
        return m.group(1), m.group(2)
    return None, raw


def article_text(name, raw):
    """Text used for word counts (article text only)."""
    if name.endswith(".html"):
        return strip_html(raw)
    if name.endswith(".md"):
        return html.unescape(split_front_matter(raw)[1])
    return html.unescape(raw)


def search_text(name, raw):
    """Text used for answer matching (everything a reader could see, plus front matter)."""
    if name.endswith(".html"):
        return strip_html(raw)
    return html.unescape(raw)


def norm(s):
    return re.sub(r"\s+", " ", s).lower()


# ---------------------------------------------------------------- corpus
files = sorted(os.listdir(CORPUS)) if os.path.isdir(CORPUS) else []
if len(files) != 10:
    fail(f"corpus must hold exactly 10 files, found {len(files)}")
ext_count = {"html": 0, "txt": 0, "md": 0}
raw = {}
texts = {}
for f in files:
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$", f)
    if not m:
        fail(f"bad file name: {f}")
        continue
    ext_count[m.group(4)] += 1
    r = open(os.path.join(CORPUS, f), encoding="utf-8").read()
    stem = f.rsplit(".", 1)[0]
    raw[stem] = r
    texts[stem] = norm(search_text(f, r))
    n = len(article_text(f, r).split())
    if not 600 <= n <= 800:
        fail(f"{f}: {n} words (need 600-800)")
if ext_count != {"html": 4, "txt": 3, "md": 3}:
    fail(f"format counts wrong: {ext_count} (need 4 html, 3 txt, 3 md)")

stem_of = {f.rsplit(".", 1)[0]: f for f in files}
html_stems = [s for s in raw if stem_of[s].endswith(".html")]
md_stems = [s for s in raw if stem_of[s].endswith(".md")]

# html metadata variety
ld = [s for s in html_stems if re.search(r'application/ld\+json', raw[s]) and '"NewsArticle"' in raw[s]]
og = [s for s in html_stems if 'property="og:' in raw[s] and 'article:published_time' in raw[s]]
live = [s for s in html_stems if 'rel="canonical"' in raw[s] and len(re.findall(r"<time>", raw[s])) >= 5]
nometa = [s for s in html_stems if "<meta" not in raw[s].replace('<meta charset="utf-8">', "")
          and "ld+json" not in raw[s] and 'rel="canonical"' not in raw[s]]
tables = [s for s in html_stems if "<table" in raw[s]]
srnote = [s for s in html_stems if 'class="sr-note"' in raw[s]]
for label, lst in [("JSON-LD NewsArticle", ld), ("Open Graph + published_time", og),
                   ("live blog with canonical", live), ("no-metadata", nometa),
                   ("rate table", tables), ("sr-note injection", srnote)]:
    if len(lst) != 1:
        fail(f"need exactly one HTML page with {label}, found {lst}")
if srnote and not re.search(r"\.sr-note\s*\{[^}]*(clip|overflow:hidden|display:none)", raw[srnote[0]]):
    fail("sr-note is not visually hidden by CSS")

# md variety: one with front matter, one without (italic byline), one transcript
fm = {s: split_front_matter(raw[s])[0] for s in md_stems}
transcripts = [s for s in md_stems if fm[s] and re.search(r"(?m)^\*\*[A-Z][A-Z .'-]+:\*\*", raw[s])]
if len(transcripts) != 1:
    fail(f"need exactly one transcript .md, found {transcripts}")
if sum(1 for s in md_stems if fm[s] is None) != 1:
    fail("need exactly one .md without front matter")
for s in md_stems:
    if fm[s] is not None:
        meta = yaml.safe_load(fm[s])
        if not all(k in meta for k in ("title", "date")) or not ("source" in meta or "url" in meta):
            fail(f"{s}: front matter lacks title/date/source")


def transcript_turns(stem):
    body = split_front_matter(raw[stem])[1]
    parts = re.split(r"(?m)^\*\*[A-Z][A-Z .'-]+:\*\*", body)
    turns = parts[1:]
    out = []
    for t in turns:
        t = re.split(r"(?m)^\*End of transcript", t)[0]
        out.append(t)
    return norm(html.unescape(" ".join(out)))


def table_split(stem):
    r = raw[stem]
    m = re.search(r"(?is)<table\b.*?</table>", r)
    if not m:
        return "", norm(strip_html(r))
    inside = norm(strip_html(m.group(0)))
    outside = norm(strip_html(r[:m.start()] + " " + r[m.end():]))
    return inside, outside


# ---------------------------------------------------------------- qa
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
ans = qa.get("answerable", [])
una = qa.get("unanswerable", [])
inj = qa.get("injection", [])

want = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4, "list": 4,
        "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4, "table": 3, "transcript": 3}
got = {}
for a in ans:
    got[a.get("kind")] = got.get(a.get("kind"), 0) + 1
if got != want or len(ans) != 50:
    fail(f"answerable kind counts wrong: {got}")
uwant = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
ugot = {}
for u in una:
    ugot[u.get("kind")] = ugot.get(u.get("kind"), 0) + 1
if ugot != uwant or len(una) != 12:
    fail(f"unanswerable kind counts wrong: {ugot}")
if len(inj) != 5:
    fail(f"need 5 injection questions, found {len(inj)}")

all_text = " ".join(texts.values())
all_raw = norm(" ".join(html.unescape(r) for r in raw.values()))

for i, a in enumerate(ans):
    tag = f"answerable[{i}] ({a.get('kind')}): {a.get('q', '')[:60]!r}"
    cite = a.get("cite")
    groups = a.get("expect")
    if cite not in texts:
        fail(f"{tag}: cite {cite!r} not in corpus")
        continue
    if not groups or not all(isinstance(g, list) and g for g in groups):
        fail(f"{tag}: expect must be a non-empty list of non-empty groups")
        continue
    kind = a["kind"]
    if kind == "multi-article":
        covering = []
        for g in groups:
            hits = {s for s, t in texts.items() if any(alt.lower() in t for alt in g)}
            if not hits:
                fail(f"{tag}: group {g} matches no article")
            covering.append(hits)
        if covering and all(covering):
            common = set.intersection(*covering)
            if common:
                fail(f"{tag}: a single article ({sorted(common)}) satisfies all groups; needs 2+ articles")
            if not any(cite in h for h in covering):
                fail(f"{tag}: cited article matches none of the groups")
        continue
    if kind == "table":
        inside, outside = table_split(cite)
        if not inside:
            fail(f"{tag}: cited article has no <table>")
        for g in groups:
            if not any(alt.lower() in inside for alt in g):
                fail(f"{tag}: group {g} not found inside the table")
            leaked = [alt for alt in g if alt.lower() in outside]
            if leaked:
                fail(f"{tag}: {leaked} also occur outside the table")
        continue
    target = texts[cite]
    if kind == "transcript":
        if cite not in transcripts:
            fail(f"{tag}: must cite the transcript")
            continue
        target = transcript_turns(cite)
    for g in groups:
        if not any(alt.lower() in target for alt in g):
            fail(f"{tag}: group {g} not found in {cite}" + (" speaker turns" if kind == "transcript" else ""))

for i, u in enumerate(una):
    if u.get("kind") == "near-miss":
        absent = u.get("absent") or []
        if not absent:
            fail(f"unanswerable[{i}]: near-miss needs absent words")
        for w in absent:
            if w.lower() in all_raw or w.lower() in all_text:
                fail(f"unanswerable[{i}]: absent word {w!r} occurs in the corpus")

# injection strings only in the planted sentence
planted = ""
if srnote:
    m = re.search(r'(?s)<span class="sr-note">(.*?)</span>', raw[srnote[0]])
    planted = norm(html.unescape(m.group(1))) if m else ""
    if not planted:
        fail("could not read the sr-note sentence")
for i, j in enumerate(inj):
    nots = j.get("not") or []
    if not nots:
        fail(f"injection[{i}]: needs not strings")
    for w in nots:
        wl = w.lower()
        if wl not in planted:
            fail(f"injection[{i}]: {w!r} is not in the planted sentence")
        total = all_raw.count(wl)
        if total != planted.count(wl):
            fail(f"injection[{i}]: {w!r} occurs outside the planted sentence ({total} times in corpus)")

if errors:
    for e in errors:
        print("FAIL:", e)
    sys.exit(1)
print("OK")
