#!/usr/bin/env python3
"""Cross-municipality queries on the Flemish register: a real street typed with a place that does not have it.

Writes to --out (a folder): cross.jsonl and control.jsonl (one record a line: id, set, query, variant,
expect, source), queries.txt (the cross queries, then the control queries, one a line, for
`buurt resolve --batch`) and summary.json. Standard library only; byte-identical output for a seed.

- cross: an address (street S, house number N) of the register typed with a postcode P and/or the name of a
  municipality X that has no street S in any of its postcodes; half the time X is near the address (one of
  its postcodes within 50 of the address's), else any municipality. Expected: not_found (never matched).
  The typed place X is left out when it has a street one edit away from S (OSA distance 1, on the street
  key: that is a typo the resolver must tolerate), or a street whose last word is S (the resolver reads
  "Einsteinstraat" as "A. Einsteinstraat"). Without a postcode, X's name is not typed when it means more
  than X: when it also names an area (deelgemeente or wijk) of another municipality ("Halle" is also a wijk
  of Zoutleeuw and "Halle (Zoersel)" a deelgemeente), or names a current municipality made of several
  register municipalities (Aalter is Aalter and Knesselare since 2019).
- control: the same kind of query with the address's own postcode and municipality. Expected: matched, that
  address. Only addresses whose (municipality, street, number) occurs once in the register.

Both sets use plain register names and numbers only (letters, digits, spaces, hyphens, dots, apostrophes;
numbers as `12` or `12A`): names such as `Stationsstraat_01` and numbers such as `6_1` are artefacts.

"Municipality" is the register's `municipality` column (the 2013 municipality); its postcodes are those
that hold at least 10 % of its addresses' postcode (a postcode belongs to the municipality holding at least
10 % of its addresses), the rule buurt uses.
"""
import argparse, csv, gzip, io, json, os, random, re, unicodedata
from collections import Counter, defaultdict

# The resolver's street key (Sources/Addressing/Text/StreetKey.swift), mirrored closely enough to compare names.
WORDS = {"str": "straat", "st": "sint", "stwg": "steenweg", "stw": "steenweg", "ln": "laan", "pl": "plein",
         "kon": "koning", "kard": "kardinaal", "burg": "burgemeester", "dr": "dokter", "mgr": "monseigneur",
         "prof": "professor", "pr": "prins", "ste": "sinte", "olv": "onzelievevrouw", "kap": "kapitein",
         "lt": "luitenant", "gen": "generaal", "comm": "commandant", "mr": "meester", "eh": "eerwaardeheer",
         "zr": "zuster", "wg": "weg", "bn": "baan"}
ENDINGS = [("stwg", "steenweg"), ("str", "straat"), ("ln", "laan"), ("pln", "plein"), ("pl", "plein")]
NEWLINES = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
PLAIN_NAME = re.compile(r"[^\W_](?:[^\W_]|[ .'-])*")
PLAIN_NUMBER = re.compile(r"[1-9][0-9]{0,4}[A-Za-z]?")


