#!/usr/bin/env python3
"""Self-check for the blind-16 evaluation set. Prints OK or the list of failures."""
import html
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
errors = []

ANS_COUNTS = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4,
              "list": 4, "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4,
              "table": 3, "transcript": 3}
UNANS_COUNTS = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
SR_RE = re.compile(r'(?is)<span class="sr-note">(.*?)</span>')


def strip_html(s):
    s = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", s)
    s = re.sub(r"(?s)<[^>]+>", " ", s)
    return html.unescape(s)


def strip_front_matter(s):
    m = re.match(r"(?s)^---\n.*?\n---\n", s)
    return s[m.end():] if m else s


def norm(s):
    return re.sub(r"\s+", " ", s).lower()


# ---------- corpus
files = sorted(os.listdir(CORPUS))
raw, text, body = {}, {}, {}
name_re = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
if len(files) != 10:
    errors.append(f"corpus has {len(files)} files, expected 10")
for f in files:
    if not name_re.match(f):
        errors.append(f"bad file name: {f}")
        continue
    stem, ext = f.rsplit(".", 1)
    s = open(os.path.join(CORPUS, f), encoding="utf-8").read()
    raw[stem] = s
    if ext == "html":
        t = strip_html(s)
        wc_text = t
    else:
        t = s
        wc_text = strip_front_matter(s)
    text[stem] = norm(t)
    n = len(wc_text.split())
    if not 600 <= n <= 800:
        errors.append(f"{f}: {n} words (need 600-800)")

exts = [f.rsplit(".", 1)[1] for f in files]
for e, want in (("html", 4), ("txt", 3), ("md", 3)):
    if exts.count(e) != want:
        errors.append(f"{exts.count(e)} .{e} files, expected {want}")

html_raw = {k: v for k, v in raw.items() if k + ".html" in files}
def count_html(pred):
    return sum(1 for v in html_raw.values() if pred(v))
if count_html(lambda v: '"@type": "NewsArticle"' in v) != 1:
    errors.append("need exactly one HTML page with JSON-LD NewsArticle")
if count_html(lambda v: "article:published_time" in v and "og:title" in v) != 1:
    errors.append("need exactly one HTML page with Open Graph + article:published_time")
if count_html(lambda v: 'rel="canonical"' in v and "<time" in v) != 1:
    errors.append("need exactly one live blog with canonical link and timestamps")
if count_html(lambda v: "<meta" not in v.replace('<meta charset', '') and "ld+json" not in v
              and 'rel="canonical"' not in v) != 1:
    errors.append("need exactly one HTML page with no metadata")
if count_html(lambda v: "<table" in v) != 1:
    errors.append("need exactly one HTML page with a <table>")
sr_pages = [k for k, v in html_raw.items() if SR_RE.search(v)]
if len(sr_pages) != 1:
    errors.append("need exactly one HTML page with a span.sr-note")
md_raw = {k: v for k, v in raw.items() if k + ".md" in files}
fm = [k for k, v in md_raw.items() if v.startswith("---\n")]
if len(fm) != 2:
    errors.append(f"expected 2 md files with YAML front matter, found {len(fm)}")
for k in fm:
    meta = yaml.safe_load(re.match(r"(?s)^---\n(.*?)\n---\n", md_raw[k]).group(1))
    for key in ("title", "date"):
        if key not in meta:
            errors.append(f"{k}: front matter lacks {key}")
    if "source" not in meta and "url" not in meta:
        errors.append(f"{k}: front matter lacks source/url")
transcripts = [k for k in fm if re.search(r"(?m)^\*\*[A-Z][^*]*:\*\*", md_raw[k]) and "Q (" in md_raw[k]]
if len(transcripts) != 1:
    errors.append("need exactly one md transcript with speaker labels and Q&A")

# table and transcript regions
table_page = next((k for k, v in html_raw.items() if "<table" in v), None)
table_in = table_out = ""
if table_page:
    v = html_raw[table_page]
    m = re.search(r"(?is)<table.*?</table>", v)
    table_in = norm(strip_html(m.group(0)))
    table_out = norm(strip_html(v[:m.start()] + v[m.end():]))
turns_in = turns_out = ""
if transcripts:
    tr = strip_front_matter(md_raw[transcripts[0]])
    ins, outs = [], []
    for line in tr.splitlines():
        m = re.match(r"^\*\*[^*]+:\*\*(.*)$", line)
        (ins if m else outs).append(m.group(1) if m else line)
    # continuation paragraphs (non-empty, non-italic, non-heading) belong to the previous turn
    ins, outs, cur = [], [], None
    for line in tr.splitlines():
        m = re.match(r"^\*\*[^*]+:\*\*(.*)$", line)
        if m:
            cur = True
            ins.append(m.group(1))
        elif line.startswith("#") or line.startswith("*"):
            cur = None
            outs.append(line)
        elif line.strip() and cur:
            ins.append(line)
        else:
            outs.append(line)
    turns_in, turns_out = norm("\n".join(ins)), norm("\n".join(outs))
    turns_out += " " + norm(re.match(r"(?s)^---\n.*?\n---\n", md_raw[transcripts[0]]).group(0))

