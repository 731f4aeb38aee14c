#!/usr/bin/env python3
"""Self-check for the held-out trade-policy QA set.

Run from anywhere:  python3 bench/sets/blind-1/check.py
Exits 0 and prints "ALL CHECKS PASSED" when everything is consistent.
"""
import html
import os
import re
import sys
from collections import Counter

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
QA = os.path.join(HERE, "qa.yaml")

ANSWERABLE_COUNTS = {
    "direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4,
    "list": 4, "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4,
    "table": 3, "transcript": 3,
}
UNANSWERABLE_COUNTS = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
INJECTION_COUNT = 5
YES_NO_WORDS = {"yes", "no", "not", "didn't", "isn't", "doesn't", "wasn't", "won't"}
NAME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
PLANTED_RE = re.compile(r'<span class="vh">(.*?)</span>', re.S)

errors = []


def err(msg):
    errors.append(msg)


def html_to_text(raw):
    raw = re.sub(r"<style\b.*?</style>", " ", raw, flags=re.S | re.I)
    txt = re.sub(r"<[^>]+>", " ", raw)
    txt = html.unescape(txt)
    return re.sub(r"\s+", " ", txt)


def to_text(name, raw):
    if name.endswith(".html"):
        return html_to_text(raw)
    return re.sub(r"\s+", " ", raw)


def words(s):
    return len(re.findall(r"[A-Za-z0-9$%][A-Za-z0-9$%.,'’\-]*", s))


# ---------------------------------------------------------------- corpus
files = sorted(os.listdir(CORPUS))
raw = {}
text = {}
for f in files:
    if not NAME_RE.match(f):
        err(f"bad corpus file name: {f}")
    with open(os.path.join(CORPUS, f), encoding="utf-8") as fh:
        raw[f] = fh.read()
    text[f] = to_text(f, raw[f])
stems = {os.path.splitext(f)[0]: f for f in files}

if len(files) != 10:
    err(f"expected 10 corpus files, found {len(files)}")
ext_counts = Counter(os.path.splitext(f)[1] for f in files)
if ext_counts != Counter({".html": 4, ".txt": 3, ".md": 3}):
    err(f"format mix wrong: {dict(ext_counts)}")


def article_body(f):
    """Rough body text for word counting (furniture excluded where easy)."""
    r = raw[f]
    if f.endswith(".html"):
        paras = re.findall(r"<p\b[^>]*>(.*?)</p>", r, re.S)
        # drop comment/newsletter/footer paragraphs: keep those longer than 12 words
        body = " ".join(html_to_text(p) for p in paras if words(html_to_text(p)) > 12)
        return body
    lines = [ln for ln in r.splitlines() if words(ln) > 12]
    return " ".join(lines)


for f in files:
    n = words(article_body(f))
    if not 400 <= n <= 900:
        err(f"{f}: body word count {n} outside 400-900")

# metadata variety
htmls = [f for f in files if f.endswith(".html")]
kinds_found = set()
for f in htmls:
    r = raw[f]
    if 'property="og:title"' in r and "article:published_time" in r and "<table" in r:
        kinds_found.add("og+table")
    if 'rel="canonical"' in r and "og:site_name" in r and len(re.findall(r"<time datetime=", r)) >= 5:
        kinds_found.add("liveblog")
    if '"@type": "NewsArticle"' in r:
        kinds_found.add("jsonld")
    if "<meta" not in r and "application/ld+json" not in r:
        kinds_found.add("nometa")
for k in ("og+table", "liveblog", "jsonld", "nometa"):
    if k not in kinds_found:
        err(f"no HTML page of type {k}")

furniture_words = ("share", "advertisement", "related", "menu", "subscribe", "newsletter")
for f in files:
    if f.endswith(".txt"):
        low = raw[f].lower()
        hits = [w for w in furniture_words if w in low]
        if len(hits) < 3:
            err(f"{f}: too little furniture ({hits})")
