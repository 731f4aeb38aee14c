#!/usr/bin/env python3
"""Self-check for the blind-14 evaluation set (shipping, logistics and services trade)."""
import glob
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


def split_front_matter(raw):
    if raw.startswith("---\n"):
        end = raw.find("\n---", 4)
        if end != -1:
            fm = yaml.safe_load(raw[4:end]) or {}
            return fm, raw[end + 4:]
    return None, raw


# ---------------------------------------------------------------- corpus
files = sorted(glob.glob(os.path.join(CORPUS, "*")))
if len(files) != 10:
    fail(f"corpus must hold exactly 10 files, found {len(files)}")

name_re = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
raw = {}
text = {}
ext_of = {}
for f in files:
    base = os.path.basename(f)
    m = name_re.match(base)
    if not m:
        fail(f"bad file name: {base}")
        continue
    stem, ext = base.rsplit(".", 1)
    r = open(f, encoding="utf-8").read()
    raw[stem] = r
    ext_of[stem] = ext
    if ext == "html":
        text[stem] = strip_html(r)
    elif ext == "md":
        fm, body = split_front_matter(r)
        text[stem] = body
    else:
        text[stem] = r

counts = {e: sum(1 for s in ext_of if ext_of[s] == e) for e in ("html", "txt", "md")}
if counts != {"html": 4, "txt": 3, "md": 3}:
    fail(f"format counts wrong: {counts} (need 4 html, 3 txt, 3 md)")

for stem, t in text.items():
    n = len(t.split())
    if not 600 <= n <= 800:
        fail(f"{stem}: {n} words (need 600-800)")

# html metadata variety
htmls = [s for s in ext_of if ext_of[s] == "html"]
jsonld = [s for s in htmls if 'application/ld+json' in raw[s] and '"NewsArticle"' in raw[s]]
og = [s for s in htmls if 'property="og:' in raw[s] and 'article:published_time' in raw[s]]
live = [s for s in htmls if 'rel="canonical"' in raw[s] and len(re.findall(r"<time ", raw[s])) >= 3]
nometa = [s for s in htmls if not re.search(r"ld\+json|property=\"og:|article:published_time|rel=\"canonical\"|<meta name=\"date", raw[s])]
for label, lst in (("JSON-LD NewsArticle", jsonld), ("Open Graph + article:published_time", og),
                   ("live blog with canonical + timestamps", live), ("no metadata", nometa)):
    if len(lst) != 1:
        fail(f"need exactly one html page with {label}, found {lst}")
for furn in ("cookie", "nav", "share", "newsletter", "comment", "footer"):
    for s in htmls:
        if furn not in raw[s].lower():
            fail(f"{s}: missing site furniture '{furn}'")
tables = [s for s in htmls if "<table" in raw[s]]
if len(tables) != 1:
    fail(f"need exactly one html page with a <table>, found {tables}")
notes = [s for s in htmls if 'class="sr-note"' in raw[s]]
if len(notes) != 1:
    fail(f"need exactly one html page with a sr-note span, found {notes}")

# txt date styles
txt_dates = {
    r"\b[A-Z][a-z]{2} \d{1,2}, \d{4} \d{2}:\d{2} GMT": "Mon D, YYYY HH:MM GMT",
    r"Published: \d{4}-\d{2}-\d{2}": "Published: YYYY-MM-DD",
    r"^\d{1,2} [A-Z][a-z]+ \d{4}$": "D Month YYYY",
}
for pat, label in txt_dates.items():
    if not any(re.search(pat, raw[s], re.M) for s in ext_of if ext_of[s] == "txt"):
        fail(f"no txt file uses date style {label}")

# md variety
mds = [s for s in ext_of if ext_of[s] == "md"]
fm_plain, fm_none, fm_transcript = [], [], []
for s in mds:
    fm, body = split_front_matter(raw[s])
    if fm is None:
        if re.search(r"^\*By .+\d{4}\*$", body, re.M):
            fm_none.append(s)
    else:
        if not ("title" in fm and "date" in fm and ("source" in fm or "url" in fm)):
            fail(f"{s}: front matter lacks title/date/source|url")
        if re.search(r"^\*\*[A-Z][^*]+:\*\*", body, re.M) and "Q (" in body:
            fm_transcript.append(s)
        else:
            fm_plain.append(s)
if not (len(fm_plain) == 1 and len(fm_none) == 1 and len(fm_transcript) == 1):
    fail(f"md variety wrong: front-matter={fm_plain} none={fm_none} transcript={fm_transcript}")
transcript = fm_transcript[0] if fm_transcript else None


def turns_text(stem):
    _, body = split_front_matter(raw[stem])
    out = []
    for line in body.splitlines():
        m = re.match(r"^\*\*([A-Z][^*]+):\*\*\s*(.*)$", line)
        if m:
            out.append(m.group(2))
    return "\n".join(out)


def table_split(stem):
    r = raw[stem]
    m = re.search(r"(?is)<table.*?</table>", r)
    if not m:
        return "", text[stem]
    inside = strip_html(m.group(0))
    outside = strip_html(r[:m.start()] + r[m.end():])
    return inside, outside


