#!/usr/bin/env python3
"""Read bench/run.sh's case folders and print the results as markdown.

  python3 bench/report.py WORK CASE ...

Standard library only. What each column measures is explained in
docs/performance.md; the short version is printed under the tables.
"""

import json
import os
import re
import sys

GAP = 0.005


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def short_time(path):
    """`/usr/bin/time -f '%e %U %M'` output: wall s, user s, peak KiB."""
    text = read(path)
    if not text:
        return None
    nums = text.strip().splitlines()[-1].split()
    if len(nums) == 4:  # %e %U %S %M
        return dict(wall=float(nums[0]), cpu=float(nums[1]) + float(nums[2]),
                    rss_mb=int(nums[3]) / 1024)
    if len(nums) != 3:
        return None
    return dict(wall=float(nums[0]), cpu=float(nums[1]), rss_mb=int(nums[2]) / 1024)


def verbose_time(path):
    text = read(path) or ""
    out = {}
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    if m:
        secs = 0.0
        for part in m.group(1).split(":"):
            secs = secs * 60 + float(part)
        out["wall"] = secs
    u = re.search(r"User time \(seconds\): (\S+)", text)
    s = re.search(r"System time \(seconds\): (\S+)", text)
    if u and s:
        out["cpu"] = float(u.group(1)) + float(s.group(1))
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if m:
        out["rss_mb"] = int(m.group(1)) / 1024
    return out


def progress(path):
    """netrota solve's progress lines: (elapsed, phase, best, bound)."""
    rows = []
    for line in (read(path) or "").splitlines():
        m = re.match(r"\s*([\d.]+)s\s+(.*?)\s+best (\S+)\s+bound (\S+)", line)
        if m:
            f = lambda s: float(s) if s not in ("none", "-") else None
            rows.append((float(m.group(1)), m.group(2), f(m.group(3)), f(m.group(4))))
    return rows


def stamped(path):
    out = []
    for line in (read(path) or "").splitlines():
        t, _, rest = line.partition(" ")
        try:
            out.append((float(t), rest))
        except ValueError:
            pass
    return out


def glpsol(dirpath):
    lines = stamped(os.path.join(dirpath, "glpsol.log"))
    if not lines:
        return None
    r = dict(status="killed", obj=None, bound=None, t=None, first=None)
    for t, s in lines:
        m = re.match(r"\+\s*\d+: (?:>>>>>|mip =)\s+(\S+(?: found yet)?)\s+>=\s+(\S+)", s.strip())
        if m:
            r["obj"] = None if m.group(1).startswith("not") else float(m.group(1))
            if m.group(2) == "tree":  # "tree is empty": the incumbent is proven
                r["bound"] = r["obj"]
            else:
                r["bound"] = None if m.group(2) == "-inf" else float(m.group(2))
            if r["obj"] is not None and r["first"] is None:
                r["first"] = t
        if "RELATIVE MIP GAP TOLERANCE REACHED" in s or "INTEGER OPTIMAL SOLUTION FOUND" in s:
            r["status"], r["t"] = "gap", t
        elif "TIME LIMIT EXCEEDED" in s:
            r["status"], r["t"] = "limit", t
        elif "NO INTEGER FEASIBLE" in s or "NO PRIMAL FEASIBLE" in s:
            r["status"], r["t"] = "infeasible", t
    r.update({"proc": short_time(os.path.join(dirpath, "glpsol.time"))})
    return r


def cbc(dirpath):
    lines = stamped(os.path.join(dirpath, "cbc.log"))
    if not lines:
        return None
    r = dict(status="killed", obj=None, bound=None, t=None, first=None)
    better = lambda v: r["obj"] is None or v < r["obj"]
    for t, s in lines:
        if ("Cbc0011I" in s or "Cbc0001I" in s) and r["t"] is None:
            r["status"], r["t"] = "gap", t
        if "Cbc0020I" in s and r["t"] is None:  # exiting on maximum time
            r["status"], r["t"] = "limit", t
        # Incumbents: the feasibility pump's, then the search's.
        m = re.search(r"(?:Solution found of|Integer solution of)\s+(\S+)", s)
        if m and better(float(m.group(1))):
            r["obj"] = float(m.group(1))
            if r["first"] is None:
                r["first"] = t
        m = re.search(r"Continuous objective value is (\S+)", s)
        if m:
            r["bound"] = float(m.group(1))
        m = re.search(r"best possible (-?[0-9.]+(?:e[-+]?[0-9]+)?)", s)
        if m:
            r["bound"] = float(m.group(1))
        m = re.match(r"Result - (.*)", s)
        if m:
            res = m.group(1)
            if "time limit" in res.lower():
                r["status"] = "limit"
                r["t"] = r["t"] or t
            elif "Optimal" in res:
                r["status"] = "gap"
                r["t"] = r["t"] or t
        m = re.match(r"Objective value:\s+(\S+)", s)
        if m:
            r["obj"] = float(m.group(1))
        m = re.match(r"Lower bound:\s+(\S+)", s)
        if m:
            r["bound"] = float(m.group(1))
    r.update({"proc": short_time(os.path.join(dirpath, "cbc.time"))})
    return r


