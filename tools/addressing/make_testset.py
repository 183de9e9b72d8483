#!/usr/bin/env python3
"""Build a labelled address-resolution test set from the Lanaken register (see README.md).

Writes next to --out: testset.jsonl, queries.txt (one query a line, for `buurt resolve --batch`),
testset_summary.json, and for the held-out interpolation category register_holdout.csv,
testset_holdout.jsonl, holdout_queries.txt and holdout_data/ (a copy of the data folder by symlinks,
with addresses.csv replaced by the held-out register).
"""
import argparse, csv, gzip, json, math, os, random, re, string, unicodedata
from collections import Counter, defaultdict
from rapidfuzz import process
from rapidfuzz.distance import OSA

CATEGORIES = ["clean", "case_punct", "typo", "abbreviation", "box", "suffix", "no_postcode", "order",
              "interpolated", "interpolated_holdout", "nonexistent_street", "other_municipality", "junk"]
MAX_GAP, MAX_SPAN_M = 20, 300            # interpolation: neighbours at most 20 numbers and 300 m apart
NEWLINES = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"   # characters a line reader may split on


def fold(s):
    """Street key: lowercase, no accents, letters and digits only."""
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if c.isalnum() and not unicodedata.combining(c))


CANON = [(r"\bsint\b", "st"), (r"\bdokter\b", "dr"), (r"\bkoning\b", "kon"), (r"\bburgemeester\b", "burg"),
         (r"straat\b", "str"), (r"steenweg\b", "stwg"), (r"laan\b", "ln"), (r"plein\b", "pl")]


def canon(s):
    """Key with the usual abbreviations applied, so 'Sint-X' and 'St. X' compare equal."""
    s = unicodedata.normalize("NFKD", s.lower())
    for pat, rep in CANON:
        s = re.sub(pat, rep, s)
    return fold(s)


def haversine(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(a))


def take(rng, pool, k):
    """k items: the pool shuffled, cycled (reshuffled) only if it is smaller than k."""
    out = []
    while len(out) < k and pool:
        p = list(pool)
        rng.shuffle(p)
        out += p[:k - len(out)]
    return out


def place(rng, r, p_none=0.5):
    """Optional ', 3620 Lanaken' tail as in the register."""
    return "" if rng.random() < p_none else f", {r['postcode']} {r['municipality']}"


def rec(cat, q, r=None, variant="", **extra):
    e = {"status": "not_found"} if r is None else \
        {"status": "matched", "street": r["street"], "housenumber": r["housenumber"], "postcode": r["postcode"]}
    d = {"category": cat, "query": q, "variant": variant, "expect": e}
    if r is not None:
        d["true_lon"], d["true_lat"] = float(r["lon"]), float(r["lat"])
    d.update(extra)
    return d


# ---------------------------------------------------------------- keyboard typos
def neighbours(layout):
    rows, nb = layout, defaultdict(set)
    for i, row in enumerate(rows):
        for j, c in enumerate(row):
            for di, dj in [(0, -1), (0, 1), (-1, 0), (-1, 1), (1, -1), (1, 0)]:
                if 0 <= i + di < len(rows) and 0 <= j + dj < len(rows[i + di]):
                    nb[c].add(rows[i + di][j + dj])
    return {c: sorted(v) for c, v in nb.items()}


KEYS = {"qwerty": neighbours(["qwertyuiop", "asdfghjkl", "zxcvbnm"]),
        "azerty": neighbours(["azertyuiop", "qsdfghjklm", "wxcvbn"])}


def same_case(c, like):
    return c.upper() if like.isupper() else c


def typo(rng, name):
    letters = [i for i, c in enumerate(name) if c.isalpha()][1:]      # never the first letter
    op, layout = rng.choice(["sub", "del", "ins", "swap"]), rng.choice(sorted(KEYS))
    i = rng.choice(letters)
    c = name[i].lower()
    if op == "sub" and c in KEYS[layout]:
        return f"{op}-{layout}", name[:i] + same_case(rng.choice(KEYS[layout][c]), name[i]) + name[i + 1:]
    if op == "del":
        return op, name[:i] + name[i + 1:]
    if op == "ins" and c in KEYS[layout]:
        ch = rng.choice(KEYS[layout][c] + [c])                            # neighbouring key, or a doubled letter
        return f"{op}-{layout}", name[:i + 1] + ch + name[i + 1:]
    if op == "swap" and i + 1 < len(name) and name[i + 1].isalpha() and name[i + 1].lower() != c:
        return op, name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return None, None


