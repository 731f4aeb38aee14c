#!/usr/bin/env python3
"""Self-check for heldout3: corpus + qa.yaml consistency. Exit 0 if all checks pass."""
import html
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent
CORPUS = ROOT / "corpus"
QA = ROOT / "qa.yaml"

ANSWERABLE_COUNTS = {
    "direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4,
    "list": 4, "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4,
    "table": 3, "transcript": 3,
}
UNANSWERABLE_COUNTS = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
INJECTION_COUNT = 5
FORMAT_COUNTS = {".html": 4, ".txt": 3, ".md": 3}
PLANTED_RE = re.compile(r'<span class="sr-note"[^>]*>(.*?)</span>', re.S | re.I)

errors = []


def err(msg):
    errors.append(msg)


def html_to_text(raw):
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S | re.I)
    raw = re.sub(r"<[^>]+>", " ", raw)
    return re.sub(r"\s+", " ", html.unescape(raw))


def load_corpus():
    docs = {}
    for p in sorted(CORPUS.iterdir()):
        raw = p.read_text(encoding="utf-8")
        planted = [html_to_text(m) for m in PLANTED_RE.findall(raw)]
        clean_raw = PLANTED_RE.sub(" ", raw)
        if p.suffix == ".html":
            # keep JSON-LD / meta out of "visible" text, but searchable full text includes everything
            text = html_to_text(clean_raw)
            full = html.unescape(clean_raw) + " " + text
        else:
            text = clean_raw
            full = clean_raw
        docs[p.stem] = {"path": p, "raw": raw, "text": text, "full": full, "planted": planted}
    return docs


def contains(hay, needle):
    return needle.lower() in hay.lower()


def body_words(d):
    p, raw = d["path"], d["raw"]
    if p.suffix == ".html":
        m = re.search(r"<article\b.*?</article>", raw, re.S | re.I)
        if not m:
            m = re.search(r"<section class=\"entries\">.*?</section>", raw, re.S | re.I)
        if not m:
            m = re.search(r"<h1>.*?(?=<div class=\"readmore\")", raw, re.S | re.I)
        seg = m.group(0) if m else raw
        return len(html_to_text(PLANTED_RE.sub(" ", seg)).split())
    txt = raw
    if txt.startswith("---\n"):
        txt = txt.split("\n---\n", 1)[1]
    return len(txt.split())


def check_corpus(docs):
    name_re = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.(html|txt|md)$")
    fmt = Counter()
    fm = 0
    for stem, d in docs.items():
        p = d["path"]
        if not name_re.match(p.name):
            err(f"bad file name: {p.name}")
        fmt[p.suffix] += 1
        n = body_words(d)
        if not 400 <= n <= 900:
            err(f"{p.name}: body word count {n} outside 400-900")
        if p.suffix == ".md" and d["raw"].startswith("---\n"):
            front = yaml.safe_load(d["raw"].split("\n---\n", 1)[0][4:])
            for k in ("title", "date", "url"):
                if k not in front:
                    err(f"{p.name}: front matter lacks {k}")
            if not ({"source", "outlet"} & set(front)):
                err(f"{p.name}: front matter lacks source/outlet")
            fm += 1
        print(f"  {p.name:50s} {n:4d} words")
    if len(docs) != 10:
        err(f"corpus has {len(docs)} files, expected 10")
    for ext, n in FORMAT_COUNTS.items():
        if fmt[ext] != n:
            err(f"expected {n} {ext} files, found {fmt[ext]}")
    if fm != 2:
        err(f"expected 2 markdown files with front matter, found {fm}")
    # HTML metadata variants
    feats = {}
    for stem, d in docs.items():
        if d["path"].suffix != ".html":
            continue
        r = d["raw"]
        feats[stem] = (
            "ogtime+table" if 'article:published_time' in r and 'og:title' in r and '<table' in r else
            "live+canonical" if 'rel="canonical"' in r and 'og:site_name' in r and 'datetime=' in r else
            "jsonld" if '"NewsArticle"' in r else
            "bare" if '<meta' not in r else "other")
    if sorted(feats.values()) != sorted(["ogtime+table", "live+canonical", "jsonld", "bare"]):
        err(f"HTML metadata variants wrong: {feats}")
    planted = [s for d in docs.values() for s in d["planted"]]
    if len(planted) != 1:
        err(f"expected exactly 1 planted sentence, found {len(planted)}")
    return planted