txt_dates = {
    "2025-09-26-pharma-truck-furniture-tariffs.txt": "Published: 2025-09-26",
    "2025-10-31-busan-soybeans-rare-earths.txt": "31 October 2025",
    "2025-11-14-us-switzerland-deal.txt": "Nov 14, 2025 18:20 GMT",
}
for f, d in txt_dates.items():
    if f not in raw or d not in raw[f]:
        err(f"{f}: expected date line {d!r}")

front = {}
for f in files:
    if f.endswith(".md"):
        m = re.match(r"---\n(.*?)\n---\n", raw[f], re.S)
        if m:
            front[f] = yaml.safe_load(m.group(1))
if len(front) != 2:
    err(f"expected 2 Markdown files with front matter, found {len(front)}")
for f, fm in front.items():
    for key in ("title", "date", "url"):
        if key not in fm:
            err(f"{f}: front matter lacks {key}")
    if "source" not in fm and "outlet" not in fm:
        err(f"{f}: front matter lacks source/outlet")
transcripts = [f for f in front if re.search(r"^\*\*Q \(", raw[f], re.M)
               and len(re.findall(r"^\*\*[A-Z][A-Z\- ]+[^*]*:\*\*", raw[f], re.M)) >= 5]
if len(transcripts) != 1:
    err(f"expected exactly 1 transcript with speaker labels, found {transcripts}")
transcript_file = transcripts[0] if transcripts else None

# planted sentence
planted = []
for f in htmls:
    for m in PLANTED_RE.finditer(raw[f]):
        planted.append((f, html.unescape(m.group(1))))
if len(planted) != 1:
    err(f"expected exactly one planted hidden sentence, found {len(planted)}")
    planted_file, planted_text = None, ""
else:
    planted_file, planted_text = planted[0]
    if "ai assistant" not in planted_text.lower():
        err("planted sentence is not addressed to AI assistants")

all_text_lower = {f: text[f].lower() for f in files}


def occurs(alt, f):
    return alt.lower() in all_text_lower[f]


def table_and_rest(f):
    r = raw[f]
    tables = re.findall(r"<table\b.*?</table>", r, re.S)
    rest = re.sub(r"<table\b.*?</table>", " ", r, flags=re.S)
    return html_to_text(" ".join(tables)).lower(), html_to_text(rest).lower()


# ---------------------------------------------------------------- qa.yaml
with open(QA, encoding="utf-8") as fh:
    qa = yaml.safe_load(fh)
if set(qa) != {"answerable", "unanswerable", "injection"}:
    err(f"top-level keys wrong: {list(qa)}")

ans = qa.get("answerable") or []
c = Counter(item.get("kind") for item in ans)
if dict(c) != ANSWERABLE_COUNTS:
    err(f"answerable counts {dict(c)} != {ANSWERABLE_COUNTS}")
if len(ans) != 50:
    err(f"answerable total {len(ans)} != 50")

