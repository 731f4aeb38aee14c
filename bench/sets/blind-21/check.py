#!/usr/bin/env python3
"""Self-check for the blind-21 evaluation set. Prints OK or the list of failures."""
import html, os, re, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
fails = []

ANS_COUNTS = {"direct": 4, "paraphrase": 5, "who-role": 5, "rate": 5, "date": 5, "why": 4,
              "list": 4, "yes-no": 4, "multi-article": 4, "current-vs-earlier": 4,
              "table": 3, "transcript": 3}
UNANS_COUNTS = {"off-topic": 4, "near-miss": 5, "false-premise": 3}
NAME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(html|txt|md)$")


def strip_tags(s):
    return html.unescape(re.sub(r"<[^>]+>", " ", s))


def article_text(name, raw):
    """Text used for matching: tags stripped, entities unescaped, front matter removed."""
    if name.endswith(".html"):
        body = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
        return strip_tags(body)
    if name.endswith(".md"):
        raw = re.sub(r"\A---\n.*?\n---\n", "", raw, flags=re.S)
    return html.unescape(raw)


files = sorted(os.listdir(CORPUS))
raw = {}
text = {}
for f in files:
    if not NAME_RE.match(f):
        fails.append(f"bad file name: {f}")
    raw[f] = open(os.path.join(CORPUS, f), encoding="utf-8").read()
    text[f] = article_text(f, raw[f])
    n = len(re.findall(r"\S+", re.sub(r"[#*|>_-]+(?=\s)", " ", text[f])))
    if not 600 <= n <= 800:
        fails.append(f"{f}: {n} words (need 600-800)")
stems = {os.path.splitext(f)[0]: f for f in files}
exts = [os.path.splitext(f)[1] for f in files]
if len(files) != 10:
    fails.append(f"corpus has {len(files)} files, need 10")
for e, want in ((".html", 4), (".txt", 3), (".md", 3)):
    if exts.count(e) != want:
        fails.append(f"need {want} {e} files, have {exts.count(e)}")

# format-specific features
htmls = [f for f in files if f.endswith(".html")]
feat = {"jsonld": 0, "og": 0, "live": 0, "nometa": 0, "table": 0, "srnote": 0}
for f in htmls:
    r = raw[f]
    if '"NewsArticle"' in r and "application/ld+json" in r: feat["jsonld"] += 1
    if "og:title" in r and "article:published_time" in r: feat["og"] += 1
    if 'rel="canonical"' in r and "<time" in r: feat["live"] += 1
    if "<meta" not in r and "ld+json" not in r: feat["nometa"] += 1
    if "<table" in r: feat["table"] += 1
    if 'class="sr-note"' in r: feat["srnote"] += 1
for k, v in feat.items():
    if v != 1:
        fails.append(f"html feature {k}: found in {v} pages, need exactly 1")
mds = [f for f in files if f.endswith(".md")]
fm = [f for f in mds if raw[f].startswith("---\n")]
if len(fm) != 2:
    fails.append(f"need 2 md files with front matter (article + transcript), have {len(fm)}")
transcripts = [f for f in mds if "transcript" in f]
if len(transcripts) != 1:
    fails.append("need exactly one transcript md (file name containing 'transcript')")

corpus_all_lower = " ".join(text.values()).lower() + " " + " ".join(raw.values()).lower()

qa = yaml.safe_load(open(os.path.join(HERE, "qa.yaml"), encoding="utf-8"))
ans = qa.get("answerable") or []
unans = qa.get("unanswerable") or []
inj = qa.get("injection") or []


def count(items):
    c = {}
    for it in items:
        c[it.get("kind")] = c.get(it.get("kind"), 0) + 1
    return c


if len(ans) != 50: fails.append(f"answerable: {len(ans)} (need 50)")
if count(ans) != ANS_COUNTS: fails.append(f"answerable kinds {count(ans)} != {ANS_COUNTS}")
if len(unans) != 12: fails.append(f"unanswerable: {len(unans)} (need 12)")
if count(unans) != UNANS_COUNTS: fails.append(f"unanswerable kinds {count(unans)} != {UNANS_COUNTS}")
if len(inj) != 5: fails.append(f"injection: {len(inj)} (need 5)")
qs = [it.get("q", "") for it in ans + unans + inj]
if len(set(qs)) != len(qs): fails.append("duplicate questions")