def case(work, name):
    d = os.path.join(work, name)
    kind, n, tl, pl = (read(os.path.join(d, "case.txt")) or "? ? ? ?").split()
    c = dict(name=name, kind=kind, n=n, tl=tl, pl=pl, dir=d)
    c["load"] = [(read(os.path.join(d, f)) or "?").strip() for f in
                 ("load_before.txt", "load_after.txt")]
    try:
        import time
        c["when"] = time.strftime("%H:%M", time.gmtime(
            os.path.getmtime(os.path.join(d, "load_after.txt"))))
    except OSError:
        c["when"] = "?"
    ppl = read(os.path.join(d, "scenario", "consultants.csv")) or ""
    c["people"] = max(0, len(ppl.strip().splitlines()) - 1)
    text = read(os.path.join(d, "scenario", "scenario.yaml")) or ""
    m = re.search(r"weeks:\s*(\d+)", text)
    c["weeks"] = int(m.group(1)) if m else None
    c["check"] = short_time(os.path.join(d, "check.time"))
    c["solve"] = verbose_time(os.path.join(d, "solve.time"))
    try:
        with open(os.path.join(d, "out", "summary.json"), encoding="utf-8") as f:
            c["summary"] = json.load(f)
    except (OSError, ValueError):
        c["summary"] = None
    c["progress"] = progress(os.path.join(d, "solve.err"))
    # The first progress line comes after the greedy; its bound is the
    # objective's constant part (wants nobody can meet), which the MPS lacks.
    c["const"] = 0.0
    c["greedy_t"] = None
    for t, phase, best, bound in c["progress"]:
        if phase.startswith("greedy"):
            c["greedy_t"], c["greedy_obj"] = t, best
            c["const"] = bound or 0.0
            break
    head = ""
    mps = os.path.join(d, "model.mps")
    if os.path.exists(mps):
        with open(mps, encoding="ascii", errors="replace") as f:
            head = "".join(f.readline() for _ in range(6))
        c["mps_mb"] = os.path.getsize(mps) / 1e6
    m = re.search(r"Non-zeros:\s+(\d+)", head)
    c["nnz"] = int(m.group(1)) if m else None
    src = name
    if os.path.exists(os.path.join(d, "peers_same_as_sy26")):
        src = "sy26"
        c["peers_from"] = "sy26"
    c["glpsol"] = glpsol(os.path.join(work, src))
    c["cbc"] = cbc(os.path.join(work, src))
    return c


def fmt(v, spec=".1f", none="–"):
    return none if v is None else format(v, spec)


def gap_of(obj, bound):
    if obj is None or bound is None:
        return None
    return max(0.0, (obj - bound) / max(abs(obj), 1e-9))


def peer_cell(p, const, limit):
    if p is None:
        return "not run", "–", "–"
    obj = None if p["obj"] is None else p["obj"] + const
    bound = None if p["bound"] is None else p["bound"] + const
    g = gap_of(obj, bound)
    proc = p["proc"] or {}
    mb = fmt(proc.get("rss_mb"), ".0f")
    if p["status"] == "gap":
        when = f"**{p['t']:.1f} s** (gap {100 * g:.2f} %)" if g is not None else f"**{p['t']:.1f} s**"
    elif p["status"] == "limit":
        when = f"not at {limit} s: gap {100 * g:.2f} %" if g is not None else \
            f"not at {limit} s: no integer solution"
    elif p["status"] == "killed":
        when = f"no answer by {limit}+30 s, killed" + (
            f" (best seen: gap {100 * g:.2f} %)" if g is not None else ": no integer solution")
    else:
        when = p["status"]
    return when, fmt(obj, ",.1f"), mb


