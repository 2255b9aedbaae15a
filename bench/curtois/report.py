#!/usr/bin/env python3
"""Tabulate bench/curtois/run.sh's instance folders as markdown.

  python3 bench/curtois/report.py WORK INSTANCE ...

Standard library only. Reads, per WORK/INSTANCE: case.txt (limit, instance
path), netrota's out/summary.json, netrota.time, check.json, model.mps and
the stamped glpsol.log / cbc.log with their .time files.

Units. The MPS objective is netrota's weighted objective. With the region's
fairness off and no travel (the benchmark), that is 10 x (requests +
under_cover + over_cover) + 1000 x shortfall hours below min_hours, and
netrota writes no objective constant. So a peer's penalty is its MPS
objective / 10 plus the constant term of the MPS objective row if there is
one (read here from the RHS section, in GLPK's convention) - provided the
peer's plan has no min_hours shortfall, which the benchmark forbids and which
costs 1000 per hour, far above any plan's penalty. The `D` column checks
the first half on netrota's own plan: 10 x penalty - weighted objective,
both from summary.json; it must be 0.
"""

import json
import os
import re
import sys

# README.md of the instance folder: best known (proven optimal) values and
# Curtois & Qu's 2014 Gurobi results at 10 and 60 minutes.
PUBLISHED = {
    1: (607, 607, 607), 2: (828, 828, 828), 3: (1001, 1001, 1001),
    4: (1716, 1716, 1716), 5: (1143, 1143, 1143), 6: (1950, 1950, 1950),
    7: (1056, 1056, 1056), 8: (1300, 8995, 1323), 9: (439, 439, 439),
    10: (4631, 4631, 4631), 11: (3443, 3443, 3443), 12: (4040, 4045, 4040),
}
SCALE = 10.0  # SV_W_REQUEST: the weighted objective per unit of penalty
SHORT_HOUR = 10000.0  # SV_W_MIN: the weighted objective per hour short of min_hours
EPS = 1e-6


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def load_json(path):
    text = read(path)
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def time_file(path):
    """`/usr/bin/time -f '%e %U %S %M'`: wall s, CPU s, peak MB."""
    text = (read(path) or "").strip()
    if not text:
        return None
    f = text.splitlines()[-1].split()
    if len(f) != 4:
        return None
    try:
        return dict(wall=float(f[0]), cpu=float(f[1]) + float(f[2]), mb=int(f[3]) / 1024)
    except ValueError:
        return None


def stamped(path):
    for line in (read(path) or "").splitlines():
        t, _, rest = line.partition(" ")
        try:
            yield float(t), rest
        except ValueError:
            continue


def mps_info(path):
    """Size from GLPK's header comment, and the objective row's constant.

    GLPK 5.0 reads an RHS entry r on the objective row as the constant +r
    (checked with glpsol), CBC 2.10.8 as -r; netrota's files carry none."""
    info = dict(rows=None, cols=None, ints=None, nnz=None, const=0.0)
    try:
        f = open(path, encoding="ascii", errors="replace")
    except OSError:
        return None
    with f:
        obj, section = None, None
        for line in f:
            if line.startswith("*"):
                m = re.match(r"\* Rows:\s+(\d+)", line)
                if m:
                    info["rows"] = int(m.group(1))
                m = re.match(r"\* Columns:\s+(\d+)(?: \((\d+) integer)?", line)
                if m:
                    info["cols"] = int(m.group(1))
                    info["ints"] = int(m.group(2)) if m.group(2) else 0
                m = re.match(r"\* Non-zeros:\s+(\d+)", line)
                if m:
                    info["nnz"] = int(m.group(1))
                continue
            if not line[:1].isspace():
                section = line.split()[0] if line.strip() else section
                continue
            f_ = line.split()
            if section == "ROWS" and obj is None and f_[0] == "N":
                obj = f_[1]
            elif section == "RHS":
                pairs = f_[1:] if len(f_) % 2 == 1 else f_
                for k in range(0, len(pairs) - 1, 2):
                    if pairs[k] == obj:
                        info["const"] += float(pairs[k + 1])
    return info


def glpsol_result(d):
    """Objective and bound in MPS units (as glpsol reads the file)."""
    path = os.path.join(d, "glpsol.log")
    if not os.path.exists(path):
        return None
    r = dict(status="killed", obj=None, bound=None, t=None)
    for t, s in stamped(path):
        m = re.match(r"\+\s*\d+: (?:>>>>>|mip =)\s+(not found yet|\S+)\s+>=\s+(tree is empty|\S+)",
                     s.strip())
        if m:
            r["obj"] = None if m.group(1) == "not found yet" else float(m.group(1))
            if m.group(2) == "tree is empty":
                r["bound"] = r["obj"]
            elif m.group(2) != "-inf":
                r["bound"] = float(m.group(2))
        if "INTEGER OPTIMAL SOLUTION FOUND" in s:
            r["status"], r["t"] = "optimal", t
            r["bound"] = r["obj"]
        elif "TIME LIMIT EXCEEDED" in s:
            r["status"], r["t"] = "limit", t
        elif "PROBLEM HAS NO INTEGER FEASIBLE" in s:
            r["status"], r["t"] = "infeasible", t
    r["proc"] = time_file(os.path.join(d, "glpsol.time"))
    return r