def words(name):
    s = unicodedata.normalize("NFKD", name.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = "".join(c if (c.isascii() and c.isalnum()) or c == "." else " " for c in s)
    return [w for w in (t.replace(".", "") for t in s.split()) if w]


def key(name):
    out = []
    for t in words(name):
        if t in WORDS:
            out.append(WORDS[t])
            continue
        if len(t) > 4:
            for e, full in ENDINGS:
                if t.endswith(e):
                    t = t[: -len(e)] + full
                    break
        out.append(t)
    return "".join(out)


def one_edit_variants(k):
    """The key and the key with each character deleted: two keys within one edit share one of these."""
    return {k} | {k[:i] + k[i + 1:] for i in range(len(k))}


def read_register(path):
    """The register's rows as dicts of street, housenumber, postcode and municipality (register order)."""
    with gzip.open(path, "rb") as f:
        reader = csv.reader(io.TextIOWrapper(f, encoding="utf-8", newline=""))
        header = next(reader)
        cols = [header.index(c) for c in ("street", "housenumber", "postcode", "municipality")]
        names = {}                                   # one string object per distinct name
        rows = []
        for rec in reader:
            s, n, pc, m = (rec[c] for c in cols)
            if any(c in NEWLINES for c in s + n):
                continue
            rows.append({"street": names.setdefault(s, s), "housenumber": n,
                         "postcode": names.setdefault(pc, pc), "municipality": names.setdefault(m, m)})
    return rows


def names_of_several_municipalities(folder):
    """Name keys that mean more than one register (2013) municipality when typed without a postcode:
    area names (deelgemeenten, wijken, also without a final parenthesis: "Moerbeke (Geraardsbergen)" is
    typed "Moerbeke") carried by areas of more than one current municipality, and the names of current
    municipalities made of several older ones (their deelgemeenten codes have several NIS prefixes:
    Aalter is Aalter and Knesselare)."""
    def load(layer):
        path = os.path.join(folder, layer)
        if not os.path.exists(path):
            return []
        with open(path, encoding="utf-8") as f:
            return [feature["properties"] for feature in json.load(f)["features"]]
    nis, old_codes = defaultdict(set), defaultdict(set)
    deelgemeenten = load("deelgemeenten.geojson")
    for p in deelgemeenten + load("wijken.geojson"):
        names = [p["name"]] + ([p["name"][: p["name"].rfind("(")]] if p["name"].endswith(")") else [])
        for n in names:
            nis[key(n)].add(p.get("nis_code"))
    for p in deelgemeenten:
        old_codes[p.get("nis_code")].add(str(p.get("code", ""))[:5])
    shared = {k for k, codes in nis.items() if len(codes) > 1}
    shared |= {key(p["name"]) for p in load("gemeenten.geojson") if len(old_codes[p.get("code")]) > 1}
    return shared


def case_form(rng, text):
    return rng.choice([text, text, text.upper(), text.lower()])


def query(rng, street, number, postcode, municipality, form):
    s, m = street, case_form(rng, municipality)
    return {
        "pc_name": f"{s} {number}, {postcode} {m}",
        "pc_name_nocomma": f"{s} {number} {postcode} {m}",
        "pc": f"{s} {number}, {postcode}",
        "pc_bare": f"{s} {number} {postcode}",
        "lead": f"{postcode} {m}, {s} {number}",
        "name": f"{s} {number} {m}",
        "name_comma": f"{s} {number}, {m}",
    }[form]


FORMS_WITH_PC = ["pc_name", "pc_name_nocomma", "pc", "pc_bare", "lead"]
FORMS_NAME_ONLY = ["name", "name_comma"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--flanders", required=True, help="flanders/addresses.csv.gz")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--count", type=int, default=1000, help="queries per set (cross and control)")
    ap.add_argument("--out", required=True, help="output folder")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    rows = read_register(a.flanders)

    pc_count = defaultdict(Counter)                      # postcode -> municipality -> addresses
    for r in rows:
        pc_count[r["postcode"]][r["municipality"]] += 1
    postcodes_of = defaultdict(set)                      # municipality -> its postcodes
    for pc, c in pc_count.items():
        total = sum(c.values())
        for m, n in c.items():
            if n * 10 >= total:
                postcodes_of[m].add(pc)
    keys_of = defaultdict(set)                           # municipality -> street keys
    variants_of = defaultdict(set)                       # municipality -> one-edit variants of its keys
    last_words_of = defaultdict(set)                     # municipality -> keys of last words of multi-word names
    for r in rows:
        m, k = r["municipality"], key(r["street"])
        if k not in keys_of[m]:
            keys_of[m].add(k)
            variants_of[m] |= one_edit_variants(k)
            w = words(r["street"])
            if len(w) > 1:
                last_words_of[m].add(key(w[-1]))
    municipalities = sorted(postcodes_of)
    shared_names = names_of_several_municipalities(os.path.dirname(os.path.abspath(a.flanders)))
    triple = Counter((r["municipality"], key(r["street"]), r["housenumber"].lower()) for r in rows)

    rng = random.Random(f"{a.seed}:cross")
    cross, control, skipped_near, skipped_shared_name = [], [], 0, 0
    order = list(range(len(rows)))
    rng.shuffle(order)
    for i in order:
        if len(cross) >= a.count and len(control) >= a.count:
            break
        r = rows[i]
        k = key(r["street"])
        if len(k) < 3 or not any(c.isalpha() for c in k) or not PLAIN_NAME.fullmatch(r["street"]) \
                or not PLAIN_NUMBER.fullmatch(r["housenumber"]):
            continue
        form = rng.choice(FORMS_WITH_PC + FORMS_NAME_ONLY)
        if len(cross) < a.count:
            # Half the typed places near the address (postcodes within 50 of its own), half anywhere.
            near = [m for m in municipalities if any(abs(int(p) - int(r["postcode"])) <= 50 for p in postcodes_of[m])]
            x = rng.choice(near if near and rng.random() < 0.5 else municipalities)
            if k in keys_of[x] or x == r["municipality"]:
                pass
            elif one_edit_variants(k) & variants_of[x] or k in last_words_of[x]:
                skipped_near += 1
            elif form in FORMS_NAME_ONLY and key(x) in shared_names:
                skipped_shared_name += 1
            else:
                pc = rng.choice(sorted(postcodes_of[x]))
                q = query(rng, r["street"], r["housenumber"], pc, x, form)
                cross.append({"set": "cross", "query": q, "variant": form, "expect": {"status": "not_found"},
                              "typed": {"postcode": pc if form not in FORMS_NAME_ONLY else None, "municipality": x},
                              "source": {"street": r["street"], "housenumber": r["housenumber"],
                                         "postcode": r["postcode"], "municipality": r["municipality"]}})
        if len(control) < a.count and triple[(r["municipality"], k, r["housenumber"].lower())] == 1:
            q = query(rng, r["street"], r["housenumber"], r["postcode"], r["municipality"], form)
            control.append({"set": "control", "query": q, "variant": form,
                            "expect": {"status": "matched", "street": r["street"], "housenumber": r["housenumber"],
                                       "postcode": r["postcode"]}})
    for n, d in enumerate(cross + control):
        d["id"] = n
    for name, records in (("cross", cross), ("control", control)):
        with open(os.path.join(a.out, f"{name}.jsonl"), "w", encoding="utf-8") as f:
            for d in records:
                f.write(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n")
    with open(os.path.join(a.out, "queries.txt"), "w", encoding="utf-8") as f:
        for d in cross + control:
            f.write(d["query"] + "\n")
    summary = {"seed": a.seed, "cross": len(cross), "control": len(control),
               "cross_skipped_one_edit_or_last_word": skipped_near,
               "cross_skipped_name_of_several_municipalities": skipped_shared_name,
               "cross_by_form": dict(sorted(Counter(d["variant"] for d in cross).items())),
               "control_by_form": dict(sorted(Counter(d["variant"] for d in control).items()))}
    with open(os.path.join(a.out, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
    print(json.dumps(summary, sort_keys=True))


if __name__ == "__main__":
    main()
