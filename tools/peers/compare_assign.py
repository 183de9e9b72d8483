#!/usr/bin/env python3
"""Compare two point assignments row by row.

Each input is either a text file (one name per line, empty line = none) or a CSV/CSV.gz file
(recognised by its extension), from which one column is taken (--column, default "group";
--column-b overrides it for the second file). Prints one JSON object
{rows, equal, different, first_differences:[{row, a, b}]}; rows are numbered from 1
(data rows, header excluded). Exit status 1 when any row differs or the row counts differ.
"""
import argparse, csv, gzip, json, sys


def read(path, column):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        if path.endswith((".csv", ".csv.gz")):
            r = csv.reader(f)
            header = next(r)
            if column not in header:
                sys.exit(f"{path}: no column {column!r} in {header}")
            i = header.index(column)
            return [row[i] for row in r]
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    return [l.rstrip("\r") for l in lines]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--column", default="group", help="column to take from CSV inputs (default group)")
    ap.add_argument("--column-b", help="column to take from B when it is a CSV (default: --column)")
    ap.add_argument("--show", type=int, default=10, help="how many differences to list (default 10)")
    a = ap.parse_args()
    A, B = read(a.a, a.column), read(a.b, a.column_b or a.column)
    diffs = [i for i, (x, y) in enumerate(zip(A, B)) if x != y]
    res = {"rows": max(len(A), len(B)), "rows_a": len(A), "rows_b": len(B),
           "equal": min(len(A), len(B)) - len(diffs),
           "different": len(diffs) + abs(len(A) - len(B)),
           "first_differences": [{"row": i + 1, "a": A[i], "b": B[i]} for i in diffs[:a.show]]}
    print(json.dumps(res, ensure_ascii=False))
    sys.exit(1 if res["different"] else 0)


if __name__ == "__main__":
    main()
