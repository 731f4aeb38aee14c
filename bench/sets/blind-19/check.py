#!/usr/bin/env python3
"""Self-check for blind evaluation set blind-19."""
import html, os, re, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
errors = []

def fail(msg):
    errors.append(msg)

def strip_html(raw):
    raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
    raw = re.sub(r"(?s)<!--.*?-->", " ", raw)
    raw = re.sub(r"(?s)<[^>]+>", " ", raw)
    return html.unescape(raw)

def text_of(path, raw):
    if path.endswith(".html"):
        return strip_html(raw)
    return raw

def norm(s):
    return re.sub(r"\s+", " ", s).lower()

# ---- corpus files ----
files = sorted(os.listdir(CORPUS))
name_re = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
raw, text = {}, {}
for f in files:
    if not name_re.match(f):
        fail(f"bad file name: {f}")
        continue
    p = os.path.join(CORPUS, f)
    with open(p, encoding="utf-8") as fh:
        r = fh.read()
    stem = f.rsplit(".", 1)[0]
    raw[stem] = (f, r)
    text[stem] = norm(text_of(f, r))
if len(files) != 10:
    fail(f"expected 10 corpus files, got {len(files)}")
exts = [f.rsplit(".", 1)[1] for f in files]
for ext, n in (("html", 4), ("txt", 3), ("md", 3)):
    if exts.count(ext) != n:
        fail(f"expected {n} .{ext} files, got {exts.count(ext)}")
for stem, (f, r) in raw.items():
    wc = len(re.findall(r"\S+", text_of(f, r)))
    if not 600 <= wc <= 800:
        fail(f"{f}: {wc} words (need 600-800)")

# ---- format features ----
htmls = {s: r for s, (f, r) in raw.items() if f.endswith(".html")}
def count_html(pred):
    return sum(1 for r in htmls.values() if pred(r))
if count_html(lambda r: '"NewsArticle"' in r and "application/ld+json" in r) < 1:
    fail("no HTML page with JSON-LD NewsArticle")
if count_html(lambda r: 'property="og:' in r and "article:published_time" in r) < 1:
    fail("no HTML page with Open Graph + article:published_time")
if count_html(lambda r: 'rel="canonical"' in r and "liveblog" in r.lower()) < 1:
    fail("no live blog with canonical link")
if count_html(lambda r: "<meta" not in r.lower() or not re.search(r'(?i)<meta[^>]+(name|property)=', r)) < 1:
    fail("no HTML page without metadata")
tables = [s for s, r in htmls.items() if "<table" in r]
if len(tables) != 1:
    fail(f"expected exactly one HTML page with a <table>, got {tables}")
inj_pages = [s for s, r in htmls.items() if 'class="sr-note"' in r]
if len(inj_pages) != 1:
    fail(f"expected exactly one page with sr-note, got {inj_pages}")
mds = {s: r for s, (f, r) in raw.items() if f.endswith(".md")}
fm = [s for s, r in mds.items() if r.startswith("---\n")]
if len(fm) != 2:
    fail(f"expected 2 md files with front matter (article + transcript), got {fm}")
transcripts = [s for s, r in mds.items() if r.startswith("---\n") and re.search(r"(?m)^\*\*[A-Z][A-Z .'-]+:\*\*", r)]
if len(transcripts) != 1:
    fail(f"expected one transcript md with speaker labels, got {transcripts}")
for s in fm:
    head = mds[s].split("---", 2)[1]
    try:
        meta = yaml.safe_load(head)
        for k in ("title", "date"):
            if k not in meta:
                fail(f"{s}: front matter lacks {k}")
        if "source" not in meta and "url" not in meta:
            fail(f"{s}: front matter lacks source/url")
    except Exception as e:
        fail(f"{s}: bad front matter {e}")

# ---- qa.yaml ----
with open(os.path.join(HERE, "qa.yaml"), encoding="utf-8") as fh:
    qa = yaml.safe_load(fh)
want = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4,
        "list": 4, "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4, "table": 3,
        "transcript": 3}
ans = qa.get("answerable", [])
if len(ans) != 50:
    fail(f"answerable: {len(ans)} (need 50)")
for k, n in want.items():
    c = sum(1 for a in ans if a.get("kind") == k)
    if c != n:
        fail(f"answerable kind {k}: {c} (need {n})")
una = qa.get("unanswerable", [])
if len(una) != 12:
    fail(f"unanswerable: {len(una)} (need 12)")
for k, n in (("off-topic", 4), ("near-miss", 5), ("false-premise", 3)):
    c = sum(1 for a in una if a.get("kind") == k)
    if c != n:
        fail(f"unanswerable kind {k}: {c} (need {n})")
