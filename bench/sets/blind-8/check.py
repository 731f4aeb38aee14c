#!/usr/bin/env python3
"""Self-check for the heldout8 blind evaluation set."""
import html, os, re, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
fails = []

def fail(msg):
    fails.append(msg)

def strip_html(raw):
    t = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
    t = re.sub(r"<[^>]+>", " ", t)
    return html.unescape(t)

def norm(t):
    return re.sub(r"\s+", " ", t).lower()

# ---- corpus files
files = sorted(os.listdir(CORPUS))
name_re = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.(html|txt|md)$")
if len(files) != 10:
    fail(f"expected 10 corpus files, found {len(files)}")
exts = {"html": 0, "txt": 0, "md": 0}
raw, text = {}, {}
for f in files:
    if not name_re.match(f):
        fail(f"bad file name: {f}")
        continue
    stem, ext = f.rsplit(".", 1)
    exts[ext] += 1
    r = open(os.path.join(CORPUS, f), encoding="utf-8").read()
    raw[stem] = r
    text[stem] = strip_html(r) if ext == "html" else r
    n = len(text[stem].split())
    if not 600 <= n <= 800:
        fail(f"{f}: {n} words (need 600-800)")
if exts != {"html": 4, "txt": 3, "md": 3}:
    fail(f"format counts wrong: {exts}")

# ---- format features
htmls = {s: raw[s] for s in raw if os.path.exists(os.path.join(CORPUS, s + ".html"))}
if not any('"NewsArticle"' in r for r in htmls.values()):
    fail("no JSON-LD NewsArticle page")
if not any("article:published_time" in r and "og:title" in r for r in htmls.values()):
    fail("no Open Graph page with article:published_time")
if not any('rel="canonical"' in r and r.count('class="entry"') >= 5 for r in htmls.values()):
    fail("no live blog with canonical link")
if not any("<meta" not in r.replace('<meta charset="utf-8">', "") and "ld+json" not in r
           and "canonical" not in r for r in htmls.values()):
    fail("no HTML page without metadata")
tables = [s for s, r in htmls.items() if "<table" in r]
if len(tables) != 1:
    fail(f"expected exactly one HTML page with a <table>, found {tables}")
notes = [(s, m) for s, r in htmls.items() for m in re.findall(r'(?s)<span class="sr-note">(.*?)</span>', r)]
if len(notes) != 1:
    fail(f"expected exactly one sr-note span, found {len(notes)}")
if not re.search(r"\.sr-note\s*\{[^}]*(-9999px|display:\s*none|clip)", "".join(htmls.values())):
    fail("sr-note is not visually hidden by CSS")
md_stems = [s for s in raw if os.path.exists(os.path.join(CORPUS, s + ".md"))]
fm = [s for s in md_stems if raw[s].startswith("---\n")]
transcripts = [s for s in fm if re.search(r"(?m)^\*\*[A-Z][A-Z ().]+:\*\*", raw[s])]
if len(fm) != 2 or len(transcripts) != 1:
    fail(f"md: need 2 with front matter (1 transcript), got fm={fm} transcripts={transcripts}")
for s in fm:
    head = raw[s].split("---", 2)[1]
    for key in ("title", "date"):
        if not re.search(rf"(?m)^{key}:", head):
            fail(f"{s}: front matter lacks {key}")
    if not re.search(r"(?m)^(source|url):", head):
        fail(f"{s}: front matter lacks source/url")

# ---- qa.yaml
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
ans, una, inj = qa.get("answerable", []), qa.get("unanswerable", []), qa.get("injection", [])
want_a = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4, "list": 4,
          "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4, "table": 3, "transcript": 3}
want_u = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
def count(items):
    c = {}
    for it in items:
        c[it.get("kind")] = c.get(it.get("kind"), 0) + 1
    return c
if len(ans) != 50 or count(ans) != want_a:
    fail(f"answerable counts wrong: {len(ans)} {count(ans)}")
if len(una) != 12 or count(una) != want_u:
    fail(f"unanswerable counts wrong: {len(una)} {count(una)}")