# injection sentence
planted = ""
corpus_wo_planted = []
for k, v in raw.items():
    if k in sr_pages:
        planted = norm(html.unescape(SR_RE.search(v).group(1)))
        corpus_wo_planted.append(norm(SR_RE.sub(" ", v)))
    else:
        corpus_wo_planted.append(norm(v))
all_raw = norm("\n".join(raw.values()))
all_text = "\n".join(text.values())

# ---------- qa
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
ans = qa.get("answerable", [])
una = qa.get("unanswerable", [])
inj = qa.get("injection", [])
if len(ans) != 50: errors.append(f"answerable: {len(ans)} != 50")
if len(una) != 12: errors.append(f"unanswerable: {len(una)} != 12")
if len(inj) != 5: errors.append(f"injection: {len(inj)} != 5")
for kinds, items, label in ((ANS_COUNTS, ans, "answerable"), (UNANS_COUNTS, una, "unanswerable")):
    for kd, n in kinds.items():
        got = sum(1 for i in items if i.get("kind") == kd)
        if got != n:
            errors.append(f"{label} kind {kd}: {got} != {n}")
    for i in items:
        if i.get("kind") not in kinds:
            errors.append(f"{label}: unknown kind {i.get('kind')!r} in {i.get('q')!r}")
qs = [i["q"] for i in ans + una + inj]
if len(set(qs)) != len(qs):
    errors.append("duplicate questions")


def hit(alt, t):
    return alt.lower() in t


for i in ans:
    q, kd, cite, exp = i.get("q"), i.get("kind"), i.get("cite"), i.get("expect")
    if cite not in text:
        errors.append(f"cite {cite!r} missing for {q!r}")
        continue
    if not exp or not all(isinstance(g, list) and g for g in exp):
        errors.append(f"bad expect for {q!r}")
        continue
    if kd == "yes-no" and not any(a.lower() in ("yes", "no") for a in exp[0]):
        errors.append(f"yes-no first group needs yes/no: {q!r}")
    t = text[cite]
    if kd == "multi-article":
        cover = []
        for g in exp:
            arts = {k for k, tt in text.items() if any(hit(a, tt) for a in g)}
            if not arts:
                errors.append(f"multi group {g} matches no article: {q!r}")
            cover.append(arts)
        if cover and set.intersection(*cover):
            errors.append(f"multi-article answerable from one article {set.intersection(*cover)}: {q!r}")
        if not any(any(hit(a, t) for a in g) for g in exp):
            errors.append(f"cited article matches no group: {q!r}")
        continue
    for g in exp:
        if not any(hit(a, t) for a in g):
            errors.append(f"group {g} not in {cite}: {q!r}")
    if kd == "table":
        if cite != table_page:
            errors.append(f"table question must cite the table page: {q!r}")
        for g in exp:
            if not any(hit(a, table_in) for a in g):
                errors.append(f"table group {g} not in table: {q!r}")
            for a in g:
                if hit(a, table_out):
                    errors.append(f"table answer {a!r} also outside table: {q!r}")
    if kd == "transcript":
        if cite not in transcripts:
            errors.append(f"transcript question must cite transcript: {q!r}")
        for g in exp:
            if not any(hit(a, turns_in) and not hit(a, turns_out) for a in g):
                errors.append(f"transcript group {g} not only in speaker turns: {q!r}")

for i in una:
    if i.get("kind") == "near-miss":
        ab = i.get("absent") or []
        if not ab:
            errors.append(f"near-miss without absent: {i['q']!r}")
        for w in ab:
            if w.lower() in all_raw or w.lower() in all_text:
                errors.append(f"absent word {w!r} occurs in corpus")

for i in inj:
    nots = i.get("not") or []
    if not nots:
        errors.append(f"injection without not: {i['q']!r}")
    for w in nots:
        if w.lower() not in planted:
            errors.append(f"injection string {w!r} not in planted sentence")
        if any(w.lower() in c for c in corpus_wo_planted):
            errors.append(f"injection string {w!r} occurs outside planted sentence")

if errors:
    print("FAILED:")
    for e in errors:
        print(" -", e)
    sys.exit(1)
print("OK")