def check_qa(docs, planted):
    qa = yaml.safe_load(QA.read_text(encoding="utf-8"))
    if set(qa) != {"answerable", "unanswerable", "injection"}:
        err(f"top-level keys: {sorted(qa)}")
    ans, una, inj = qa.get("answerable", []), qa.get("unanswerable", []), qa.get("injection", [])

    c = Counter(x.get("kind") for x in ans)
    if dict(c) != ANSWERABLE_COUNTS or len(ans) != 50:
        err(f"answerable counts {dict(c)} (total {len(ans)})")
    c = Counter(x.get("kind") for x in una)
    if dict(c) != UNANSWERABLE_COUNTS or len(una) != 12:
        err(f"unanswerable counts {dict(c)} (total {len(una)})")
    if len(inj) != INJECTION_COUNT:
        err(f"injection count {len(inj)}")

    qs = [x["q"] for x in ans + una + inj]
    for q, n in Counter(qs).items():
        if n > 1:
            err(f"duplicate question: {q}")

    for i, item in enumerate(ans):
        tag = f"answerable[{i}] ({item.get('kind')}): {item.get('q')!r}"
        if set(item) != {"q", "kind", "expect", "cite"}:
            err(f"{tag}: keys {sorted(item)}")
            continue
        stem = item["cite"]
        if stem not in docs:
            err(f"{tag}: cite {stem!r} is not a corpus file")
            continue
        groups = item["expect"]
        if not groups or not all(isinstance(g, list) and g and all(isinstance(a, str) for a in g) for g in groups):
            err(f"{tag}: malformed expect")
            continue
        doc = docs[stem]
        kind = item["kind"]
        if kind == "multi-article":
            hits = set()
            for g in groups:
                where = [s for s, d in docs.items() if any(contains(d["full"], a) for a in g)]
                if not where:
                    err(f"{tag}: group {g} occurs in no corpus article")
                hits.update(where)
            if not any(any(contains(doc["full"], a) for a in g) for g in groups):
                err(f"{tag}: no group occurs in cited article")
            if len(hits) < 2:
                err(f"{tag}: groups come from fewer than two articles")
        else:
            for g in groups:
                if not any(contains(doc["full"], a) for a in g):
                    err(f"{tag}: group {g} not found in {stem}")
        if kind == "table":
            m = re.search(r"<table\b.*?</table>", doc["raw"], re.S | re.I)
            if not m:
                err(f"{tag}: cited article has no <table>")
            else:
                tbl = html_to_text(m.group(0))
                outside = html_to_text(doc["raw"].replace(m.group(0), " "))
                ok = any(any(contains(tbl, a) for a in g)
                         and not any(contains(outside, a) for a in g) for g in groups)
                if not ok:
                    err(f"{tag}: answer is not confined to the table")
        if kind == "transcript":
            if not re.search(r"^\*\*[A-Z]+:\*\*", doc["raw"], re.M):
                err(f"{tag}: cited article is not a speaker-labelled transcript")
            others = [d for s, d in docs.items() if s != stem]
            ok = any(not any(contains(o["full"], a) for o in others for a in g) for g in groups)
            if not ok:
                err(f"{tag}: every expect group also occurs outside the transcript")

    corpus_all = " ".join(d["full"] for d in docs.values())
    for i, item in enumerate(una):
        tag = f"unanswerable[{i}] ({item.get('kind')}): {item.get('q')!r}"
        allowed = {"q", "kind", "absent"} if item.get("kind") == "near-miss" else {"q", "kind"}
        if set(item) != allowed:
            err(f"{tag}: keys {sorted(item)}")
        if item.get("kind") == "near-miss":
            for w in item.get("absent") or []:
                if contains(corpus_all, w):
                    err(f"{tag}: absent word {w!r} occurs in corpus")
            if not item.get("absent"):
                err(f"{tag}: near-miss without absent list")

    planted_text = " ".join(planted)
    for i, item in enumerate(inj):
        tag = f"injection[{i}]: {item.get('q')!r}"
        if set(item) != {"q", "not"} or not item.get("not"):
            err(f"{tag}: keys {sorted(item)}")
            continue
        for s in item["not"]:
            if not contains(planted_text, s):
                err(f"{tag}: {s!r} not in the planted sentence")
            if contains(corpus_all, s):
                err(f"{tag}: {s!r} occurs outside the planted sentence")
            if contains(item["q"], s):
                err(f"{tag}: {s!r} appears in the question itself")


def main():
    docs = load_corpus()
    print("corpus:")
    planted = check_corpus(docs)
    check_qa(docs, planted)
    if errors:
        print(f"\nFAIL: {len(errors)} problem(s)")
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("\nOK: all checks passed")


if __name__ == "__main__":
    main()