inj = qa.get("injection", [])
if len(inj) != 5:
    fail(f"injection: {len(inj)} (need 5)")

def table_text(r):
    return norm(strip_html(" ".join(re.findall(r"(?is)<table\b.*?</table>", r))))
def nontable_text(r):
    return norm(strip_html(re.sub(r"(?is)<table\b.*?</table>", " ", r)))
def speaker_turns(r):
    return norm(" ".join(l for l in r.splitlines() if re.match(r"^\*\*[A-Z][A-Z .'-]+:\*\*", l)))

seen_q = set()
for i, a in enumerate(ans):
    q, kind, cite, exp = a.get("q"), a.get("kind"), a.get("cite"), a.get("expect")
    tag = f"answerable[{i}] ({kind}) {q!r}"
    if not q or not exp or not cite:
        fail(f"{tag}: missing q/expect/cite"); continue
    if q in seen_q:
        fail(f"{tag}: duplicate question")
    seen_q.add(q)
    if cite not in text:
        fail(f"{tag}: cite {cite} does not exist"); continue
    if not all(isinstance(g, list) and g for g in exp):
        fail(f"{tag}: expect must be list of non-empty lists"); continue
    if kind == "multi-article":
        used = set()
        for g in exp:
            hits = [s for s in text if any(alt.lower() in text[s] for alt in g)]
            if not hits:
                fail(f"{tag}: group {g} matches no article")
            used.update(hits)
        if len(used) < 2:
            fail(f"{tag}: groups together need 2+ articles, got {used}")
        if not any(any(alt.lower() in text[cite] for alt in g) for g in exp):
            fail(f"{tag}: cited article matches no group")
        continue
    for g in exp:
        if not any(alt.lower() in text[cite] for alt in g):
            fail(f"{tag}: group {g} not found in {cite}")
    if kind == "yes-no":
        flat = [alt.lower() for g in exp for alt in g]
        if not any(x in ("yes", "no") for x in flat):
            fail(f"{tag}: yes-no needs a yes/no group")
    if kind == "table":
        r = raw[cite][1]
        if cite not in tables:
            fail(f"{tag}: cited article has no table")
        tt, nt = table_text(r), nontable_text(r)
        for g in exp:
            if not any(alt.lower() in tt for alt in g):
                fail(f"{tag}: group {g} not in table")
            for alt in g:
                if alt.lower() in nt:
                    fail(f"{tag}: {alt!r} also occurs outside the table")
                for s in text:
                    if s != cite and alt.lower() in text[s]:
                        fail(f"{tag}: {alt!r} also occurs in {s}")
    if kind == "transcript":
        if cite not in transcripts:
            fail(f"{tag}: cite is not the transcript")
        st = speaker_turns(raw[cite][1])
        for g in exp:
            if not any(alt.lower() in st for alt in g):
                fail(f"{tag}: group {g} not in a speaker turn")

alltext = " ".join(text.values())
for i, u in enumerate(una):
    if not u.get("q"):
        fail(f"unanswerable[{i}]: missing q")
    if u.get("kind") == "near-miss":
        ab = u.get("absent") or []
        if not ab:
            fail(f"unanswerable[{i}]: near-miss needs absent words")
        for w in ab:
            if w.lower() in alltext:
                fail(f"unanswerable[{i}]: absent word {w!r} occurs in corpus")

# injection strings only inside planted sentence
if inj_pages:
    r = htmls[inj_pages[0]]
    notes = re.findall(r'(?is)<span class="sr-note">(.*?)</span>', r)
    note = norm(html.unescape(" ".join(notes)))
    outside = norm(strip_html(re.sub(r'(?is)<span class="sr-note">.*?</span>', " ", r)))
    others = [text[s] for s in text if s != inj_pages[0]]
    if not re.search(r"\.sr-note\s*\{[^}]*(clip|display:\s*none|position:\s*absolute)", r):
        fail("sr-note is not visually hidden by CSS")
    for i, j in enumerate(inj):
        nots = j.get("not") or []
        if not j.get("q") or not nots:
            fail(f"injection[{i}]: missing q/not")
        for n in nots:
            if n.lower() not in note:
                fail(f"injection[{i}]: {n!r} not in planted sentence")
            if n.lower() in outside or any(n.lower() in o for o in others):
                fail(f"injection[{i}]: {n!r} occurs outside planted sentence")

if errors:
    for e in errors:
        print("FAIL:", e)
    sys.exit(1)
print("OK")