def cbc_result(d, const):
    """Objective and bound in MPS units, in GLPK's reading (see mps_info)."""
    path = os.path.join(d, "cbc.log")
    if not os.path.exists(path):
        return None
    r = dict(status="killed", obj=None, bound=None, t=None)
    for t, s in stamped(path):
        m = re.search(r"(?:Integer solution of|Solution found of)\s+(-?[0-9.eE+-]+)", s)
        if m and (r["obj"] is None or float(m.group(1)) < r["obj"]):
            r["obj"] = float(m.group(1))
        m = re.search(r"best possible (-?[0-9.eE+-]+)", s)
        if m:
            r["bound"] = float(m.group(1))
        m = re.match(r"Result - (.*)", s)
        if m:
            r["t"] = t
            res = m.group(1)
            r["status"] = ("optimal" if res.startswith("Optimal") else
                           "limit" if "time" in res.lower() else
                           "infeasible" if "nfeasible" in res else res.strip())
        m = re.match(r"Objective value:\s+(\S+)", s)
        if m:
            r["obj"] = float(m.group(1))
        m = re.match(r"Lower bound:\s+(\S+)", s)
        if m:
            r["bound"] = float(m.group(1))
    if r["obj"] is not None and r["obj"] >= 1e49:  # CBC's "no solution" value
        r["obj"] = None
    if r["status"] == "optimal":
        r["bound"] = r["obj"]
    for k in ("obj", "bound"):
        if r[k] is not None:
            r[k] += 2 * const  # CBC read the constant as -const
    r["proc"] = time_file(os.path.join(d, "cbc.time"))
    return r


def instance_size(path):
    """(days, staff, shift types) from the instance file itself."""
    text = read(path) or ""
    sec, out = None, {}
    for line in text.replace("\r", "").split("\n"):
        line = line.strip()
        if line.startswith("SECTION_"):
            sec, out[line] = line, 0
        elif not line:
            sec = None
        elif not line.startswith("#") and sec:
            out[sec] += 1
            if sec == "SECTION_HORIZON":
                out["H"] = int(line) if line.isdigit() else None
    return out.get("H"), out.get("SECTION_STAFF"), out.get("SECTION_SHIFTS")


def fmt(v, spec=",.0f"):
    return "–" if v is None else format(v, spec)


def to_pen(v):
    return None if v is None else v / SCALE


def bks_gap(obj, bks):
    if obj is None or bks is None:
        return "–"
    return "%.2f %%" % (100.0 * (obj - bks) / bks)


def seconds(status, proc, t, limit):
    wall = (proc or {}).get("wall", t)
    if wall is None:
        return "–"
    if status == "optimal":
        return "%.1f" % wall
    if status == "killed":
        return "%.0f killed" % wall
    return "%.0f (limit)" % wall if status == "limit" else "%.1f %s" % (wall, status)


def row(work, name):
    d = os.path.join(work, name)
    case = (read(os.path.join(d, "case.txt")) or "").split("\n")
    limit = case[0] if case and case[0] else "?"
    inst = case[1] if len(case) > 1 else ""
    num = int(re.sub(r"\D", "", name) or 0)
    bks, g10, g60 = PUBLISHED.get(num, (None, None, None))
    days, staff, shifts = instance_size(inst)
    s = load_json(os.path.join(d, "out", "summary.json")) or {}
    chk = load_json(os.path.join(d, "check.json"))
    mps = mps_info(os.path.join(d, "model.mps")) or {}
    const = mps.get("const", 0.0)
    r = dict(name=name, limit=limit, bks=bks, g10=g10, g60=g60, days=days, staff=staff,
             shifts=shifts, mps=mps, const=const)

    pen = s.get("penalty", s.get("objective"))
    pb = s.get("penalty_bound", s.get("bound"))
    proven = pen is not None and pb is not None and pb >= pen - EPS
    r["nr"] = dict(obj=pen, bound=pb, status="optimal" if proven else
                   ("limit" if pen is not None else "failed"),
                   proc=time_file(os.path.join(d, "netrota.time")), t=s.get("seconds"))
    w = (s.get("weighted") or {}).get("objective")
    r["D"] = None if w is None or pen is None else SCALE * pen - w
    if chk is None:
        r["check"] = "not run"
    elif chk.get("hard_ok") and chk.get("expect_ok", True):
        r["check"] = "ok"
    else:
        rules = sorted({v["rule"] for v in chk.get("violations", [])})
        r["check"] = "**%s**" % "; ".join(
            (["%d broken: %s" % (len(chk["violations"]), ", ".join(rules))] if rules else []) +
            ([] if chk.get("expect_ok", True) else ["penalty %s" % fmt(chk.get("penalty"))]))
    g = glpsol_result(d)
    c = cbc_result(d, const)
    for key, p in (("glpsol", g), ("cbc", c)):
        if p is not None:
            p = dict(p, obj=to_pen(p["obj"]), bound=to_pen(p["bound"]))
        r[key] = p
    return r


