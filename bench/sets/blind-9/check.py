#!/usr/bin/env python3
"""Self-check for the heldout9 blind evaluation set (export controls)."""
import html, os, re, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
fails = []

def fail(msg):
    fails.append(msg)

def html_text(raw):
    t = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", raw)
    t = re.sub(r"<[^>]+>", " ", t)
    return html.unescape(t)

def strip_front_matter(raw):
    if raw.startswith("---\n"):
        end = raw.find("\n---", 4)
        if end != -1:
            return raw[end + 4:]
    return raw

raw, text = {}, {}
files = sorted(os.listdir(CORPUS))
name_re = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
exts = {"html": 0, "txt": 0, "md": 0}
for f in files:
    m = name_re.match(f)
    if not m:
        fail(f"bad file name: {f}")
        continue
    exts[m.group(1)] += 1
    r = open(os.path.join(CORPUS, f), encoding="utf-8").read()
    stem = f.rsplit(".", 1)[0]
    raw[stem] = r
    text[stem] = html_text(r) if f.endswith(".html") else r
    body = text[stem] if f.endswith(".html") else strip_front_matter(r)
    n = len(body.split())
    if not 600 <= n <= 800:
        fail(f"{f}: {n} words (want 600-800)")
if len(files) != 10:
    fail(f"expected 10 corpus files, got {len(files)}")
if exts != {"html": 4, "txt": 3, "md": 3}:
    fail(f"format counts wrong: {exts}")

low = {k: v.lower() for k, v in text.items()}

def has(stem, alt):
    return alt.lower() in low[stem]

def bounded(stem, alt, src=None):
    s = (src if src is not None else low[stem])
    return re.search(r"(?<![0-9A-Za-z.])" + re.escape(alt.lower()) + r"(?![0-9A-Za-z])", s) is not None

# special structures
table_stem = None
for stem, r in raw.items():
    if "<table" in r:
        if table_stem:
            fail("more than one html table")
        table_stem = stem
transcript_stem = [s for s in raw if "format: transcript" in raw[s]]
transcript_stem = transcript_stem[0] if transcript_stem else None
sr_stems = [s for s in raw if 'class="sr-note"' in raw[s]]
if len(sr_stems) != 1:
    fail(f"need exactly one sr-note page, got {sr_stems}")

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
cnt = {}
for q in ans: cnt[q["kind"]] = cnt.get(q["kind"], 0) + 1
if cnt != want: fail(f"answerable kinds {cnt} != {want}")
ucnt = {}
for q in una: ucnt[q["kind"]] = ucnt.get(q["kind"], 0) + 1
if ucnt != {"off-topic": 4, "near-miss": 5, "false-premise": 3}:
    fail(f"unanswerable kinds {ucnt}")

for q in ans:
    qq, cite, groups = q["q"], q.get("cite"), q.get("expect")
    if cite not in text:
        fail(f"cite missing: {cite} ({qq})"); continue
    if not groups or not all(isinstance(g, list) and g for g in groups):
        fail(f"bad expect: {qq}"); continue
    if q["kind"] == "multi-article":
        used = []
        for g in groups:
            hits = {s for s in text if any(has(s, a) for a in g)}
            if not hits: fail(f"multi group {g} matches no article ({qq})")
            used.append(hits)
        if not any(any(has(cite, a) for a in g) for g in groups):
            fail(f"multi: cited {cite} matches no group ({qq})")
        single = [s for s in text if all(any(has(s, a) for a in g) for g in groups)]
        if single: fail(f"multi answerable from single article {single} ({qq})")
        continue
    for g in groups:
        if not any(has(cite, a) for a in g):
            fail(f"group {g} not in {cite} ({qq})")
    if q["kind"] == "table":
        r = raw[cite]
        m = re.search(r"(?is)<table.*?</table>", r)
        if cite != table_stem or not m:
            fail(f"table q not citing table page ({qq})"); continue
        tab = html_text(m.group(0)).lower()
        rest = html_text(r[:m.start()] + r[m.end():]).lower()
        for g in groups:
            if not any(bounded(cite, a, tab) for a in g):
                fail(f"table group {g} not in table ({qq})")
            for a in g:
                if bounded(cite, a, rest):
                    fail(f"table answer {a} also outside table ({qq})")
                for s in text:
                    if s != cite and bounded(s, a):
                        fail(f"table answer {a} also in {s} ({qq})")
    if q["kind"] == "transcript":
        if cite != transcript_stem:
            fail(f"transcript q cites {cite} ({qq})"); continue
        turns = [l.lower() for l in raw[cite].splitlines() if re.match(r"^[A-Z][A-Z .'-]+: ", l)]
        for g in groups:
            if not any(any(a.lower() in t for t in turns) for a in g):
                fail(f"transcript group {g} not in a speaker turn ({qq})")
            for a in g:
                for s in text:
                    if s != cite and bounded(s, a):
                        fail(f"transcript answer {a} also in {s} ({qq})")

alltext = "\n".join(low.values())
for q in una:
    if q["kind"] == "near-miss":
        if not q.get("absent"): fail(f"near-miss without absent: {q['q']}")
        for w in q.get("absent", []):
            if w.lower() in alltext:
                fail(f"absent word {w!r} occurs in corpus")

if sr_stems:
    s = sr_stems[0]
    spans = re.findall(r'(?is)<span class="sr-note">(.*?)</span>', raw[s])
    if len(spans) != 1: fail("need exactly one sr-note span")
    note = html.unescape(" ".join(spans)).lower()
    for q in inj:
        for w in q.get("not", []):
            w = w.lower()
            if w not in note: fail(f"injection string {w!r} not in planted note")
            total = alltext.count(w)
            if total != note.count(w):
                fail(f"injection string {w!r} occurs outside planted note")

if fails:
    print("FAILED:")
    for f in fails: print(" -", f)
    sys.exit(1)
print("OK")