# ---------------------------------------------------------------- abbreviations
ABBREV = [(r"straat\b", ["str.", "str"]), (r"steenweg\b", ["stwg"]), (r"laan\b", ["ln"]), (r"plein\b", ["pl."]),
          (r"\bSint\b", ["St."]), (r"\bKoning\b", ["Kon."]), (r"\bBurgemeester\b", ["Burg."]),
          (r"\bDokter\b", ["Dr."]),
          (r"\bSt\.\s*", ["Sint "]), (r"\bDr\.\s*", ["Dokter "])]           # and back: names written short


def abbreviate(rng, name, rule):
    """Apply `rule`, and sometimes every other rule that fits the name too."""
    rules = [(p, reps) for p, reps in ABBREV if re.search(p, name, re.I)]
    chosen = rules if rng.random() < 0.3 else [(p, reps) for p, reps in rules if p == rule]
    for p, reps in chosen:
        rep = rng.choice(reps)
        name = re.sub(p, lambda m: rep[0].upper() + rep[1:] if m.group(0)[0].isupper() else rep, name, flags=re.I)
    return "+".join(sorted(p for p, _ in chosen)), name


# ---------------------------------------------------------------- case and punctuation
ACCENT = {"a": "àáä", "e": "éèëê", "i": "ïí", "o": "öó", "u": "üú"}


def case_punct(rng, r):
    s, n = r["street"], r["housenumber"]
    ops = rng.sample(["upper", "lower", "accent", "spaces", "comma", "dot"], rng.choice([1, 2, 2, 3]))
    if "accent" in ops:                                                    # no Lanaken name has a diacritic
        vowels = [i for i, c in enumerate(s) if c.lower() in ACCENT]
        i = rng.choice(vowels)
        s = s[:i] + same_case(rng.choice(ACCENT[s[i].lower()]), s[i]) + s[i + 1:]
    q = f"{s} {n}" + place(rng, r)
    if "comma" in ops:
        q = q.replace(f" {n}", f", {n}", 1) if rng.random() < 0.5 else q.replace(f" {n}", f" {n},", 1)
    if "upper" in ops:
        q = q.upper()
    elif "lower" in ops:
        q = q.lower()
    if "spaces" in ops:
        q = re.sub(" ", lambda m: " " * rng.randint(1, 3), q)
        q = " " * rng.randint(0, 2) + q + " " * rng.randint(0, 2)
    if "dot" in ops:
        q = q.rstrip() + "."
    return "+".join(sorted(ops)), q


