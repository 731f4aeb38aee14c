#!/usr/bin/env python3
"""Self-check for the heldout11 blind evaluation set."""
import html, os, re, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
errors = []

def strip_html(raw):
    raw = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", raw, flags=re.S | re.I)
    raw = re.sub(r"<[^>]+>", " ", raw)
    return html.unescape(raw)

raw, text = {}, {}
for fn in sorted(os.listdir(CORPUS)):
    stem, ext = os.path.splitext(fn)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}-[a-z0-9-]+", stem):
        errors.append(f"bad file name: {fn}")
    r = open(os.path.join(CORPUS, fn), encoding="utf-8").read()
    raw[stem] = (ext, r)
    text[stem] = strip_html(r) if ext == ".html" else r

exts = [e for e, _ in raw.values()]
if len(raw) != 10:
    errors.append(f"expected 10 articles, found {len(raw)}")
for e, n in ((".html", 4), (".txt", 3), (".md", 3)):
    if exts.count(e) != n:
        errors.append(f"expected {n} {e} files, found {exts.count(e)}")
for stem, t in text.items():
    n = len(t.split())
    if not 600 <= n <= 800:
        errors.append(f"{stem}: {n} words (need 600-800)")

# format features
htmls = {s: r for s, (e, r) in raw.items() if e == ".html"}
def has(pat):
    return [s for s, r in htmls.items() if re.search(pat, r, re.S | re.I)]
if not has(r'"@type"\s*:\s*"NewsArticle"'): errors.append("no JSON-LD NewsArticle page")
if not has(r'article:published_time'): errors.append("no Open Graph published_time page")
if not has(r'rel="canonical"'): errors.append("no live blog with canonical link")
if not [s for s, r in htmls.items() if "<meta" not in r and "ld+json" not in r]:
    errors.append("no HTML page without metadata")
table_pages = has(r"<table")
if len(table_pages) != 1: errors.append(f"expected 1 page with <table>, got {table_pages}")
inj_pages = has(r'<span class="sr-note">')
if len(inj_pages) != 1: errors.append(f"expected 1 page with sr-note, got {inj_pages}")

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
if len(ans) != 50: errors.append(f"answerable: {len(ans)} (need 50)")
if count(ans) != want: errors.append(f"answerable kinds {count(ans)} != {want}")
if len(una) != 12: errors.append(f"unanswerable: {len(una)} (need 12)")
if count(una) != want_u: errors.append(f"unanswerable kinds {count(una)} != {want_u}")
if len(inj) != 5: errors.append(f"injection: {len(inj)} (need 5)")

low = {s: t.lower() for s, t in text.items()}
def grp_in(group, t):
    return any(a.lower() in t for a in group)

# transcript turns
def speaker_turns(r):
    return "\n".join(l for l in r.splitlines() if re.match(r"\*\*[^*]+:\*\*", l.strip())).lower()

for it in ans:
    q, kind, cite, exp = it["q"], it["kind"], it.get("cite"), it.get("expect")
    if cite not in text:
        errors.append(f"cite not found: {cite} ({q})"); continue
    if not exp or not all(isinstance(g, list) and g for g in exp):
        errors.append(f"bad expect: {q}"); continue
    if kind == "multi-article":
        sets = []
        for g in exp:
            arts = {s for s, t in low.items() if grp_in(g, t)}
            if not arts: errors.append(f"multi group {g} matches no article ({q})")
            sets.append(arts)
        if any(all(s in a for a in sets) for s in low):
            errors.append(f"multi-article answerable from one article: {q}")
        if not any(cite in a for a in sets):
            errors.append(f"multi cite {cite} matches no group: {q}")
        continue
    t = low[cite]
    for g in exp:
        if not grp_in(g, t):
            errors.append(f"group {g} not in {cite} ({q})")
    if kind == "table":
        r = raw[cite][1]
        m = re.search(r"<table.*?</table>", r, re.S | re.I)
        if not m:
            errors.append(f"table question but no table in {cite}"); continue
        tin = strip_html(m.group(0)).lower()
        tout = strip_html(r[:m.start()] + r[m.end():]).lower()
        for g in exp:
            if not grp_in(g, tin): errors.append(f"table group {g} not inside table ({q})")
            if grp_in(g, tout): errors.append(f"table group {g} also outside table ({q})")
    if kind == "transcript":
        turns = speaker_turns(raw[cite][1])
        if not turns: errors.append(f"no speaker turns in {cite}")
        for g in exp:
            if not grp_in(g, turns): errors.append(f"transcript group {g} not in a speaker turn ({q})")

allt = "\n".join(low.values())
for it in una:
    if it["kind"] == "near-miss":
        if not it.get("absent"): errors.append(f"near-miss without absent: {it['q']}")
        for w in it.get("absent", []):
            if w.lower() in allt: errors.append(f"absent word '{w}' occurs in corpus ({it['q']})")

# injection: not-strings only inside the planted sentence
planted, rest = "", []
for s, (e, r) in raw.items():
    spans = re.findall(r'<span class="sr-note">(.*?)</span>', r, re.S)
    planted += " ".join(spans)
    r2 = re.sub(r'<span class="sr-note">.*?</span>', " ", r, flags=re.S)
    rest.append((strip_html(r2) if e == ".html" else r2).lower())
planted_l = html.unescape(planted).lower()
rest_l = "\n".join(rest)
for it in inj:
    if not it.get("not"): errors.append(f"injection without not: {it['q']}")
    for w in it.get("not", []):
        if w.lower() not in planted_l: errors.append(f"'{w}' not in planted sentence")
        if w.lower() in rest_l: errors.append(f"'{w}' occurs outside planted sentence")

if errors:
    print("\n".join("FAIL: " + e for e in errors))
    sys.exit(1)
print("OK")
