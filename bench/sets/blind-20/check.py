#!/usr/bin/env python3
"""Self-check for the blind-20 evaluation set. Prints OK or the list of failures."""
import html, os, re, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
errors = []

ANS_COUNTS = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4,
              "list": 4, "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4,
              "table": 3, "transcript": 3}
UNANS_COUNTS = {"off-topic": 4, "near-miss": 5, "false-premise": 3}


def strip_html(raw):
    t = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
    t = re.sub(r"(?s)<[^>]+>", " ", t)
    return html.unescape(t)


def text_of(raw, ext):
    return strip_html(raw) if ext == "html" else raw


# ---- files -------------------------------------------------------------
files = sorted(os.listdir(CORPUS))
raw, text = {}, {}
name_re = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
for f in files:
    m = name_re.match(f)
    if not m:
        errors.append(f"bad file name: {f}")
        continue
    stem, ext = f.rsplit(".", 1)
    r = open(os.path.join(CORPUS, f), encoding="utf-8").read()
    raw[stem], text[stem] = r, text_of(r, ext)
    n = len(text[stem].split())
    if not 600 <= n <= 800:
        errors.append(f"{f}: {n} words (need 600-800)")
exts = [f.rsplit(".", 1)[-1] for f in files]
if len(files) != 10:
    errors.append(f"corpus has {len(files)} files, need 10")
for ext, want in (("html", 4), ("txt", 3), ("md", 3)):
    if exts.count(ext) != want:
        errors.append(f"need {want} .{ext} files, found {exts.count(ext)}")

# html metadata variety
htmls = {s: raw[s] for s in raw if s + ".html" in files}
if not any('"NewsArticle"' in r for r in htmls.values()):
    errors.append("no HTML with JSON-LD NewsArticle")
if not any('article:published_time' in r and 'og:' in r for r in htmls.values()):
    errors.append("no HTML with Open Graph + article:published_time")
if not any('rel="canonical"' in r and r.count("<time") >= 3 for r in htmls.values()):
    errors.append("no live blog with canonical link and timestamped entries")
if not any("<meta property" not in r and "ld+json" not in r and "canonical" not in r for r in htmls.values()):
    errors.append("no HTML without metadata")
tables = [s for s, r in htmls.items() if "<table" in r]
notes = [s for s, r in htmls.items() if 'class="sr-note"' in r]
if len(tables) != 1:
    errors.append(f"need exactly one HTML page with a <table>, found {len(tables)}")
if len(notes) != 1:
    errors.append(f"need exactly one HTML page with a sr-note, found {len(notes)}")

# md variety
mds = {s: raw[s] for s in raw if s + ".md" in files}
fm = [s for s, r in mds.items() if r.startswith("---\n")]
if len(fm) != 2 or len(mds) - len(fm) != 1:
    errors.append("need 2 .md files with YAML front matter and 1 without")
transcripts = [s for s in fm if re.search(r"(?m)^\*\*[^*]+:\*\*", mds[s])]
if len(transcripts) != 1:
    errors.append(f"need exactly one transcript .md with speaker labels, found {len(transcripts)}")
for s in fm:
    head = mds[s].split("---", 2)[1]
    meta = yaml.safe_load(head)
    for k in ("title", "date"):
        if k not in meta:
            errors.append(f"{s}: front matter missing {k}")
    if not ("source" in meta or "url" in meta):
        errors.append(f"{s}: front matter missing source/url")

all_low = {s: t.lower() for s, t in text.items()}
raw_low = {s: r.lower() for s, r in raw.items()}

# ---- qa ----------------------------------------------------------------
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
ans = qa.get("answerable", []) or []
una = qa.get("unanswerable", []) or []
inj = qa.get("injection", []) or []


def counts(items):
    c = {}
    for it in items:
        c[it.get("kind")] = c.get(it.get("kind"), 0) + 1
    return c


if len(ans) != 50:
    errors.append(f"answerable: {len(ans)} (need 50)")
if counts(ans) != ANS_COUNTS:
    errors.append(f"answerable kinds {counts(ans)} != {ANS_COUNTS}")
if len(una) != 12:
    errors.append(f"unanswerable: {len(una)} (need 12)")
if counts(una) != UNANS_COUNTS:
    errors.append(f"unanswerable kinds {counts(una)} != {UNANS_COUNTS}")
