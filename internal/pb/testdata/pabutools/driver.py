"""Compute pabutools 1.2.3 outcomes for Pabulib files, in the format of pabulib-expected.

Usage (see README.md in this folder):
    PYTHONPATH=/work/ref/pabutools /usr/bin/python3 driver.py [--timeout 120] [--skip-add1-over N] \
        OUT_DIR FILE.pb...

One JSON per .pb file: every rule/utility/completion combination of pabulib-expected, with the
pabutools call that produced it, sorted winners and the exact total cost. A call that does not finish
within --timeout seconds is listed under "not_finished" instead of "outcomes".
"""

import argparse
import fractions
import json
import multiprocessing
import os
import resource
import sys
import time

import gmpy2
from gmpy2 import mpq

import pabutools
import pabutools.fractions
from pabutools.election import (
    parse_pabulib,
    Cost_Sat,
    Cardinality_Sat,
    Additive_Cardinal_Sat,
    ApprovalBallot,
    ApprovalProfile,
    AbstractApprovalProfile,
    AbstractCumulativeProfile,
)
from pabutools.rules import (
    greedy_utilitarian_welfare,
    method_of_equal_shares,
    sequential_phragmen,
)

_original_frac = pabutools.fractions.frac


def _safe_frac(*arg):
    # Debian bookworm's gmpy2 2.1.2 has an aliasing bug: mpq(a, b) with an mpq `a` divides `a`
    # in place, which silently corrupts MES voter budgets. pabutools wants gmpy2 >= 2.1.5; with the
    # older one installed we divide two fresh mpq values instead, which is the same exact number.
    if len(arg) == 2 and pabutools.fractions.FRACTION == pabutools.fractions.GMPY_FRAC:
        return mpq(arg[0]) / mpq(arg[1])
    return _original_frac(*arg)


def _patch_frac():
    if gmpy2.version() >= "2.1.5":
        return
    for name, module in list(sys.modules.items()):
        if name.startswith("pabutools") and getattr(module, "frac", None) is _original_frac:
            module.frac = _safe_frac


_patch_frac()

SAT_NAMES = {Cost_Sat: "Cost_Sat", Cardinality_Sat: "Cardinality_Sat", Additive_Cardinal_Sat: "Additive_Cardinal_Sat"}
UTILITY = {Cost_Sat: "cost", Cardinality_Sat: "cardinality", Additive_Cardinal_Sat: "points"}


def decimal_string(q):
    """Exact decimal of a rational with a terminating expansion (as Go's FormatRat), else p/q."""
    q = fractions.Fraction(int(mpq(q).numerator), int(mpq(q).denominator))
    if q.denominator == 1:
        return str(q.numerator)
    d, digits = q.denominator, 0
    while d % 2 == 0 or d % 5 == 0:
        d //= 2 if d % 2 == 0 else 5
        digits += 1
    if d != 1:
        return f"{q.numerator}/{q.denominator}"
    scaled = q * 10**digits
    sign = "-" if scaled < 0 else ""
    n = abs(scaled.numerator)
    s = str(n).rjust(digits + 1, "0")
    s = s[:-digits] + "." + s[-digits:]
    return sign + s.rstrip("0").rstrip(".")


def approval_projection(profile):
    """Non-approval ballots read as approving every project they list (as pabulib-expected does)."""
    return ApprovalProfile([ApprovalBallot(set(b)) for b in profile], legal_min_length=0)


def combos(profile):
    """(rule, utility, completion, call string, function(instance, profile)) in pabulib-expected order."""
    out = []
    sats = [Cost_Sat, Cardinality_Sat]
    greedy_sats = sats + ([Additive_Cardinal_Sat] if isinstance(profile, AbstractCumulativeProfile) else [])
    for sat in greedy_sats:
        out.append(("greedy", UTILITY[sat], "none", f"greedy_utilitarian_welfare(sat_class={SAT_NAMES[sat]})",
                    lambda inst, prof, sat=sat: greedy_utilitarian_welfare(inst, prof, sat_class=sat)))
    for sat in sats:
        n = SAT_NAMES[sat]
        out.append(("mes", UTILITY[sat], "none", f"method_of_equal_shares(sat_class={n})",
                    lambda inst, prof, sat=sat: method_of_equal_shares(inst, prof, sat_class=sat)))
        # add1 and add1-greedy come from one MES+add1 run: completion_by_rule_combination([MES, greedy])
        # returns the MES outcome if it is exhaustive, else greedy started from it; the driver does
        # exactly that instead of running the slow add1 twice.
        out.append(("mes", UTILITY[sat], "add1",
                    (f"method_of_equal_shares(sat_class={n}, voter_budget_increment=1)",
                     f"completion_by_rule_combination([method_of_equal_shares, greedy_utilitarian_welfare], "
                     f"[{{sat_class:{n}, voter_budget_increment:1}}, {{sat_class:{n}}}])"),
                    lambda inst, prof, sat=sat: add1_and_greedy(inst, prof, sat)))
    if isinstance(profile, AbstractApprovalProfile):
        out.append(("phragmen", None, "none", "sequential_phragmen()",
                    lambda inst, prof: sequential_phragmen(inst, prof)))
    else:
        out.append(("phragmen", None, "none",
                    "sequential_phragmen() on approval projection (approve every project with points/rank)",
                    lambda inst, prof: sequential_phragmen(inst, approval_projection(prof))))
    return out


