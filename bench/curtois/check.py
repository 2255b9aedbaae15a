#!/usr/bin/env python3
"""Check a netrota rota.csv against a Curtois & Qu benchmark instance.

  check.py INSTANCE ROTA_CSV [--expect N] [--json] [--verbose]

This is the benchmark's referee, written apart from netrota's importer and
model on purpose: it reads the instance text itself
(/work/shared/benchmarks/curtois/FORMAT.md) and the rota netrota wrote, checks
every hard rule of FORMAT.md section 2 and recomputes the soft penalty from
the rota alone. Python 3 standard library only.

rota.csv columns used: date, shift, person (by name, any order; the other
columns are ignored). A row with an empty person is an uncovered slot and is
skipped. The day index is date - 2024-01-01, the Monday the importer starts
the period on. One leading apostrophe is removed from every field (netrota
writes one before a value that a spreadsheet would run as a formula).

Output: one line per broken rule, `RULE WHERE: detail`, where RULE is one of
RULES below and WHERE is a person id or ROTA_CSV:LINE; then a `terms` line
with the penalty by kind and a final `penalty N` line. With --expect N a
different penalty adds a `mismatch` line. --verbose also lists the unmet
requests and the cover deviations as `#` lines. --json prints all of it as
one JSON object instead.

Exit status: 0 every hard rule holds (and the penalty is N with --expect),
1 a rule is broken or the penalty is not N, 2 an input cannot be read or is
malformed (the message names the file and line, on stderr).

Conventions (FORMAT.md section 2, the ones the published optima assume):
* succession: only day d to day d+1 inside the horizon;
* max consecutive: every run of worked days, wherever it lies, is <= c;
* min consecutive shifts: a run of worked days that touches day 0 or day H-1
  is exempt; only interior runs must be >= m;
* min consecutive days off: likewise a run of days off touching day 0 or
  day H-1 is exempt;
* weekend k is days 7k+5 (Sat) and 7k+6 (Sun); worked if either is;
* a staff member without a MaxShifts entry for a shift type has no cap on it.
"""

import csv
import datetime
import json
import re
import sys

EPOCH = datetime.date(2024, 1, 1)
SECTIONS = ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_DAYS_OFF",
            "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER")
RULES = ("unknown-staff", "unknown-shift", "unknown-date", "one-shift-per-day", "succession",
         "max-shifts", "max-minutes", "min-minutes", "max-consecutive", "min-consecutive",
         "min-days-off", "max-weekends", "day-off")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class BadInput(Exception):
    """An input that cannot be read or does not follow its format."""


def day_label(d):
    date = EPOCH + datetime.timedelta(days=d)
    return "%d (%s %s)" % (d, WEEKDAYS[date.weekday()], date.isoformat())


def days_label(a, b):
    return day_label(a) if a == b else "%s..%s" % (day_label(a), day_label(b))


def number(x):
    """Print integral penalties as integers, the way the benchmark quotes them."""
    return str(int(round(x))) if abs(x - round(x)) < 1e-9 else repr(x)


# ---------------------------------------------------------------- instance

def to_int(text, path, line, what, low=None):
    if not re.fullmatch(r"-?[0-9]+", text):
        raise BadInput("%s:%d: %s '%s' is not an integer" % (path, line, what, text))
    v = int(text)
    if low is not None and v < low:
        raise BadInput("%s:%d: %s %d is below %d" % (path, line, what, v, low))
    return v


