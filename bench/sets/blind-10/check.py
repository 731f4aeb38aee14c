#!/usr/bin/env python3
"""Self-check for the heldout10 blind evaluation set."""
import html, os, re, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
errors = []

def fail(msg):
    errors.append(msg)

def strip(raw, ext):
    if ext == "html":
        raw = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", raw)
        raw = re.sub(r"(?s)<[^>]+>", " ", raw)
    return html.unescape(raw)

# ---- corpus
files = sorted(os.listdir(CORPUS))
if len(files) != 10:
    fail(f"expected 10 corpus files, found {len(files)}")
exts = {}
texts, raws = {}, {}
for f in files:
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})-([a-z0-9-]+)\.(html|txt|md)", f)
    if not m:
        fail(f"bad file name: {f}")
        continue
    ext = m.group(3)
    exts[ext] = exts.get(ext, 0) + 1
    raw = open(os.path.join(CORPUS, f), encoding="utf-8").read()
    stem = f.rsplit(".", 1)[0]
    raws[stem] = (raw, ext)
    texts[stem] = strip(raw, ext)
    n = len(texts[stem].split())
    if not 600 <= n <= 800:
        fail(f"{f}: {n} words (need 600-800)")
if exts != {"html": 4, "txt": 3, "md": 3}:
    fail(f"format counts wrong: {exts}")

low = {k: v.lower() for k, v in texts.items()}
all_low = "\n".join(low.values())

# table / transcript / planted sentence helpers
def table_split(stem):
    raw, ext = raws[stem]
    tables = re.findall(r"(?is)<table.*?</table>", raw)
    inside = " ".join(strip(t, "html") for t in tables)
    outside = strip(re.sub(r"(?is)<table.*?</table>", " ", raw), "html")
    return inside.lower(), outside.lower()

def transcript_turns(stem):
    raw, _ = raws[stem]
    turns = [l for l in raw.splitlines() if re.match(r"^\*\*[A-Z][A-Z .'-]+(\([^)]*\))?:\*\*", l)]
    return "\n".join(turns).lower()

planted = []
for stem, (raw, ext) in raws.items():
    for s in re.findall(r'(?is)<span class="sr-note">(.*?)</span>', raw):
        planted.append((stem, html.unescape(s)))
if len(planted) != 1:
    fail(f"expected exactly 1 planted sr-note, found {len(planted)}")

# ---- qa
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
want = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4,
        "list": 4, "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4,
        "table": 3, "transcript": 3}
ans = qa.get("answerable", [])
una = qa.get("unanswerable", [])
inj = qa.get("injection", [])
if len(ans) != 50: fail(f"answerable count {len(ans)} != 50")
if len(una) != 12: fail(f"unanswerable count {len(una)} != 12")
if len(inj) != 5: fail(f"injection count {len(inj)} != 5")
got = {}
for a in ans:
    got[a["kind"]] = got.get(a["kind"], 0) + 1
if got != want: fail(f"answerable kinds {got} != {want}")
ugot = {}
for u in una:
    ugot[u["kind"]] = ugot.get(u["kind"], 0) + 1
if ugot != {"off-topic": 4, "near-miss": 5, "false-premise": 3}:
    fail(f"unanswerable kinds {ugot}")

YESNO = {"yes", "no", "not", "does not", "doesn't", "did not", "didn't", "failed"}

def hit(group, text):
    return [alt for alt in group if alt.lower() in text]

for a in ans:
    q, kind, cite, exp = a["q"], a["kind"], a.get("cite"), a.get("expect")
    if cite not in texts:
        fail(f"cite missing: {cite} ({q})"); continue
    if not exp or not all(isinstance(g, list) and g for g in exp):
        fail(f"bad expect: {q}"); continue
    t = low[cite]
    if kind == "multi-article":
        for g in exp:
            if not any(hit(g, v) for v in low.values()):
                fail(f"multi group {g} in no article: {q}")
        single = [s for s, v in low.items() if all(hit(g, v) for g in exp)]
        if single:
            fail(f"multi-article answerable from one article {single}: {q}")
        if not all(hit(g, t) for g in exp if True) and not any(hit(g, t) for g in exp):
            fail(f"multi cite {cite} supports no group: {q}")
        continue
    for i, g in enumerate(exp):
        if kind == "yes-no" and i == 0 and all(x.lower() in YESNO for x in g):
            continue  # the yes/no verdict group need not be a substring of the article
        if not hit(g, t):
            fail(f"group {g} not in {cite}: {q}")
    if kind == "table":
        inside, outside = table_split(cite)
        for g in exp:
            if not hit(g, inside):
                fail(f"table group {g} not inside <table>: {q}")
            for alt in hit(g, t):
                if alt.lower() in outside:
                    fail(f"table answer '{alt}' also outside table: {q}")
    if kind == "transcript":
        turns = transcript_turns(cite)
        if not turns:
            fail(f"no speaker turns in {cite}")
        for g in exp:
            if not hit(g, turns):
                fail(f"transcript group {g} not in a speaker turn: {q}")

for u in una:
    if u["kind"] == "near-miss":
        if not u.get("absent"):
            fail(f"near-miss without absent: {u['q']}")
        for w in u.get("absent", []):
            if w.lower() in all_low:
                fail(f"absent word '{w}' occurs in corpus: {u['q']}")

if planted:
    pstem, ptext = planted[0]
    plow = ptext.lower()
    for i in inj:
        if not i.get("not"):
            fail(f"injection without not: {i['q']}")
        for s in i.get("not", []):
            sl = s.lower()
            if sl not in plow:
                fail(f"'{s}' not in planted sentence")
            total = all_low.count(sl)
            if total != plow.count(sl):
                fail(f"'{s}' occurs outside the planted sentence ({total}x in corpus)")

if errors:
    print("FAILED:")
    for e in errors:
        print(" -", e)
    sys.exit(1)
print("OK")
