"""The full JSON mutation sweep: every hostile value at every key path, on every command.

``make test`` runs a sample (``tests/test_reliability_json.py``: every key path with the value
cells thinned to one per table, each pair on validate and one other command). This runs every
(key path, value) pair of both formats, all value cells included, on every command that reads
a canonical JSON (validate, validate --previous, export, draft .md and .docx, compare,
prefill), and prints what broke: about 75,000 runs, a few hours on one core. ``--quick``
takes a random tenth (7,518 runs, 0 failures, 31 minutes on the shared 2-core machine when
issue 16 landed).

Usage:
    python bench/mutation_sweep.py [--quick] [--formats gb2021,gb2019] [--commands validate,export]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: F401  (puts tests/ on sys.path, sets the xlwings licence variable)

from support.corpus import HOSTILE
from support.sweep import COMMANDS, all_paths, check_jobs, document


def sweep(
    formats: list[str], commands: list[str], *, share: float = 1.0, seed: int = 0
) -> tuple[int, list[str]]:
    """Run the sweep; (runs, failure lines)."""
    rnd = random.Random(seed)
    runs = 0
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="xl-sweep-") as tmp:
        for fmt in formats:
            work = Path(tmp) / fmt
            work.mkdir()
            good = work / "good.json"
            good.write_text(json.dumps(document(fmt), ensure_ascii=False), encoding="utf-8")
            jobs = [
                (p, v, c)
                for p in all_paths(document(fmt))
                for v in HOSTILE
                for c in commands
                if share >= 1.0 or rnd.random() < share
            ]
            runs += len(jobs)
            failures += [f"{fmt} {line}" for line in check_jobs(fmt, work, jobs, good)]
    return runs, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a random tenth of the pairs")
    parser.add_argument("--formats", default="gb2021,gb2019")
    parser.add_argument("--commands", default=",".join(COMMANDS))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    runs, failures = sweep(
        args.formats.split(","), args.commands.split(","), share=0.1 if args.quick else 1.0
    )
    for line in failures:
        print(line)
    elapsed = time.perf_counter() - started
    print(f"{runs} runs, {len(failures)} failures, {elapsed:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