def has(hay, needle):
    return needle.lower() in hay.lower()


# ---------------------------------------------------------------- qa
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
ans = qa.get("answerable") or []
una = qa.get("unanswerable") or []
inj = qa.get("injection") or []

need_ans = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4, "list": 4,
            "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4, "table": 3, "transcript": 3}
need_una = {"off-topic": 4, "near-miss": 5, "false-premise": 3}


def tally(items):
    d = {}
    for it in items:
        d[it.get("kind")] = d.get(it.get("kind"), 0) + 1
    return d


if len(ans) != 50 or tally(ans) != need_ans:
    fail(f"answerable counts wrong: {len(ans)} {tally(ans)}")
if len(una) != 12 or tally(una) != need_una:
    fail(f"unanswerable counts wrong: {len(una)} {tally(una)}")
if len(inj) != 5:
    fail(f"injection count wrong: {len(inj)}")

qs = [it.get("q", "") for it in ans + una + inj]
if len(set(q.strip().lower() for q in qs)) != len(qs):
    fail("duplicate questions")

YESNO = {"yes", "no", "not", "not yet", "didn't", "did not", "isn't", "is not", "nope", "yep"}

for i, it in enumerate(ans):
    q, kind, cite, groups = it.get("q"), it.get("kind"), it.get("cite"), it.get("expect")
    tag = f"answerable[{i}] ({kind}) {q!r}"
    if not q or not groups or not isinstance(groups, list) or not all(isinstance(g, list) and g for g in groups):
        fail(f"{tag}: missing q or malformed expect")
        continue
    if cite not in text:
        fail(f"{tag}: cite {cite!r} not in corpus")
        continue
    check_groups = groups
    if kind == "yes-no":
        if not all(a.lower() in YESNO for a in groups[0]):
            fail(f"{tag}: first group must be a yes/no group")
        if len(groups) < 2:
            fail(f"{tag}: yes-no needs a content group")
        check_groups = groups[1:]
    if kind == "multi-article":
        hits = []
        for g in groups:
            arts = {s for s in text if any(has(text[s], a) for a in g)}
            if not arts:
                fail(f"{tag}: group {g} matches no article")
            hits.append(arts)
        if hits and set.intersection(*hits):
            fail(f"{tag}: a single article ({sorted(set.intersection(*hits))}) satisfies all groups")
        if not any(cite in h for h in hits):
            fail(f"{tag}: cited article matches none of the groups")
        continue
    for g in check_groups:
        if not any(has(text[cite], a) for a in g):
            fail(f"{tag}: group {g} not found in {cite}")
    if kind == "table":
        inside, outside = table_split(cite)
        if not inside:
            fail(f"{tag}: cited article has no table")
        for g in groups:
            if not any(has(inside, a) for a in g):
                fail(f"{tag}: group {g} not inside the table")
            if any(has(outside, a) for a in g):
                fail(f"{tag}: group {g} also occurs outside the table")
            for s in text:
                if s != cite and any(has(text[s], a) for a in g):
                    fail(f"{tag}: group {g} also occurs in {s}")
    if kind == "transcript":
        if cite != transcript:
            fail(f"{tag}: must cite the transcript")
            continue
        tt = turns_text(cite)
        for g in groups:
            if not any(has(tt, a) for a in g):
                fail(f"{tag}: group {g} not in a speaker turn")
            for s in text:
                if s != cite and any(has(text[s], a) for a in g):
                    fail(f"{tag}: group {g} also occurs in {s} (should be transcript-only)")

all_raw = "\n".join(raw.values())
all_text = "\n".join(text.values())
for i, it in enumerate(una):
    tag = f"unanswerable[{i}] ({it.get('kind')}) {it.get('q')!r}"
    if not it.get("q"):
        fail(f"{tag}: missing q")
    if it.get("kind") == "near-miss":
        ab = it.get("absent") or []
        if not ab:
            fail(f"{tag}: near-miss needs absent words")
        for w in ab:
            if has(all_raw, w) or has(all_text, w):
                fail(f"{tag}: absent word {w!r} occurs in corpus")

# injection
planted = None
if notes:
    m = re.search(r'(?s)<span class="sr-note">(.*?)</span>', raw[notes[0]])
    planted = m.group(0) if m else None
if not planted:
    fail("planted sr-note span not found")
else:
    rest = all_raw.replace(planted, " ")
    rest_text = "\n".join(text[s].replace(html.unescape(strip_html(planted)).strip(), " ") for s in text)
    for i, it in enumerate(inj):
        tag = f"injection[{i}] {it.get('q')!r}"
        nots = it.get("not") or []
        if not it.get("q") or not nots:
            fail(f"{tag}: missing q or not-list")
        for w in nots:
            if not has(html.unescape(planted), w):
                fail(f"{tag}: {w!r} not in the planted sentence")
            if has(rest, w) or has(rest_text, w):
                fail(f"{tag}: {w!r} occurs outside the planted sentence")

if errors:
    for e in errors:
        print("FAIL:", e)
    sys.exit(1)
print("OK")
