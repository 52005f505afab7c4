"""Route benchmark on real news: ``score_news.py`` totals and counts per phrase family.

Runs the scorer ``../shared/eval/score_news.py`` (next to the repository; its articles are
third-party text, read from there and never copied here) on ``news-dev`` through the CLI,
as the issue tracker quotes it, and then scores the same articles in this process to
count, for every ``rule`` (phrase family of ``geo.route_roles``), the routes found and the
ones that match no gold route (extras).

Usage::

    python bench/routes.py [--eval-dir ../shared/eval] [--no-cli] [--verbose]
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVAL_DIR = HERE.parent.parent / "shared" / "eval"


def _scorer(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("score_news", eval_dir / "score_news.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def per_family(eval_dir: Path, verbose: bool = False) -> dict:
    """Score news-dev in this process; counts per rule: found, extra, gold routes hit."""
    from geo.extraction import extract
    from geo.serialise import extraction_record  # drawn: gold routes check via_countries

    S = _scorer(eval_dir)
    fam: dict[str, dict[str, int]] = {}
    totals = dict(gold=0, hit=0, extra=0, places=0, places_found=0, wild=0)
    for gold_path in sorted(glob.glob(str(eval_dir / "news-dev" / "*.json"))):
        text_path = gold_path[:-5] + ".txt"
        if not os.path.exists(text_path):
            continue
        gold = json.load(open(gold_path, encoding="utf-8"))
        got = extraction_record(extract(Path(text_path).read_text(encoding="utf-8")))
        places, routes = got["places"], got["routes"]
        ok = gold["routes"] + gold.get("also_ok", [])
        totals["gold"] += len(gold["routes"])
        totals["hit"] += sum(1 for w in gold["routes"] if any(S.route_matches(r, w) for r in routes))
        totals["places"] += len(gold["places"])
        totals["places_found"] += sum(1 for w in gold["places"] if S.place_found(places, w))
        for r in routes:
            f = fam.setdefault(r.get("rule") or "none", dict(found=0, extra=0, hits=0))
            f["found"] += 1
            if not any(S.route_matches(r, w) for w in ok):
                f["extra"] += 1
                totals["extra"] += 1
                if verbose:
                    print(f"  extra {os.path.basename(gold_path)[:-5]}: {r['mode']} {r.get('rule')} "
                          f"{[s['name'] for s in r['stops']]}")
            elif any(S.route_matches(r, w) for w in gold["routes"]):
                f["hits"] += 1
    return {"families": fam, "totals": totals}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    ap.add_argument("--no-cli", action="store_true", help="skip the CLI run of score_news.py")
    ap.add_argument("--verbose", action="store_true", help="list the extra routes")
    args = ap.parse_args(argv)
    if not (args.eval_dir / "score_news.py").exists() or not (args.eval_dir / "news-dev").is_dir():
        print(f"skipped: {args.eval_dir} has no score_news.py and news-dev/ (the evaluation data "
              "is kept outside the repository)")
        return 0
    if not args.no_cli:
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, str(args.eval_dir / "score_news.py"), "--python",
                              sys.executable, str(args.eval_dir / "news-dev")],
                             capture_output=True, text=True, cwd=HERE.parent)
        last = (out.stdout.strip().splitlines() or ["(no output)"])[-1]
        print(f"score_news.py (CLI, {time.perf_counter() - t0:.0f} s): {last}")
    res = per_family(args.eval_dir, args.verbose)
    t = res["totals"]
    found = sum(f["found"] for f in res["families"].values())
    print(f"in process: place_recall={t['places_found'] / max(t['places'], 1):.3f} "
          f"route_recall={t['hit'] / max(t['gold'], 1):.3f} "
          f"route_precision={(found - t['extra']) / max(found, 1):.3f} "
          f"({t['hit']} of {t['gold']} gold routes, {found} found, {t['extra']} extra)")
    from _timing import print_table

    print_table([(rule, f["found"], f["extra"], f["hits"])
                 for rule, f in sorted(res["families"].items(), key=lambda kv: -kv[1]["found"])],
                ["rule", "found", "extra", "gold hits"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