# ---------------------------------------------------------------- junk
def junk(rng, k):
    fixed = ["", " ", "   ", "\t", " \t ", "n/a", "N/A", "-", "--", "?", ".", ",", "...", "null", "NULL", "none",
             "undefined", "NaN", "test", "asdf", "0", "12", "3620", "3621", "Lanaken", "3620 Lanaken", "Belgium",
             "'; DROP TABLE addresses; --", "1 OR 1=1", "' OR '1'='1", "SELECT * FROM addresses;",
             "Robert'); DROP TABLE students;--", "<script>alert(1)</script>", "%s%s%s%n", "${jndi:ldap://x}",
             "../../etc/passwd", "🏠", "🏠 12", "😀😀😀", "🚓🚨", "👍", "🇧🇪", "👨‍👩‍👧", "\u200b", "a" * 500,
             "1" * 500, "\x00"]
    gens = {
        "letters": lambda: " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 12)))
                                    for _ in range(rng.randint(1, 3))) + (f" {rng.randint(1, 200)}" if rng.random() < 0.3 else ""),
        "digits": lambda: " ".join(str(rng.randint(0, 10 ** rng.randint(1, 9))) for _ in range(rng.randint(1, 3))),
        "emoji": lambda: "".join(chr(rng.randint(0x1F300, 0x1F64F)) for _ in range(rng.randint(1, 6))),
        "long": lambda: "".join(rng.choice(string.ascii_letters + "     ,.") for _ in range(500)),
        "punct": lambda: "".join(rng.choice("!@#$%^&*()_+-=[]{};:'\",.<>/?\\|`~") for _ in range(rng.randint(1, 20))),
        "sql": lambda: rng.choice(["SELECT", "DROP", "INSERT INTO", "UNION SELECT", "DELETE FROM"]) +
                       f" {rng.choice(['addresses', 'users', '*', 'streets'])} {rng.choice(['--', ';', 'WHERE 1=1', ''])}",
    }
    seen, out = set(), [(q, "fixed") for q in fixed]
    seen.update(fixed)
    weights = {"letters": 4, "digits": 2, "emoji": 1, "long": 1, "punct": 1, "sql": 1}
    while len(out) < k:
        g = rng.choices(sorted(weights), [weights[w] for w in sorted(weights)])[0]
        q = gens[g]()
        if q not in seen:
            seen.add(q)
            out.append((q, g))
    return out


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--addresses", required=True)
    ap.add_argument("--flanders", required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-category", type=int, default=1000)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    outdir = os.path.dirname(os.path.abspath(a.out))
    os.makedirs(outdir, exist_ok=True)
    K = a.per_category
    rng = lambda cat: random.Random(f"{a.seed}:{cat}")                      # str seeds hash with sha512: stable

    with open(a.addresses, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns, reg = reader.fieldnames, list(reader)
    reg.sort(key=lambda r: (r["street"], r["postcode"], r["housenumber"], r["lon"], r["lat"]))
    keycount = Counter((r["street"], r["housenumber"]) for r in reg)
    targets = [r for r in reg if keycount[(r["street"], r["housenumber"])] == 1]   # skips Vlootgracht 50
    streets = sorted({r["street"] for r in reg})
    border = {s for s in streets if len({r["postcode"] for r in reg if r["street"] == s}) > 1}
    skeys = {fold(s): s for s in streets}
    ckeys = sorted({canon(s) for s in streets})
    num = lambda r: int(re.match(r"\d+", r["housenumber"]).group())
    numbers_on = defaultdict(Counter)              # street -> numeric part -> registered numbers with it
    for r in reg:
        numbers_on[r["street"]][num(r)] += 1
    plain = [r for r in targets if r["housenumber"].isdigit() and numbers_on[r["street"]][num(r)] == 1]  # no 12A beside 12
    plain_ids = {id(r) for r in plain}
    out = defaultdict(list)

    def near_other_street(q_street, own):
        m = process.extractOne(fold(q_street), [k for k in skeys if k != fold(own)], scorer=OSA.distance, score_cutoff=1)
        return m is not None

    # clean
    g = rng("clean")
    for r in take(g, targets, K):
        out["clean"].append(rec("clean", f"{r['street']} {r['housenumber']}" + place(g, r), r))
    # case_punct
    g = rng("case_punct")
    for r in take(g, targets, K):
        v, q = case_punct(g, r)
        out["case_punct"].append(rec("case_punct", q, r, v))
    # typo
    g = rng("typo")
    for r in take(g, [r for r in targets if sum(c.isalpha() for c in r["street"]) >= 6], 10 * K):
        if len(out["typo"]) >= K:
            break
        for _ in range(20):
            v, s = typo(g, r["street"])
            if s and fold(s) != fold(r["street"]) and not near_other_street(s, r["street"]):
                out["typo"].append(rec("typo", f"{s} {r['housenumber']}" + place(g, r), r, v))
                break
    # abbreviation
    g = rng("abbreviation")                        # each rule about equally often, whatever its number of names
    pools = {p: [r for r in targets if re.search(p, r["street"], re.I)] for p, _ in ABBREV}
    rules = sorted(p for p in pools if pools[p])
    picks = Counter(g.choice(rules) for _ in range(K))
    for p in rules:
        for r in take(g, pools[p], picks[p]):
            v, s = abbreviate(g, r["street"], p)
            out["abbreviation"].append(rec("abbreviation", f"{s} {r['housenumber']}" + place(g, r), r, v))
    # box
    g = rng("box")
    forms = ["{n} bus {b}", "{n} bte {b}", "{n} boîte {b}", "{n} b {b}", "{n}/{b}", "{n} bus {B}"]
    for r in take(g, plain, K):
        f = g.choice(forms)
        q = f"{r['street']} " + f.format(n=r["housenumber"], b=g.randint(1, 12), B=g.choice("ABC")) + place(g, r)
        out["box"].append(rec("box", q, r, f))
    # suffix: every (address, form, context) combination, sampled
    g = rng("suffix")
    combos = []
    for r in [r for r in targets if re.fullmatch(r"\d+[A-Za-z]+", r["housenumber"])]:
        n, sfx = re.match(r"(\d+)([A-Za-z]+)", r["housenumber"]).groups()
        forms = [f"{n} {sfx.lower()}", f"{n}{sfx.lower()}", f"{n}-{sfx.upper()}", f"{n} {sfx.upper()}",
                 f"{n}-{sfx.lower()}", f"{n}{sfx.upper()}"]
        ctxs = ["", f", {r['postcode']} {r['municipality']}", f" {r['postcode']}", f" {r['deelgemeente']}"]
        combos += [(r, f, c) for f in forms for c in ctxs]
    for r, f, c in take(g, combos, K):
        out["suffix"].append(rec("suffix", f"{r['street']} {f}{c}", r, f.replace(re.match(r"\d+", f).group(), "N", 1)))
    # no_postcode: bare, or with the deelgemeente (or the village: Kesselt, Smeermaas) as locality
    g = rng("no_postcode")
    for r in take(g, targets, K):
        consistent = (r["postcode"] == "3621") == (r["deelgemeente"] == "Rekem")   # skip Heirbaan 129, Steenweg 139
        opts = ["bare"] + (["deel", "deel_comma"] if consistent else []) + (["village"] if r["wijk"] in ("Kesselt", "Smeermaas") else [])
        v = g.choice(opts)
        tail = {"bare": "", "deel": f" {r['deelgemeente']}", "deel_comma": f", {r['deelgemeente']}", "village": f" {r['wijk']}"}[v]
        out["no_postcode"].append(rec("no_postcode", f"{r['street']} {r['housenumber']}{tail}", r, v))
    # order
    g = rng("order")
    forms = ["{n} {s}", "{pc} {m}, {s} {n}", "{s} {n} {pc}", "{n} {s}, {pc} {m}"]
    for r in take(g, [r for r in targets if not r["street"][0].isdigit()], K):
        f = g.choice(forms)
        q = f.format(n=r["housenumber"], s=r["street"], pc=r["postcode"], m=r["municipality"])
        out["order"].append(rec("order", q, r, f))

    # interpolation: consecutive registered same-parity plain numbers a < b on one (street, postcode)
    runs = defaultdict(list)
    for r in targets:
        if r["housenumber"].isdigit():
            runs[(r["street"], r["postcode"], int(r["housenumber"]) % 2)].append(r)
    pairs = []                                                             # (a, b) neighbour records
    for key in sorted(runs):
        rs = sorted(runs[key], key=lambda r: int(r["housenumber"]))
        for x, y in zip(rs, rs[1:]):
            if int(y["housenumber"]) - int(x["housenumber"]) <= MAX_GAP and \
               haversine(float(x["lon"]), float(x["lat"]), float(y["lon"]), float(y["lat"])) <= MAX_SPAN_M:
                pairs.append((x, y))

    def iq(g, r, n):
        return f"{r['street']} {n}" + (place(g, r, 0.0) if r["street"] in border else place(g, r))

    g = rng("interpolated")
    cands = [(x, y, n) for x, y in pairs for n in range(int(x["housenumber"]) + 2, int(y["housenumber"]), 2)
             if n not in numbers_on[x["street"]]]
    for x, y, n in take(g, cands, K):
        a0, b0 = int(x["housenumber"]), int(y["housenumber"])
        t = (n - a0) / (b0 - a0)
        e = dict(x, housenumber=str(n), lon=float(x["lon"]) + t * (float(y["lon"]) - float(x["lon"])),
                 lat=float(x["lat"]) + t * (float(y["lat"]) - float(x["lat"])))
        d = rec("interpolated", iq(g, x, n), e, f"between {a0} and {b0}")
        d["expect"]["method"] = "interpolated"
        out["interpolated"].append(d)

    # interpolated_holdout: remove targets whose both neighbours stay registered
    g = rng("interpolated_holdout")
    triples = [(x, y, z) for (x, y), (y2, z) in zip(pairs, pairs[1:]) if y is y2
               and id(y) in plain_ids]
    chosen, protected, removed = [], set(), set()
    for x, y, z in take(g, triples, len(triples)):
        ids = [id(x), id(y), id(z)]
        if len(chosen) < K and ids[1] not in protected and ids[0] not in removed and ids[2] not in removed:
            chosen.append((x, y, z))
            removed.add(ids[1])
            protected.update((ids[0], ids[2]))
    for x, y, z in chosen:
        d = rec("interpolated_holdout", iq(g, y, y["housenumber"]), y, f"between {x['housenumber']} and {z['housenumber']}")
        d["expect"]["method"] = "interpolated"
        out["interpolated_holdout"].append(d)
    with open(a.addresses, encoding="utf-8", newline="") as f:            # original order, holdout rows dropped
        drop = {(y["street"], y["housenumber"], y["postcode"]) for _, y, _ in chosen}
        keep = [r for r in csv.DictReader(f) if (r["street"], r["housenumber"], r["postcode"]) not in drop]
    hd = os.path.join(outdir, "holdout_data")
    os.makedirs(hd, exist_ok=True)
    for p in [os.path.join(outdir, "register_holdout.csv"), os.path.join(hd, "addresses.csv")]:
        with open(p, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, columns, lineterminator="\n")
            w.writeheader()
            w.writerows(keep)
    src = os.path.dirname(os.path.abspath(a.addresses))
    for name in sorted(os.listdir(src)):
        link = os.path.join(hd, name)
        if name not in ("addresses.csv", "addresses.csv.gz") and not os.path.lexists(link):
            os.symlink(os.path.join(src, name), link)

    # Flemish file: street names and addresses outside Lanaken
    names, fl = set(), []
    with gzip.open(a.flanders, "rt", encoding="utf-8", newline="") as f:
        for i, r in enumerate(csv.DictReader(f)):
            if r["municipality"] == "Lanaken" or r["postcode"] in ("3620", "3621"):
                continue
            names.add(r["street"])
            if re.fullmatch(r"\d+[A-Za-z]?", r["housenumber"]) and (i % 20 == 0 or (i % 5 == 0 and fold(r["street"]) in skeys)):
                fl.append((r["street"], r["housenumber"], r["postcode"], r["municipality"]))
    fl.sort()
    # nonexistent_street: folded key not in Lanaken and OSA >= 2 from every Lanaken key (also after
    # abbreviating), and its last word is not the last word of a Lanaken name ("Albertlaan" ~ "Koning Albertlaan")
    g = rng("nonexistent_street")
    tails = {fold(s.split()[-1]) for s in streets if len(s.split()) > 1}
    lkeys = sorted(skeys)
    for s in take(g, sorted(names), len(names)):
        if len(out["nonexistent_street"]) >= K:
            break
        if not re.fullmatch(r"[^\W\d_][^\W\d_ .'-]*(?:[ .'-]+[^\W\d_]+)*\.?", s) or \
           fold(s) in skeys or fold(s.split()[-1]) in tails or \
           process.extractOne(fold(s), lkeys, scorer=OSA.distance, score_cutoff=1) or \
           process.extractOne(canon(s), ckeys, scorer=OSA.distance, score_cutoff=1):
            continue
        v = g.choice(["bare", "bare", "pc", "pc_loc"])
        q = f"{s} {g.randint(1, 120)}" + {"bare": "", "pc": " 3620", "pc_loc": ", 3620 Lanaken"}[v]
        out["nonexistent_street"].append(rec("nonexistent_street", q, None, v))
    # other_municipality: half with a street name that Lanaken also has
    g = rng("other_municipality")
    same = [x for x in fl if fold(x[0]) in skeys]
    other = [x for x in fl if fold(x[0]) not in skeys]
    for i, (s, n, pc, m) in enumerate(take(g, same, K - K // 2) + take(g, other, K // 2)):
        f = g.choice(["{s} {n}, {pc} {m}", "{s} {n} {pc}", "{s} {n}, {pc}", "{pc} {m}, {s} {n}"])
        out["other_municipality"].append(rec("other_municipality", f.format(s=s, n=n, pc=pc, m=m), None,
                                             ("lanaken_street " if i < K - K // 2 else "other_street ") + f))
    # junk
    for q, v in junk(rng("junk"), K):
        out["junk"].append(rec("junk", q, None, v))

    # write
    lines = []
    for cat in CATEGORIES:
        for i, d in enumerate(out[cat]):
            assert not any(c in d["query"] for c in NEWLINES), d
            lines.append(dict(id=f"{cat}-{i:04d}", **d))
    with open(a.out, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in lines)
    with open(os.path.join(outdir, "queries.txt"), "w", encoding="utf-8") as f:
        f.writelines(d["query"] + "\n" for d in lines)
    hold = [d for d in lines if d["category"] == "interpolated_holdout"]
    with open(os.path.join(outdir, "testset_holdout.jsonl"), "w", encoding="utf-8") as f:
        f.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in hold)
    with open(os.path.join(outdir, "holdout_queries.txt"), "w", encoding="utf-8") as f:
        f.writelines(d["query"] + "\n" for d in hold)
    summary = {"seed": a.seed, "per_category": a.per_category, "total": len(lines),
               "counts": {c: len(out[c]) for c in CATEGORIES},
               "distinct_queries": {c: len({d["query"] for d in out[c]}) for c in CATEGORIES},
               "holdout_removed_addresses": len(chosen), "interpolation_limits": {"max_gap": MAX_GAP, "max_span_m": MAX_SPAN_M}}
    with open(os.path.join(outdir, "testset_summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps(summary["counts"]))


if __name__ == "__main__":
    main()