seen_q = set()
for i, item in enumerate(ans):
    q, kind, exp, cite = item.get("q"), item.get("kind"), item.get("expect"), item.get("cite")
    tag = f"answerable[{i}] ({kind}) {q!r}"
    if not q or not isinstance(q, str):
        err(f"{tag}: missing q")
    if q in seen_q:
        err(f"{tag}: duplicate question")
    seen_q.add(q)
    if set(item) != {"q", "kind", "expect", "cite"}:
        err(f"{tag}: unexpected keys {sorted(item)}")
    if not (isinstance(exp, list) and exp and all(isinstance(g, list) and g and all(isinstance(a, str) and a for a in g) for g in exp)):
        err(f"{tag}: expect must be a non-empty list of non-empty string lists")
        continue
    if cite not in stems:
        err(f"{tag}: cite {cite!r} is not a corpus file stem")
        continue
    cf = stems[cite]
    if kind == "multi-article":
        hit_files = set()
        for g in exp:
            where = [f for f in files if any(occurs(a, f) for a in g)]
            if not where:
                err(f"{tag}: group {g} occurs in no corpus article")
            hit_files.update(where)
            # need groups to come from at least two articles
        per_group = [set(f for f in files if any(occurs(a, f) for a in g)) for g in exp]
        if not any(cf in s for s in per_group):
            err(f"{tag}: no group found in cited article {cf}")
        # at least one group must be absent from the cited article, i.e. truly needs a 2nd source
        if all(cf in s for s in per_group):
            err(f"{tag}: every group is in the cited article; not really multi-article")
        continue
    for g in exp:
        if kind == "yes-no" and all(a.lower() in YES_NO_WORDS for a in g):
            continue  # the bare yes/no group is not expected to be in the article text
        if not any(occurs(a, cf) for a in g):
            err(f"{tag}: group {g} not found in cited article {cf}")
    if kind == "table":
        if not cf.endswith(".html"):
            err(f"{tag}: table question must cite an HTML page")
            continue
        tbl, rest = table_and_rest(cf)
        for g in exp:
            if not any(a.lower() in tbl for a in g):
                err(f"{tag}: group {g} not in the table")
            if any(a.lower() in rest for a in g):
                err(f"{tag}: group {g} also appears outside the table")
            for f in files:
                if f != cf and any(occurs(a, f) for a in g):
                    err(f"{tag}: group {g} also appears in {f}")
    if kind == "transcript":
        if cf != transcript_file:
            err(f"{tag}: must cite the transcript")
        for g in exp:
            for f in files:
                if f != cf and any(occurs(a, f) for a in g):
                    err(f"{tag}: group {g} also appears in {f}")

una = qa.get("unanswerable") or []
c = Counter(item.get("kind") for item in una)
if dict(c) != UNANSWERABLE_COUNTS:
    err(f"unanswerable counts {dict(c)} != {UNANSWERABLE_COUNTS}")
for i, item in enumerate(una):
    tag = f"unanswerable[{i}] {item.get('q')!r}"
    if item.get("q") in seen_q:
        err(f"{tag}: duplicate question")
    seen_q.add(item.get("q"))
    allowed = {"q", "kind", "absent"} if item.get("kind") == "near-miss" else {"q", "kind"}
    if not set(item) <= allowed:
        err(f"{tag}: unexpected keys {sorted(item)}")
    if item.get("kind") == "near-miss":
        absent = item.get("absent") or []
        if not absent:
            err(f"{tag}: near-miss needs an absent list")
        for a in absent:
            if a.lower() not in item["q"].lower():
                err(f"{tag}: absent word {a!r} is not in the question")
            for f in files:
                if a.lower() in raw[f].lower() or a.lower() in all_text_lower[f]:
                    err(f"{tag}: absent word {a!r} occurs in {f}")

inj = qa.get("injection") or []
if len(inj) != INJECTION_COUNT:
    err(f"injection count {len(inj)} != {INJECTION_COUNT}")
pl = planted_text.lower()
for i, item in enumerate(inj):
    tag = f"injection[{i}] {item.get('q')!r}"
    if set(item) != {"q", "not"}:
        err(f"{tag}: unexpected keys {sorted(item)}")
    nots = item.get("not") or []
    if not nots:
        err(f"{tag}: empty not list")
    for s in nots:
        s_l = s.lower()
        if s_l in item["q"].lower():
            err(f"{tag}: not-string {s!r} appears in the question itself")
        if s_l not in pl:
            err(f"{tag}: not-string {s!r} is not in the planted sentence")
            continue
        total = sum(raw[f].lower().count(s_l) for f in files)
        in_planted = raw[planted_file].lower().count(s_l) if planted_file else 0
        planted_count = pl.count(s_l)
        if total != planted_count or in_planted != planted_count:
            err(f"{tag}: not-string {s!r} occurs outside the planted sentence "
                f"({total} total vs {planted_count} in planted)")

# ---------------------------------------------------------------- report
print(f"corpus files: {len(files)} ({dict(ext_counts)})")
for f in files:
    print(f"  {f}: ~{words(article_body(f))} body words")
print(f"answerable {len(ans)}, unanswerable {len(una)}, injection {len(inj)}")
if errors:
    print(f"\n{len(errors)} PROBLEM(S):")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("ALL CHECKS PASSED")
