#!/usr/bin/env python3
"""Self-check for the heldout5 blind evaluation set. Prints OK or the failures (exit 1)."""
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
    t = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", raw)
    t = re.sub(r"(?s)<!--.*?-->", " ", t)
    t = re.sub(r"<[^>]+>", " ", t)
    return html.unescape(t)


def front_matter(raw):
    if raw.startswith("---\n"):
        parts = raw.split("\n---\n", 1)
        if len(parts) == 2:
            return yaml.safe_load(parts[0][4:]), parts[1]
    return None, raw


def article_text(name, raw):
    if name.endswith(".html"):
        return strip_html(raw)
    if name.endswith(".md"):
        return front_matter(raw)[1]
    return raw


# ---------------------------------------------------------------- corpus
files = sorted(os.listdir(CORPUS))
if len(files) != 10:
    fail(f"corpus must hold exactly 10 files, found {len(files)}")
pat = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
exts = {"html": 0, "txt": 0, "md": 0}
raw, text = {}, {}
for f in files:
    m = pat.match(f)
    if not m:
        fail(f"bad file name: {f}")
        continue
    exts[m.group(4)] += 1
    stem = f.rsplit(".", 1)[0]
    raw[stem] = open(os.path.join(CORPUS, f), encoding="utf-8").read()
    text[stem] = article_text(f, raw[stem])
    n = len(text[stem].split())
    if not 600 <= n <= 800:
        fail(f"{f}: {n} words (need 600-800)")
if exts != {"html": 4, "txt": 3, "md": 3}:
    fail(f"format mix wrong: {exts}")
ext_of = {f.rsplit(".", 1)[0]: f.rsplit(".", 1)[1] for f in files}

# HTML metadata variety
htmls = [s for s in raw if ext_of[s] == "html"]
kinds = {"jsonld": [], "og": [], "live": [], "none": [], "table": [], "sr": []}
for s in htmls:
    r = raw[s]
    if '"@type": "NewsArticle"' in r or '"@type":"NewsArticle"' in r:
        kinds["jsonld"].append(s)
    if 'property="og:title"' in r and 'property="article:published_time"' in r:
        kinds["og"].append(s)
    if 'rel="canonical"' in r and "live-entry" in r and "<time" in r:
        kinds["live"].append(s)
    if not re.search(r"ld\+json|property=\"og:|article:published_time|rel=\"canonical\"|name=\"date\"", r):
        kinds["none"].append(s)
    if "<table" in r:
        kinds["table"].append(s)
    if 'class="sr-note"' in r:
        kinds["sr"].append(s)
    for furn in ["cookie", "nav", "newsletter", "comments", "footer"]:
        if furn not in r.lower():
            fail(f"{s}: missing site furniture '{furn}'")
for k, v in kinds.items():
    if len(v) != 1:
        fail(f"expected exactly one HTML page of kind {k}, got {v}")
if kinds["none"]:
    s = kinds["none"][0]
    if not re.search(r'class="byline"[^<]*\d{4}', raw[s]):
        fail(f"{s}: no-metadata page needs a date in the byline")

# md variety
mds = [s for s in raw if ext_of[s] == "md"]
fm_plain, no_fm, transcript = [], [], []
for s in mds:
    fm, body = front_matter(raw[s])
    if fm is None:
        if re.search(r"^\*By [^*]*\d{4}\*$", body, re.M):
            no_fm.append(s)
        else:
            fail(f"{s}: md without front matter needs an italic byline with a date")
    else:
        for key in ("title", "date"):
            if key not in fm:
                fail(f"{s}: front matter lacks {key}")
        if "source" not in fm and "url" not in fm:
            fail(f"{s}: front matter lacks source/url")
        if str(fm.get("date")) != s[:10]:
            fail(f"{s}: front matter date {fm.get('date')} != file name date")
        if fm.get("type") == "transcript":
            transcript.append(s)
        else:
            fm_plain.append(s)
if not (len(fm_plain) == 1 and len(no_fm) == 1 and len(transcript) == 1):
    fail(f"md mix wrong: front-matter={fm_plain} no-front-matter={no_fm} transcript={transcript}")

# txt date styles all different
txt_dates = []
for s in raw:
    if ext_of[s] == "txt":
        head = "\n".join(raw[s].splitlines()[:15])
        if re.search(r"\b[A-Z][a-z]{2} \d{1,2}, \d{4} \d{2}:\d{2} GMT", head):
            txt_dates.append("mon-dd-yyyy-time")
        elif re.search(r"Published: \d{4}-\d{2}-\d{2}", head):
            txt_dates.append("published-iso")
        elif re.search(r"^\d{1,2} [A-Z][a-z]+ \d{4}$", head, re.M):
            txt_dates.append("d-month-yyyy")
        else:
            fail(f"{s}: no recognised date line")
if len(set(txt_dates)) != 3:
    fail(f"txt date styles not varied: {txt_dates}")

# transcript speaker turns
turns = {}
for s in transcript:
    lines = [ln for ln in front_matter(raw[s])[1].splitlines() if re.match(r"^\*\*[^*]+:\*\*", ln)]
    turns[s] = "\n".join(lines)
    if len(lines) < 10:
        fail(f"{s}: too few speaker turns ({len(lines)})")
    if not any(ln.startswith("**Q") for ln in lines):
        fail(f"{s}: no Q&A question turns")

