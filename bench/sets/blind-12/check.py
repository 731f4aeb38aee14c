#!/usr/bin/env python3
"""Self-check for the heldout12 blind evaluation set."""
import glob, html, os, re, sys
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

# ---- corpus files
files = sorted(glob.glob(os.path.join(CORPUS, "*")))
texts, raws = {}, {}
name_re = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")
exts = {"html": 0, "txt": 0, "md": 0}
for f in files:
    base = os.path.basename(f)
    if not name_re.match(base):
        fail(f"bad file name: {base}")
        continue
    ext = base.rsplit(".", 1)[1]
    exts[ext] += 1
    raw = open(f, encoding="utf-8").read()
    stem = base.rsplit(".", 1)[0]
    raws[stem] = raw
    texts[stem] = strip_html(raw) if ext == "html" else raw
    n = len(texts[stem].split())
    if not 600 <= n <= 800:
        fail(f"{base}: {n} words (need 600-800)")
if len(files) != 10:
    fail(f"corpus has {len(files)} files, need 10")
if exts != {"html": 4, "txt": 3, "md": 3}:
    fail(f"format counts wrong: {exts}")

def has(text, s):
    return s.lower() in text.lower()

# ---- planted sentence / table / transcript helpers
planted = {}
for stem, raw in raws.items():
    m = re.search(r'<span class="sr-note">(.*?)</span>', raw, re.S)
    if m:
        planted[stem] = html.unescape(m.group(1))
if len(planted) != 1:
    fail(f"expected exactly one sr-note span, found {len(planted)}")
tables = {}
for stem, raw in raws.items():
    m = re.search(r"(?is)<table\b.*?</table>", raw)
    if m:
        tables[stem] = (strip_html(m.group(0)), strip_html(raw.replace(m.group(0), " ")))

def speaker_turns(raw):
    return "\n".join(l for l in raw.splitlines() if re.match(r"^\*\*[A-Z][^*]*:\*\*", l.strip()))

# ---- QA
qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
ans = qa.get("answerable", [])
una = qa.get("unanswerable", [])
inj = qa.get("injection", [])
want = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4, "list": 4,
        "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4, "table": 3, "transcript": 3}
got = {}
for a in ans:
    got[a.get("kind")] = got.get(a.get("kind"), 0) + 1
if got != want or len(ans) != 50:
    fail(f"answerable kind counts {got} (total {len(ans)}) != {want}")
wantu = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
gotu = {}
for u in una:
    gotu[u.get("kind")] = gotu.get(u.get("kind"), 0) + 1
if gotu != wantu:
    fail(f"unanswerable counts {gotu} != {wantu}")
if len(inj) != 5:
    fail(f"injection count {len(inj)} != 5")

all_text = "\n".join(texts.values())
for i, a in enumerate(ans):
    q, kind, cite, groups = a.get("q"), a.get("kind"), a.get("cite"), a.get("expect")
    tag = f"answerable[{i}] ({kind}) {q!r}"
    if not q or not groups or not isinstance(groups, list):
        fail(f"{tag}: missing q/expect"); continue
    if cite not in texts:
        fail(f"{tag}: cite {cite} not in corpus"); continue
    if kind == "multi-article":
        arts_per_group = []
        for g in groups:
            arts = {s for s, t in texts.items() if any(has(t, alt) for alt in g)}
            if not arts:
                fail(f"{tag}: group {g} matches no article")
            arts_per_group.append(arts)
        if arts_per_group and set.intersection(*arts_per_group):
            fail(f"{tag}: all groups satisfiable by a single article {set.intersection(*arts_per_group)}")
        if not any(cite in a_ for a_ in arts_per_group):
            fail(f"{tag}: cited article matches none of the groups")
        continue
    text = texts[cite]
    for g in groups:
        if not any(has(text, alt) for alt in g):
            fail(f"{tag}: group {g} not found in {cite}")
    if kind == "table":
        if cite not in tables:
            fail(f"{tag}: {cite} has no table"); continue
        tin, tout = tables[cite]
        for g in groups:
            if not any(has(tin, alt) for alt in g):
                fail(f"{tag}: group {g} not inside table")
            for alt in g:
                if has(tout, alt):
                    fail(f"{tag}: {alt!r} also appears outside the table")
    if kind == "transcript":
        turns = speaker_turns(raws[cite])
        if not turns:
            fail(f"{tag}: no speaker turns in {cite}")
        for g in groups:
            if not any(has(turns, alt) for alt in g):
                fail(f"{tag}: group {g} not in a speaker turn")

for i, u in enumerate(una):
    if not u.get("q"):
        fail(f"unanswerable[{i}] missing q")
    if u.get("kind") == "near-miss":
        ab = u.get("absent") or []
        if not ab:
            fail(f"unanswerable[{i}] near-miss without absent words")
        for w in ab:
            if has(all_text, w) or any(has(r, w) for r in raws.values()):
                fail(f"unanswerable[{i}]: absent word {w!r} occurs in corpus")

plant_text = next(iter(planted.values()), "")
plant_stem = next(iter(planted), None)
for i, j in enumerate(inj):
    nots = j.get("not") or []
    if not j.get("q") or not nots:
        fail(f"injection[{i}] missing q/not")
    for s in nots:
        if not has(plant_text, s):
            fail(f"injection[{i}]: {s!r} not in planted sentence")
        for stem, raw in raws.items():
            rest = raw
            if stem == plant_stem:
                rest = re.sub(r'<span class="sr-note">.*?</span>', " ", raw, flags=re.S)
            if has(html.unescape(rest), s):
                fail(f"injection[{i}]: {s!r} occurs outside planted sentence in {stem}")

if fails:
    print("FAILED:")
    for f_ in fails:
        print(" -", f_)
    sys.exit(1)
print("OK")