if len(inj) != 5:
    fail(f"injection count {len(inj)} != 5")

ntext = {s: norm(t) for s, t in text.items()}
alltext = " ".join(ntext.values())

# table text vs rest
table_stem = tables[0] if tables else None
if table_stem:
    r = raw[table_stem]
    table_txt = norm(strip_html(" ".join(re.findall(r"(?is)<table.*?</table>", r))))
    outside = {s: ntext[s] for s in ntext}
    outside[table_stem] = norm(strip_html(re.sub(r"(?is)<table.*?</table>", " ", r)))
# transcript speaker turns
turn_txt = ""
if transcripts:
    turn_txt = norm(" ".join(re.findall(r"(?m)^\*\*[A-Z][A-Z ().]+:\*\*.*$", raw[transcripts[0]])))

for i, it in enumerate(ans):
    q, kind, cite, groups = it.get("q"), it.get("kind"), it.get("cite"), it.get("expect")
    tag = f"answerable[{i}] ({kind}): {q!r}"
    if not q or not groups or not isinstance(groups, list):
        fail(f"{tag}: missing q/expect")
        continue
    if cite not in ntext:
        fail(f"{tag}: cite {cite!r} not in corpus")
        continue
    groups = [[a.lower() for a in g] for g in groups]
    if kind == "multi-article":
        for g in groups:
            if not any(any(a in t for a in g) for t in ntext.values()):
                fail(f"{tag}: group {g} matches no article")
        single = [s for s, t in ntext.items() if all(any(a in t for a in g) for g in groups)]
        if single:
            fail(f"{tag}: all groups answerable from one article {single}")
        if not any(any(a in ntext[cite] for a in g) for g in groups):
            fail(f"{tag}: cited article matches no group")
        continue
    content = groups[1:] if kind == "yes-no" else groups
    for g in content:
        if not any(a in ntext[cite] for a in g):
            fail(f"{tag}: group {g} not in {cite}")
    if kind == "table":
        if cite != table_stem:
            fail(f"{tag}: table question must cite the table page")
        for g in groups:
            if not any(a in table_txt for a in g):
                fail(f"{tag}: group {g} not inside <table>")
            for a in g:
                for s, t in outside.items():
                    if a in t:
                        fail(f"{tag}: {a!r} also occurs outside the table in {s}")
    if kind == "transcript":
        if cite not in transcripts:
            fail(f"{tag}: must cite the transcript")
        for g in groups:
            if not any(a in turn_txt for a in g):
                fail(f"{tag}: group {g} not in a speaker turn")
            for a in g:
                for s, t in ntext.items():
                    if s != cite and a in t:
                        fail(f"{tag}: {a!r} also occurs in {s}")
    if kind == "yes-no":
        if not any(a in ("yes", "no", "not") for a in groups[0]):
            fail(f"{tag}: first group must be a yes/no group")

for i, it in enumerate(una):
    if not it.get("q"):
        fail(f"unanswerable[{i}]: missing q")
    if it.get("kind") == "near-miss":
        ab = it.get("absent") or []
        if not ab:
            fail(f"unanswerable[{i}]: near-miss without absent words")
        for w in ab:
            if w.lower() in alltext:
                fail(f"unanswerable[{i}]: absent word {w!r} occurs in corpus")

note_txt = norm(html.unescape(notes[0][1])) if notes else ""
for i, it in enumerate(inj):
    nots = it.get("not") or []
    if not it.get("q") or not nots:
        fail(f"injection[{i}]: missing q/not")
    for w in nots:
        wl = w.lower()
        if wl not in note_txt:
            fail(f"injection[{i}]: {w!r} not in planted sentence")
        rest = alltext.replace(note_txt, " ")
        if wl in rest:
            fail(f"injection[{i}]: {w!r} occurs outside planted sentence")
        if wl in it["q"].lower():
            fail(f"injection[{i}]: question itself contains {w!r}")

if fails:
    print("\n".join("FAIL: " + f for f in fails))
    sys.exit(1)
print("OK")