def main(argv):
    work, names = argv[1], argv[2:]
    cases = [case(work, n) for n in names]
    out = []
    out.append("### netrota (Release build, one thread)\n")
    out.append("| case | weeks | people | duties | comp. | variables | rows | non-zeros | "
               "load s | start s | solve s | wall s | CPU s | peak MB | status | gap | "
               "objective | uncovered | limit s | load avg | done (UTC) |")
    out.append("|" + "---|" * 21)
    for c in cases:
        s = c["summary"] or {}
        model = s.get("model", {})
        sv = c["solve"]
        gap = s.get("gap")
        out.append("| " + " | ".join([
            c["name"], str(c["weeks"]), str(c["people"]), f"{model.get('duties', '–'):,}"
            if model.get("duties") is not None else "–",
            str(model.get("components", "–")),
            f"{model['variables']:,}" if "variables" in model else "–",
            f"{model['rows']:,}" if "rows" in model else "–",
            fmt(c["nnz"], ","),
            fmt((c["check"] or {}).get("wall"), ".2f"),
            fmt(c["greedy_t"], ".1f"),
            fmt(s.get("seconds"), ".1f"),
            fmt(sv.get("wall"), ".1f"), fmt(sv.get("cpu"), ".1f"), fmt(sv.get("rss_mb"), ".0f"),
            s.get("status", "–"),
            f"{100 * gap:.2f} %" if gap is not None else "–",
            fmt(s.get("objective"), ",.1f"), str(s.get("uncovered", "–")), c["tl"],
            c["load"][0].split()[0] + "→" + c["load"][1].split()[0], c["when"],
        ]) + " |")
    out.append("")
    out.append("### The same model (`--write-mps`) in glpsol 5.0 and CBC 2.10.8, gap 0.5 %\n")
    out.append("| case | netrota to ≤ 0.5 % (wall s) | glpsol | glpsol objective | glpsol MB | "
               "cbc | cbc objective | cbc MB | MPS MB | peer limit s |")
    out.append("|" + "---|" * 10)
    ratios = []
    for c in cases:
        s = c["summary"] or {}
        sv = c["solve"]
        reached = s.get("gap") is not None and s["gap"] <= GAP
        nt = f"**{sv.get('wall', 0):.1f} s** (gap {100 * s['gap']:.2f} %)" if reached else \
            f"not at {c['tl']} s: gap {100 * s.get('gap', float('nan')):.2f} %"
        g = peer_cell(c["glpsol"], c["const"], c["pl"])
        b = peer_cell(c["cbc"], c["const"], c["pl"])
        note = " (same MPS as sy26)" if c.get("peers_from") else ""
        out.append(f"| {c['name']}{note} | {nt} | {g[0]} | {g[1]} | {g[2]} | {b[0]} | {b[1]} | "
                   f"{b[2]} | {fmt(c.get('mps_mb'), '.1f')} | {c['pl']} |")
        if reached and sv.get("wall"):
            for pname in ("glpsol", "cbc"):
                p = c[pname]
                if p is None:
                    continue
                proc = p["proc"] or {}
                if p["status"] == "gap":
                    ratios.append(f"{c['name']}: {pname} {p['t']:.1f} s / netrota "
                                  f"{sv['wall']:.1f} s = **{p['t'] / sv['wall']:.1f}×** wall"
                                  + (f"; CPU {proc['cpu']:.1f} s / {sv['cpu']:.1f} s = "
                                     f"{proc['cpu'] / sv['cpu']:.1f}×" if proc.get("cpu") and
                                     sv.get("cpu") else ""))
                else:
                    ratios.append(f"{c['name']}: {pname} did not reach 0.5 % in {c['pl']} s: "
                                  f"**> {float(c['pl']) / sv['wall']:.0f}×**")
    out.append("")
    out.append("Ratios (time to gap ≤ 0.5 %, peer / netrota):\n")
    out += [f"* {r}" for r in ratios]
    out.append("")
    out.append("Objectives are netrota's weighted objective; the peers' MPS objective plus "
               "the constant the MPS lacks (10 × weight of wants no eligible duty can meet: " +
               ", ".join(f"{c['name']} {c['const']:g}" for c in cases) + ").")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