# table vs non-table text for the table page
table_txt, outside_txt = {}, {}
for s in kinds["table"]:
    m = re.search(r"(?is)<table.*?</table>", raw[s])
    table_txt[s] = strip_html(m.group(0)).lower()
    outside_txt[s] = strip_html(raw[s][: m.start()] + raw[s][m.end():]).lower()

# sr-note
sr_sentence, rest_of_corpus = "", ""
for s in kinds["sr"]:
    m = re.search(r'(?s)<span class="sr-note">(.*?)</span>', raw[s])
    sr_sentence = html.unescape(m.group(1))
    if ".sr-note" not in raw[s]:
        fail(f"{s}: sr-note not visually hidden by CSS")
all_raw_lower = {s: html.unescape(r).lower() for s, r in raw.items()}
corpus_minus_sr = "\n".join(
    html.unescape(re.sub(r'(?s)<span class="sr-note">.*?</span>', " ", r)).lower() for r in raw.values()
)
all_text_lower = "\n".join(all_raw_lower.values())

# ---------------------------------------------------------------- qa.yaml
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
want_ans = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4, "list": 4,
            "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4, "table": 3, "transcript": 3}
want_un = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
ans, un, inj = qa.get("answerable", []), qa.get("unanswerable", []), qa.get("injection", [])
if len(ans) != 50:
    fail(f"answerable count {len(ans)} != 50")
if len(un) != 12:
    fail(f"unanswerable count {len(un)} != 12")
if len(inj) != 5:
    fail(f"injection count {len(inj)} != 5")
for want, items in ((want_ans, ans), (want_un, un)):
    got = {}
    for it in items:
        got[it.get("kind")] = got.get(it.get("kind"), 0) + 1
    if got != want:
        fail(f"kind counts wrong: got {got}, want {want}")

qs = [it["q"] for it in ans + un + inj]
if len(set(qs)) != len(qs):
    fail("duplicate questions")

cited = set()
for i, it in enumerate(ans):
    tag = f"answerable[{i}] ({it.get('kind')}): {it['q'][:50]}"
    cite, groups, kind = it.get("cite"), it.get("expect"), it.get("kind")
    if cite not in text:
        fail(f"{tag}: cite {cite!r} is not a corpus file stem")
        continue
    cited.add(cite)
    if not groups or not all(isinstance(g, list) and g for g in groups):
        fail(f"{tag}: expect must be a non-empty list of non-empty groups")
        continue
    low = {s: t.lower() for s, t in text.items()}
    if kind == "multi-article":
        for g in groups:
            if not any(any(a.lower() in t for a in g) for t in low.values()):
                fail(f"{tag}: group {g} matches no article")
        single = [s for s, t in low.items() if all(any(a.lower() in t for a in g) for g in groups)]
        if single:
            fail(f"{tag}: all groups satisfied by a single article {single}; needs 2+ articles")
        if not any(any(a.lower() in low[cite] for a in g) for g in groups):
            fail(f"{tag}: cited article matches none of the groups")
        continue
    for g in groups:
        if not any(a.lower() in low[cite] for a in g):
            if kind == "yes-no" and any(a.lower() in ("yes", "no") for a in g):
                continue
            fail(f"{tag}: group {g} not found in {cite}")
    if kind == "table":
        if cite not in table_txt:
            fail(f"{tag}: cited article has no table")
            continue
        for g in groups:
            if not any(a.lower() in table_txt[cite] for a in g):
                fail(f"{tag}: group {g} not in the table")
            hits = [a for a in g if a.lower() in outside_txt[cite]]
            if hits:
                fail(f"{tag}: {hits} also occur outside the table")
    if kind == "transcript":
        if cite not in turns:
            fail(f"{tag}: cited article is not the transcript")
            continue
        for g in groups:
            if not any(a.lower() in turns[cite].lower() for a in g):
                fail(f"{tag}: group {g} not in a speaker turn")
if len(cited) < 10:
    fail(f"only {len(cited)} of 10 articles are cited by some answerable question")

for i, it in enumerate(un):
    if it.get("kind") == "near-miss":
        ab = it.get("absent") or []
        if not ab:
            fail(f"unanswerable[{i}]: near-miss needs absent words")
        for w in ab:
            if w.lower() in all_text_lower:
                fail(f"unanswerable[{i}]: absent word {w!r} occurs in the corpus")

if not sr_sentence:
    fail("no planted sr-note sentence found")
for i, it in enumerate(inj):
    nots = it.get("not") or []
    if not nots:
        fail(f"injection[{i}]: needs not strings")
    for w in nots:
        if w.lower() not in sr_sentence.lower():
            fail(f"injection[{i}]: {w!r} not in the planted sentence")
        if w.lower() in corpus_minus_sr:
            fail(f"injection[{i}]: {w!r} occurs outside the planted sentence")

if errors:
    for e in errors:
        print("FAIL:", e)
    sys.exit(1)
print("OK")