def has(t, alts):
    t = t.lower()
    return [a for a in alts if a.lower() in t]


def table_text(r):
    m = re.search(r"(?is)<table\b.*?</table>", r)
    return (strip_tags(m.group(0)), strip_tags(re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", r[:m.start()] + r[m.end():]))) if m else ("", "")


def speaker_turns(r):
    return "\n".join(l for l in r.splitlines() if re.match(r"^\*\*(?:[A-Z][A-Z .'-]+|Q \([^)]*\)):\*\*", l))


for i, it in enumerate(ans):
    tag = f"answerable[{i}] ({it.get('kind')}) {it.get('q','')[:50]!r}"
    cite, exp = it.get("cite"), it.get("expect")
    if cite not in stems:
        fails.append(f"{tag}: cite {cite!r} not in corpus"); continue
    if not exp or not all(isinstance(g, list) and g for g in exp):
        fails.append(f"{tag}: expect must be a non-empty list of non-empty lists"); continue
    f = stems[cite]
    kind = it.get("kind")
    if kind == "multi-article":
        used = []
        for g in exp:
            hit = [s for s, fn in stems.items() if has(text[fn], g)]
            if not hit: fails.append(f"{tag}: group {g} matches no article")
            used.append(set(hit))
        if any(all(s in u for u in used) for s in stems):
            fails.append(f"{tag}: a single article satisfies all groups (need 2+ articles)")
        if not any(cite in u for u in used):
            fails.append(f"{tag}: cited article matches none of the groups")
        continue
    content = exp[1:] if kind == "yes-no" else exp
    for g in content:
        if not has(text[f], g):
            fails.append(f"{tag}: group {g} not found in {f}")
    if kind == "yes-no":
        first = [a.lower() for a in exp[0]]
        if not (set(first) <= {"yes", "no"}) or len(exp) < 2:
            fails.append(f"{tag}: yes-no needs a yes/no group first plus a content group")
    if kind == "table":
        inside, outside = table_text(raw[f])
        if not inside: fails.append(f"{tag}: cited article has no table")
        for g in exp:
            if not has(inside, g): fails.append(f"{tag}: group {g} not in table")
            if has(outside, g): fails.append(f"{tag}: group {g} also occurs outside the table")
    if kind == "transcript":
        if f not in transcripts: fails.append(f"{tag}: must cite the transcript")
        turns = speaker_turns(raw[f])
        for g in exp:
            if not has(turns, g): fails.append(f"{tag}: group {g} not in a speaker turn")

for i, it in enumerate(unans):
    if it.get("kind") == "near-miss":
        ab = it.get("absent") or []
        if not ab: fails.append(f"unanswerable[{i}]: near-miss needs absent words")
        for w in ab:
            if w.lower() in corpus_all_lower:
                fails.append(f"unanswerable[{i}]: absent word {w!r} occurs in corpus")

planted = []
for f in htmls:
    planted += [strip_tags(m) for m in re.findall(r'(?is)<span class="sr-note">(.*?)</span>', raw[f])]
planted_l = " ".join(planted).lower()
if len(planted) != 1: fails.append(f"need exactly 1 planted sr-note, found {len(planted)}")
for i, it in enumerate(inj):
    nots = it.get("not") or []
    if not nots: fails.append(f"injection[{i}]: needs not strings")
    for s in nots:
        s_l = s.lower()
        if s_l not in planted_l:
            fails.append(f"injection[{i}]: {s!r} not in the planted sentence")
        total = sum(r.lower().count(s_l) for r in raw.values())
        if total != planted_l.count(s_l):
            fails.append(f"injection[{i}]: {s!r} occurs outside the planted sentence")

if fails:
    print("FAILED:")
    for x in fails: print(" -", x)
    sys.exit(1)
print("OK")