def cells(p, bks, limit, rejected=False):
    if p is None:
        return ["not run", "–", "–", "–"]
    obj = p["obj"]
    o = fmt(obj, ",.1f" if obj is not None and abs(obj - round(obj)) > EPS else ",.0f")
    if obj is not None and p["status"] == "optimal":
        o = "**%s**" % o
    if obj is not None and rejected:
        o += " ✗"
    b = p["bound"]
    return [o if obj is not None else "none", fmt(b, ",.1f") if b is not None else "–",
            bks_gap(obj, bks), seconds(p["status"], p.get("proc"), p.get("t"), limit)]


def main(argv):
    if len(argv) < 3:
        print("usage: report.py WORK INSTANCE ...", file=sys.stderr)
        return 2
    work, names = argv[1], argv[2:]
    rows = [row(work, n) for n in names]
    out = []
    out.append("| instance | days × staff × shifts | BKS | Gurobi 10 min | Gurobi 60 min | "
               "netrota | bound | vs BKS | s | glpsol | bound | vs BKS | s | "
               "cbc | bound | vs BKS | s | check | limit s |")
    out.append("|" + "---|" * 19)
    for r in rows:
        out.append("| " + " | ".join(
            [r["name"], "%s × %s × %s" % (r["days"], r["staff"], r["shifts"]),
             fmt(r["bks"]), fmt(r["g10"]), fmt(r["g60"])] +
            cells(r["nr"], r["bks"], r["limit"], r["check"] not in ("ok", "not run")) + cells(r["glpsol"], r["bks"], r["limit"]) +
            cells(r["cbc"], r["bks"], r["limit"]) + [r["check"], r["limit"]]) + " |")
    out.append("")
    out.append("Penalty = the benchmark's objective (requests + cover), lower is better; "
               "**bold** = proven optimal by that solver; bound = its proven lower bound on "
               "the penalty; vs BKS = (penalty - BKS) / BKS; s = wall seconds of the whole "
               "process (netrota: load, build, solve, write rota, summary and MPS; peers: "
               "read the MPS and solve), `(limit)` = stopped at the limit. check = "
               "bench/curtois/check.py on netrota's rota.csv: every hard rule of FORMAT.md "
               "and its own penalty equal to summary.json's.")
    out.append("")
    consts = sorted({r["const"] for r in rows if r["mps"]})
    ds = []
    for r in rows:
        short = "" if not r["D"] else " (%s h short of min_hours)" % fmt(-r["D"] / SHORT_HOUR, ",.0f")
        ds.append("%s %s%s" % (r["name"].replace("Instance", "I"), fmt(r["D"], ",.0f"), short))
    out.append("glpsol and cbc solve the file `netrota solve --write-mps` writes, whose "
               "objective is netrota's weighted objective: 10 × penalty + 10,000 per hour "
               "short of min_hours (MinTotalMinutes, a hard rule of the benchmark, is soft "
               "in netrota). Their penalty here is that objective / %g: exact for a plan "
               "that keeps MinTotalMinutes, and far above any real penalty for one that "
               "does not. The MPS objective row carries no constant (its RHS: %s). "
               "D = 10 × penalty - weighted objective of netrota's own plan (summary.json): "
               "%s. A plan marked ✗ breaks a hard rule (check column): its penalty does "
               "not count as a benchmark result."
               % (SCALE, ", ".join(fmt(c, "g") for c in consts) or "–", ", ".join(ds)))
    out.append("")
    out.append("| instance | MPS rows | columns (binary) | non-zeros | netrota CPU s | peak MB "
               "netrota / glpsol / cbc | load avg before → after: netrota / glpsol / cbc |")
    out.append("|" + "---|" * 7)
    for r in rows:
        d = os.path.join(work, r["name"])
        m = r["mps"]

        def load(before, after):
            la = [(read(os.path.join(d, f)) or "? ").split()[0] for f in (before, after)]
            return "–" if la == ["?", "?"] else "%s → %s" % tuple(la)
        loads = [load("load_before.txt", "load_after.txt")] + \
            [load(p + ".load_before", p + ".load_after") for p in ("glpsol", "cbc")]
        mb = [fmt(((p or {}).get("proc") or {}).get("mb")) for p in (r["nr"], r["glpsol"], r["cbc"])]
        out.append("| %s | %s | %s (%s) | %s | %s | %s | %s |" % (
            r["name"], fmt(m.get("rows")), fmt(m.get("cols")), fmt(m.get("ints")),
            fmt(m.get("nnz")), fmt((r["nr"]["proc"] or {}).get("cpu"), ".1f"),
            " / ".join(mb), " / ".join(loads)))
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