def read_sections(path):
    """Map section name -> list of (line number, fields)."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise BadInput("%s: cannot read: %s" % (path, e.strerror or e))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput("%s: not UTF-8/ASCII text" % path)
    sections = {}
    current = None
    for no, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r").strip()
        if line.startswith("#"):
            continue
        if not line:
            current = None  # a blank line ends a section
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                raise BadInput("%s:%d: unknown section '%s'" % (path, no, line))
            if line in sections:
                raise BadInput("%s:%d: %s appears twice" % (path, no, line))
            current = line
            sections[current] = []
            continue
        if current is None:
            raise BadInput("%s:%d: data outside any section: '%s'" % (path, no, line))
        sections[current].append((no, line.split(",")))
    for name in SECTIONS:
        if name not in sections:
            raise BadInput("%s: no %s" % (path, name))
    return sections


def read_instance(path):
    sec = read_sections(path)
    inst = {"path": path}

    rows = sec["SECTION_HORIZON"]
    if len(rows) != 1 or len(rows[0][1]) != 1:
        raise BadInput("%s:%d: SECTION_HORIZON must hold one number" %
                       (path, rows[0][0] if rows else 0))
    H = to_int(rows[0][1][0], path, rows[0][0], "horizon", 1)
    inst["H"] = H

    length, forbid, shift_order, shift_line = {}, {}, [], {}
    for no, f in sec["SECTION_SHIFTS"]:
        if len(f) not in (2, 3) or not f[0]:
            raise BadInput("%s:%d: a shift row is ShiftID,LengthMins,Forbidden|..." % (path, no))
        if f[0] in length:
            raise BadInput("%s:%d: shift '%s' defined twice" % (path, no, f[0]))
        length[f[0]] = to_int(f[1], path, no, "shift length", 1)
        forbid[f[0]] = [s for s in (f[2].split("|") if len(f) == 3 else []) if s]
        shift_order.append(f[0])
        shift_line[f[0]] = no
    for t in shift_order:
        for u in forbid[t]:
            if u not in length:
                raise BadInput("%s:%d: shift '%s' lists unknown shift '%s' as not following it" %
                               (path, shift_line[t], t, u))
    inst.update(length=length, forbid=forbid, shifts=shift_order)

    staff, staff_order = {}, []
    for no, f in sec["SECTION_STAFF"]:
        if len(f) != 8 or not f[0]:
            raise BadInput("%s:%d: a staff row has 8 fields, not %d" % (path, no, len(f)))
        e = f[0]
        if e in staff:
            raise BadInput("%s:%d: staff '%s' defined twice" % (path, no, e))
        caps = {}
        for item in f[1].split("|"):
            m = re.fullmatch(r"([^=]+)=(-?[0-9]+)", item)
            if not m:
                raise BadInput("%s:%d: MaxShifts item '%s' is not ShiftID=max" % (path, no, item))
            if m.group(1) not in length:
                raise BadInput("%s:%d: MaxShifts names unknown shift '%s'" % (path, no, m.group(1)))
            caps[m.group(1)] = to_int(m.group(2), path, no, "MaxShifts", 0)
        names = ("MaxTotalMinutes", "MinTotalMinutes", "MaxConsecutiveShifts",
                 "MinConsecutiveShifts", "MinConsecutiveDaysOff", "MaxWeekends")
        vals = [to_int(v, path, no, n, 0) for v, n in zip(f[2:], names)]
        staff[e] = dict(caps=caps, max_min=vals[0], min_min=vals[1], max_cons=vals[2],
                        min_cons=vals[3], min_off=vals[4], max_we=vals[5], days_off=set())
        staff_order.append(e)
    inst.update(staff=staff, staff_order=staff_order)

    def known_staff(e, no):
        if e not in staff:
            raise BadInput("%s:%d: unknown staff '%s'" % (path, no, e))

    def known_day(text, no):
        d = to_int(text, path, no, "day", 0)
        if d >= H:
            raise BadInput("%s:%d: day %d is beyond the horizon (%d days)" % (path, no, d, H))
        return d

    def known_shift(t, no):
        if t not in length:
            raise BadInput("%s:%d: unknown shift '%s'" % (path, no, t))

    for no, f in sec["SECTION_DAYS_OFF"]:
        if len(f) < 2:
            raise BadInput("%s:%d: a days-off row is EmployeeID,day,..." % (path, no))
        known_staff(f[0], no)
        for d in f[1:]:
            staff[f[0]]["days_off"].add(known_day(d, no))

    for key, name in (("on", "SECTION_SHIFT_ON_REQUESTS"), ("off", "SECTION_SHIFT_OFF_REQUESTS")):
        reqs = []
        for no, f in sec[name]:
            if len(f) != 4:
                raise BadInput("%s:%d: a request row is EmployeeID,Day,ShiftID,Weight" % (path, no))
            known_staff(f[0], no)
            known_shift(f[2], no)
            reqs.append((f[0], known_day(f[1], no), f[2], to_int(f[3], path, no, "weight", 0)))
        inst[key] = reqs

    cover = {}
    for no, f in sec["SECTION_COVER"]:
        if len(f) != 5:
            raise BadInput("%s:%d: a cover row is Day,ShiftID,Requirement,WeightUnder,WeightOver" %
                           (path, no))
        d = known_day(f[0], no)
        known_shift(f[1], no)
        if (d, f[1]) in cover:
            raise BadInput("%s:%d: cover for day %d shift %s given twice" % (path, no, d, f[1]))
        cover[(d, f[1])] = tuple(to_int(v, path, no, n, 0) for v, n in
                                 zip(f[2:], ("requirement", "under weight", "over weight")))
    inst["cover"] = cover
    return inst


# ---------------------------------------------------------------- rota

def read_rota(path):
    """List of (csv line, person, date text, shift) for every held slot."""
    try:
        f = open(path, encoding="utf-8-sig", newline="")
    except OSError as e:
        raise BadInput("%s: cannot read: %s" % (path, e.strerror or e))
    rows = []
    try:
        with f:
            reader = csv.reader(f)
            try:
                header = next(reader)
            except StopIteration:
                raise BadInput("%s: empty file (a header row is needed)" % path)
            header = [h.strip() for h in header]
            col = {}
            for need in ("date", "shift", "person"):
                if need not in header:
                    raise BadInput("%s:1: no '%s' column (columns: %s)" %
                                   (path, need, ",".join(header)))
                col[need] = header.index(need)
            for rec in reader:
                no = reader.line_num
                if not rec or rec == [""]:
                    continue
                if len(rec) != len(header):
                    raise BadInput("%s:%d: %d fields, the header has %d" %
                                   (path, no, len(rec), len(header)))
                rec = [v[1:] if v.startswith("'") else v for v in rec]
                date, shift, person = (rec[col[k]].strip() for k in ("date", "shift", "person"))
                m = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", date)
                try:
                    if not m:
                        raise ValueError
                    when = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    raise BadInput("%s:%d: date '%s' is not YYYY-MM-DD" % (path, no, date))
                if person:
                    rows.append((no, person, (when - EPOCH).days, shift))
    except UnicodeDecodeError:
        raise BadInput("%s: not UTF-8 text" % path)
    except csv.Error as e:
        raise BadInput("%s: %s" % (path, e))
    return rows


# ---------------------------------------------------------------- rules

def runs(flags, value):
    """(first, last) of every maximal run of `value` in flags."""
    out, start = [], None
    for d, v in enumerate(flags + [not value]):
        if v == value and start is None:
            start = d
        elif v != value and start is not None:
            out.append((start, d - 1))
            start = None
    return out


def check(inst, rota_path, rows):
    H, staff, length = inst["H"], inst["staff"], inst["length"]
    viol = []

    def add(rule, where, text):
        viol.append(dict(rule=rule, where=where, message=text))

    # held[e][d] = [(shift, csv line)]: rows with an unknown person, shift or
    # day are reported and left out of every other rule and of the penalty.
    held = {e: {} for e in inst["staff_order"]}
    for no, e, d, t in rows:
        where = "%s:%d" % (rota_path, no)
        bad = False
        if e not in staff:
            add("unknown-staff", where, "person '%s' is not in SECTION_STAFF" % e)
            bad = True
        if t not in length:
            add("unknown-shift", where, "shift '%s' is not in SECTION_SHIFTS" % t)
            bad = True
        if not 0 <= d < H:
            add("unknown-date", where, "%s is outside the horizon %s..%s (%d days)" % (
                (EPOCH + datetime.timedelta(days=d)).isoformat(), EPOCH.isoformat(),
                (EPOCH + datetime.timedelta(days=H - 1)).isoformat(), H))
            bad = True
        if not bad:
            held[e].setdefault(d, []).append((t, no))

    x = {}  # e -> set of (d, t)
    for e in inst["staff_order"]:
        s = staff[e]
        hd = held[e]
        x[e] = {(d, t) for d in hd for t, _ in hd[d]}
        w = [d in hd for d in range(H)]

        for d in sorted(hd):
            if len(hd[d]) > 1:
                add("one-shift-per-day", e, "day %s: %d shifts (%s)" % (
                    day_label(d), len(hd[d]),
                    ", ".join("%s at %s:%d" % (t, rota_path, no) for t, no in hd[d])))

        for d in sorted(hd):
            for t, _ in hd[d]:
                for u, _ in hd.get(d + 1, []):
                    if u in inst["forbid"][t]:
                        add("succession", e, "%s on day %s, then %s on day %s: %s cannot follow %s"
                            % (t, day_label(d), u, day_label(d + 1), u, t))

        for t in inst["shifts"]:
            n = sum(1 for (_, u) in x[e] if u == t)
            cap = s["caps"].get(t)
            if cap is not None and n > cap:
                add("max-shifts", e, "%d shifts %s, MaxShifts %s=%d" % (n, t, t, cap))

        minutes = sum(length[t] for (_, t) in x[e])
        if minutes > s["max_min"]:
            add("max-minutes", e, "%d minutes > MaxTotalMinutes %d" % (minutes, s["max_min"]))
        if minutes < s["min_min"]:
            add("min-minutes", e, "%d minutes < MinTotalMinutes %d" % (minutes, s["min_min"]))

        for a, b in runs(w, True):
            n = b - a + 1
            if n > s["max_cons"]:
                add("max-consecutive", e, "works days %s: %d in a row > MaxConsecutiveShifts %d"
                    % (days_label(a, b), n, s["max_cons"]))
            if a > 0 and b < H - 1 and n < s["min_cons"]:
                add("min-consecutive", e, "works days %s: %d in a row < MinConsecutiveShifts %d"
                    % (days_label(a, b), n, s["min_cons"]))
        for a, b in runs(w, False):
            n = b - a + 1
            if a > 0 and b < H - 1 and n < s["min_off"]:
                add("min-days-off", e, "off days %s: %d in a row < MinConsecutiveDaysOff %d"
                    % (days_label(a, b), n, s["min_off"]))

        worked = [sat for sat in range(5, H, 7) if w[sat] or (sat + 1 < H and w[sat + 1])]
        if len(worked) > s["max_we"]:
            add("max-weekends", e, "works %d weekends (Saturdays %s) > MaxWeekends %d" % (
                len(worked), ", ".join(str(d) for d in worked), s["max_we"]))

        for d in sorted(s["days_off"]):
            if w[d]:
                add("day-off", e, "works %s on day %s, a day off" % (
                    "/".join(t for t, _ in hd[d]), day_label(d)))

    terms = {"on-requests": 0, "off-requests": 0, "under-cover": 0, "over-cover": 0}
    unmet = []
    for e, d, t, wt in inst["on"]:
        if (d, t) not in x[e]:
            terms["on-requests"] += wt
            unmet.append(("on", e, d, t, wt))
    for e, d, t, wt in inst["off"]:
        if (d, t) in x[e]:
            terms["off-requests"] += wt
            unmet.append(("off", e, d, t, wt))
    cover_dev = []
    for (d, t), (req, wu, wo) in sorted(inst["cover"].items()):
        n = sum(1 for e in inst["staff_order"] if (d, t) in x[e])
        if n < req:
            terms["under-cover"] += (req - n) * wu
        elif n > req:
            terms["over-cover"] += (n - req) * wo
        if n != req:
            cover_dev.append((d, t, req, n))
    return viol, terms, unmet, cover_dev


# ---------------------------------------------------------------- main

USAGE = "usage: check.py INSTANCE ROTA_CSV [--expect N] [--json] [--verbose]"


def main(argv):
    args, expect, as_json, verbose = [], None, False, False
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "--expect" or a.startswith("--expect="):
            if a == "--expect":
                i += 1
                if i >= len(argv):
                    print("check.py: --expect needs a number\n" + USAGE, file=sys.stderr)
                    return 2
                v = argv[i]
            else:
                v = a.split("=", 1)[1]
            try:
                expect = float(v)
            except ValueError:
                print("check.py: --expect '%s' is not a number" % v, file=sys.stderr)
                return 2
        elif a == "--json":
            as_json = True
        elif a in ("-v", "--verbose"):
            verbose = True
        elif a in ("-h", "--help"):
            print(USAGE)
            return 0
        elif a.startswith("-") and a != "-":
            print("check.py: unknown option '%s'\n%s" % (a, USAGE), file=sys.stderr)
            return 2
        else:
            args.append(a)
        i += 1
    if len(args) != 2:
        print(USAGE, file=sys.stderr)
        return 2

    try:
        inst = read_instance(args[0])
        rows = read_rota(args[1])
    except BadInput as e:
        print("check.py: %s" % e, file=sys.stderr)
        return 2

    viol, terms, unmet, cover_dev = check(inst, args[1], rows)
    penalty = sum(terms.values())
    mismatch = expect is not None and abs(penalty - expect) > 1e-6
    ok = not viol and not mismatch

    if as_json:
        out = dict(instance=args[0], rota=args[1], ok=ok, hard_ok=not viol,
                   violations=viol, terms=terms, penalty=penalty, held=len(rows),
                   unmet_requests=[dict(kind=k, person=e, day=d, shift=t, weight=wt)
                                   for k, e, d, t, wt in unmet],
                   cover_deviations=[dict(day=d, shift=t, required=r, held=n)
                                     for d, t, r, n in cover_dev])
        if expect is not None:
            out["expect"] = expect
            out["expect_ok"] = not mismatch
        print(json.dumps(out, indent=2))
    else:
        for v in viol:
            print("%s %s: %s" % (v["rule"], v["where"], v["message"]))
        if verbose:
            for k, e, d, t, wt in unmet:
                print("# %s-request %s day %s shift %s weight %d %s" % (
                    k, e, day_label(d), t, wt, "unmet" if k == "on" else "held"))
            for d, t, r, n in cover_dev:
                print("# cover day %s shift %s: %d held, %d required" % (day_label(d), t, n, r))
        if mismatch:
            print("mismatch: penalty %s, expected %s" % (number(penalty), number(expect)))
        print("terms " + " ".join("%s %s" % (k, number(v)) for k, v in terms.items()))
        print("penalty %s" % number(penalty))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