def add1_and_greedy(instance, profile, sat):
    add1 = method_of_equal_shares(instance, profile, sat_class=sat, voter_budget_increment=1)
    if instance.is_exhaustive(add1):
        return add1, add1
    return add1, greedy_utilitarian_welfare(instance, profile, sat_class=sat, initial_budget_allocation=add1)


def summary(allocation):
    winners = sorted(p.name for p in allocation)
    return winners, decimal_string(sum((mpq(p.cost) for p in allocation), mpq(0)))


def _child(conn, fn, instance, profile, cpu_limit):
    # A CPU-time limit, not wall time: the machine may be shared, and SIGXCPU ends the child.
    resource.setrlimit(resource.RLIMIT_CPU, (int(cpu_limit), int(cpu_limit) + 5))
    try:
        res = fn(instance, profile)
        if isinstance(res, tuple):
            conn.send(("ok", [summary(r) for r in res]))
        else:
            conn.send(("ok", [summary(res)]))
    except Exception as e:  # reported, not hidden
        conn.send(("error", repr(e)))
    conn.close()


def run_with_limit(fn, instance, profile, limit):
    """Runs fn in a forked child limited to `limit` CPU seconds (and 20x that in wall time)."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, instance, profile, limit))
    start = time.monotonic()
    proc.start()
    child.close()
    status, value = "timeout", None
    if parent.poll(20 * limit):
        try:
            status, value = parent.recv()
        except EOFError:  # killed by SIGXCPU
            pass
    if status == "timeout":
        proc.terminate()
    proc.join()
    return status, value, time.monotonic() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=120, help="CPU seconds per call")
    ap.add_argument("--merge", action="store_true", help="update an existing OUT_DIR/NAME.json with the calls run")
    ap.add_argument("--only", default="", help="comma list of rule/utility/completion labels to run")
    ap.add_argument("out_dir")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    os.makedirs(args.out_dir, exist_ok=True)
    for path in args.files:
        base = os.path.basename(path)
        t0 = time.monotonic()
        instance, profile = parse_pabulib(path)
        print(f"{base}: parsed in {time.monotonic() - t0:.1f}s", file=sys.stderr, flush=True)
        out = os.path.join(args.out_dir, base[: -len(".pb")] + ".json")
        doc = {"file": base, "pabutools": "1.2.3", "tie_breaking": "smallest project id as a string",
               "outcomes": [], "not_finished": []}
        if args.merge and os.path.exists(out):
            with open(out) as f:
                doc = json.load(f)
            doc.setdefault("not_finished", [])
        for rule, util, completion, call, fn in combos(profile):
            label = f"{rule}/{util or ''}/{completion}"
            if only and label not in only:
                continue
            status, value, secs = run_with_limit(fn, instance, profile, args.timeout)
            print(f"{base}: {label}: {status} in {secs:.1f}s", file=sys.stderr, flush=True)
            calls = list(call) if isinstance(call, tuple) else [call]
            completions = ["add1", "add1-greedy"] if completion == "add1" else [completion]
            for i, (c, pcall) in enumerate(zip(completions, calls)):
                same = lambda o: (o["rule"], o["utility"], o["completion"]) == (rule, util, c)
                doc["outcomes"] = [o for o in doc["outcomes"] if not same(o)]
                doc["not_finished"] = [o for o in doc["not_finished"] if not same(o)]
                entry = {"rule": rule, "utility": util, "completion": c, "pabutools_call": pcall}
                if status == "ok":
                    entry["winners"], entry["total_cost"] = value[i]
                    doc["outcomes"].append(entry)
                else:
                    entry["reason"] = f"timeout after {args.timeout:g} CPU s" if status == "timeout" else value
                    doc["not_finished"].append(entry)
        key = [(c[0], c[1], comp) for c in combos(profile) for comp in (["add1", "add1-greedy"] if c[2] == "add1" else [c[2]])]
        doc["outcomes"].sort(key=lambda o: key.index((o["rule"], o["utility"], o["completion"])))
        if not doc["not_finished"]:
            del doc["not_finished"]
        with open(out, "w") as f:
            json.dump(doc, f, indent=1, ensure_ascii=False)
            f.write("\n")


if __name__ == "__main__":
    main()