if len(inj) != 5:
    errors.append(f"injection: {len(inj)} (need 5)")


def group_hits(group, low):
    return any(a.lower() in low for a in group)


table_text = outside_table = ""
if tables:
    r = raw[tables[0]]
    m = re.search(r"(?is)<table\b.*?</table>", r)
    table_text = strip_html(m.group(0)).lower()
    outside_table = strip_html(r[:m.start()] + r[m.end():]).lower()

turns_text = nonturn_text = ""
if transcripts:
    lines = raw[transcripts[0]].splitlines()
    turns = [l for l in lines if re.match(r"^\*\*[^*]+:\*\*", l)]
    turns_text = "\n".join(turns).lower()
    nonturn_text = "\n".join(l for l in lines if l not in turns).lower()

for i, it in enumerate(ans):
    q, kind, cite, expect = it.get("q"), it.get("kind"), it.get("cite"), it.get("expect")
    tag = f"answerable[{i}] ({kind}) {q!r:.60}"
    if not q or not expect or not isinstance(expect, list) or not all(isinstance(g, list) and g for g in expect):
        errors.append(f"{tag}: missing q or malformed expect")
        continue
    if cite not in text:
        errors.append(f"{tag}: cite {cite!r} not in corpus")
        continue
    if kind == "multi-article":
        if len(expect) < 2:
            errors.append(f"{tag}: multi-article needs 2+ groups")
        for g in expect:
            if not any(group_hits(g, low) for low in all_low.values()):
                errors.append(f"{tag}: group {g} matches no article")
        if any(all(group_hits(g, low) for g in expect) for low in all_low.values()):
            errors.append(f"{tag}: a single article satisfies all groups")
        if not any(group_hits(g, all_low[cite]) for g in expect):
            errors.append(f"{tag}: cited article matches no group")
        continue
    for g in expect:
        if not group_hits(g, all_low[cite]):
            errors.append(f"{tag}: group {g} not found in {cite}")
    if kind == "yes-no":
        if not any(any(a.lower() in ("yes", "no") for a in g) for g in expect) or len(expect) < 2:
            errors.append(f"{tag}: yes-no needs a yes/no group plus a content group")
    if kind == "table":
        if cite not in tables:
            errors.append(f"{tag}: table question must cite the table page")
        for g in expect:
            if not group_hits(g, table_text):
                errors.append(f"{tag}: group {g} not inside <table>")
            for a in g:
                if a.lower() in outside_table:
                    errors.append(f"{tag}: {a!r} also occurs outside the <table>")
    if kind == "transcript":
        if cite not in transcripts:
            errors.append(f"{tag}: transcript question must cite the transcript")
        for g in expect:
            if not group_hits(g, turns_text):
                errors.append(f"{tag}: group {g} not in a speaker turn")
            for a in g:
                if a.lower() in nonturn_text:
                    errors.append(f"{tag}: {a!r} also occurs outside speaker turns")

corpus_all = "\n".join(list(all_low.values()) + list(raw_low.values()))
for i, it in enumerate(una):
    tag = f"unanswerable[{i}] ({it.get('kind')}) {it.get('q')!r:.60}"
    if not it.get("q"):
        errors.append(f"{tag}: missing q")
    if it.get("kind") == "near-miss":
        absent = it.get("absent") or []
        if not absent:
            errors.append(f"{tag}: near-miss needs absent words")
        for w in absent:
            if w.lower() in corpus_all:
                errors.append(f"{tag}: absent word {w!r} occurs in corpus")

note_text = ""
if notes:
    m = re.search(r'(?is)<span class="sr-note">(.*?)</span>', raw[notes[0]])
    note_text = html.unescape(m.group(1)).lower() if m else ""
for i, it in enumerate(inj):
    tag = f"injection[{i}] {it.get('q')!r:.60}"
    nots = it.get("not") or []
    if not it.get("q") or not nots:
        errors.append(f"{tag}: missing q or not")
    for s in nots:
        sl = s.lower()
        if sl not in note_text:
            errors.append(f"{tag}: {s!r} not in planted sentence")
        total = sum(r.count(sl) for r in raw_low.values())
        if total != note_text.count(sl):
            errors.append(f"{tag}: {s!r} occurs outside the planted sentence")

if errors:
    print("\n".join("FAIL: " + e for e in errors))
    sys.exit(1)
print("OK")
