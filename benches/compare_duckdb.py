#!/usr/bin/env python3
"""Compare styrmodell's ledger roll-up with DuckDB on the same synthetic rows.

Usage: python3 benches/compare_duckdb.py [N]   (default N = 10_000_000)

Installs DuckDB 2.x and PyArrow from PyPI into target/duckdb-venv, has the Rust side write
the rows as raw columns, loads them into DuckDB through Arrow (not timed; CSV was too slow to
load in DuckDB 2.0), then times DuckDB's aggregation (every layer grouped by
unit and month, joined to the unit hierarchy so every node gets its subtree's total, which is
what the roll-up computes) on one thread and on all threads, and styrmodell's build and roll-up on one core. Prints the
times, their ratios, and checks both give the same root total.
"""
import os
import subprocess
import sys
import time
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, "target")
VENV = os.path.join(TARGET, "duckdb-venv")
DATA = os.path.join(TARGET, "duckdb-data")


def ensure_duckdb():
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        venv.create(VENV, with_pip=True)
    check = "import duckdb, pyarrow, numpy; assert duckdb.__version__.startswith('2.')"
    if subprocess.run([python, "-c", check], capture_output=True).returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "--quiet", "duckdb>=2,<3", "pyarrow", "numpy"], check=True)
    return python


def bench(*args):
    cmd = ["cargo", "bench", "--quiet", "--bench", "rollup_vs_duckdb", "--", *args]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return dict(part.split("=") for part in out.split()) if out.strip() else {}


DUCKDB_SIDE = r'''
import sys, time, duckdb, numpy, pyarrow
data, threads = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute(f"SET threads = {threads}")
# DuckDB 2 draws a progress bar on stdout, where this script writes its figures.
con.execute("SET enable_progress_bar = false")
con.execute(f"CREATE TABLE units AS SELECT * FROM read_csv('{data}/units.csv')")
columns = {name: numpy.fromfile(f"{data}/{name}.bin", dtype="<i4") for name in ["unit", "account", "month", "layer"]}
columns["ore"] = numpy.fromfile(f"{data}/ore.bin", dtype="<i8")
arrow = pyarrow.table(columns)
con.register("arrow_facts", arrow)
con.execute("CREATE TABLE facts AS SELECT * FROM arrow_facts")
con.unregister("arrow_facts")
del arrow, columns
query = """
WITH RECURSIVE closure(ancestor, unit) AS (
    SELECT unit, unit FROM units
    UNION ALL
    SELECT c.ancestor, u.unit FROM closure c JOIN units u ON u.parent = c.unit
),
own AS (
    SELECT unit, month, layer, sum(ore) AS ore FROM facts GROUP BY unit, month, layer
)
SELECT c.ancestor, o.month, o.layer, sum(o.ore) AS ore
FROM own o JOIN closure c ON c.unit = o.unit
GROUP BY c.ancestor, o.month, o.layer
"""
best = None
for _ in range(3):
    start = time.perf_counter()
    rows = con.execute(query).fetchall()
    elapsed = time.perf_counter() - start
    best = elapsed if best is None else min(best, elapsed)
root = sum(ore for ancestor, month, layer, ore in rows if ancestor == 0 and layer == 2)
print(f"query_seconds={best:.4f} root_outcome_ore={root} version={duckdb.__version__}")
'''


def duckdb_side(python, threads):
    out = subprocess.run([python, "-c", DUCKDB_SIDE, DATA, str(threads)], check=True, capture_output=True, text=True).stdout
    return dict(part.split("=") for part in out.split())


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    python = ensure_duckdb()
    print(f"generating {n} facts (1 000 units in five levels, 200 accounts, 12 months, 3 layers)")
    bench("generate", str(n), DATA)
    rust = min((bench("time", str(n)) for _ in range(3)), key=lambda r: float(r["build_seconds"]) + float(r["rollup_seconds"]))
    one = duckdb_side(python, 1)
    cores = os.cpu_count() or 1
    many = duckdb_side(python, cores)
    build, rollup = float(rust["build_seconds"]), float(rust["rollup_seconds"])
    print(f"styrmodell (1 core): build {build:.3f} s, roll-up {rollup:.3f} s, together {build + rollup:.3f} s")
    print(f"  ledger columns {int(rust['column_bytes']) / 1e6:.0f} MB for {n * 16 / 1e6:.0f} MB of compact facts")
    print(f"DuckDB {one['version']} query, 1 thread: {float(one['query_seconds']):.3f} s; {cores} threads: {float(many['query_seconds']):.3f} s")
    print(f"ratio DuckDB(1 thread) / styrmodell roll-up: {float(one['query_seconds']) / rollup:.1f}x")
    print(f"ratio DuckDB({cores} threads) / styrmodell roll-up: {float(many['query_seconds']) / rollup:.1f}x")
    print(f"ratio DuckDB({cores} threads, data already loaded) / styrmodell build+roll-up: {float(many['query_seconds']) / (build + rollup):.2f}x")
    same = rust["root_outcome_ore"] == one["root_outcome_ore"] == many["root_outcome_ore"]
    print(f"root outcome agrees: {same} ({rust['root_outcome_ore']} öre)")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
