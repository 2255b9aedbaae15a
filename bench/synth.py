#!/usr/bin/env python3
"""Benchmark scenarios derived from the South Yorkshire example.

  python3 bench/synth.py weeks N  SRC DEST   the example with a period of N weeks
  python3 bench/synth.py scale K  SRC DEST   K copies of the example in one region

Python 3 standard library only, and deterministic: no randomness at all, so
the same source folder always gives the same files byte for byte.

`weeks`: copies SRC and changes the period's weeks. Longer than the source
period, leave.csv and requests.csv rows are repeated shifted by whole source
periods (so a 52-week plan has the example's leave pattern twice, not half a
year without leave); the .ics leave files are copied unchanged (six people).
Rows that start after a shorter period ends are dropped (the loader would
warn about each). The rules that count over the whole period scale with it:
max_weekends (rounded up) and min_duties (rounded to nearest), so "5 weekends
in 26 weeks" becomes 10 in 52 and 3 in 13; per-duty rules (1 in N, days
between, rest, consecutive) stay as they are.

`scale`: K copies of the example's structure. Copy 1 keeps the example's ids
(so K = 1 reproduces the example's model exactly); copy c >= 2 renames every
trust, site, rota and person id with the suffix "-c". Shifts are shared, and
every rule, override, leave row, .ics file, request and travel time is
repeated for each copy. The copies share no person, so the solver sees K
times the example's independent components: this measures how build and
search scale with size, not a harder coupling.
"""

import csv
import io
import math
import os
import re
import shutil
import sys

LIST_SECTIONS = ("trusts", "sites", "rotas", "overrides")
SHIFT_DAYS = 7  # the period is whole weeks


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def top_level_blocks(text):
    """Split the YAML into (key, lines) blocks at column-0 keys; comment and
    blank lines go with the block that follows them."""
    blocks, pending, key, cur = [], [], None, []
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z_]+):", line)
        if m:
            if key is not None or cur:
                blocks.append((key, cur))
            key, cur = m.group(1), pending + [line]
            pending = []
        elif line.strip() == "" or line.startswith("#"):
            pending.append(line)
        else:
            cur += pending + [line]
            pending = []
    blocks.append((key, cur + pending))
    return blocks


def period_weeks(text):
    m = re.search(r"^period:\s*\{[^}]*weeks:\s*(\d+)", text, re.M)
    if not m:
        raise SystemExit("synth.py: no `period: { ..., weeks: N }` line in scenario.yaml")
    return int(m.group(1))


def set_weeks(text, weeks):
    return re.sub(r"^(period:\s*\{[^}]*weeks:\s*)\d+", lambda m: m.group(1) + str(weeks),
                  text, count=1, flags=re.M)


def shift_date(s, days):
    import datetime as dt
    if "T" in s:
        d = dt.datetime.fromisoformat(s) + dt.timedelta(days=days)
        return d.strftime("%Y-%m-%dT%H:%M")
    return (dt.date.fromisoformat(s) + dt.timedelta(days=days)).isoformat()


def cmd_weeks(weeks, src, dest):
    if os.path.exists(dest):
        shutil.rmtree(dest)
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("whatif", "generate.py", "__pycache__"))
    path = os.path.join(dest, "scenario.yaml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    base = period_weeks(text)
    def per_period(key, rnd):
        return lambda m: f"{key}: {max(1, rnd(int(m.group(1)) * weeks / base))}"

    text = re.sub(r"max_weekends:\s*(\d+)", per_period("max_weekends", math.ceil), text)
    text = re.sub(r"min_duties:\s*(\d+)", per_period("min_duties", lambda v: int(v + 0.5)), text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(set_weeks(text, weeks))
    start = re.search(r"^period:\s*\{[^}]*start:\s*([0-9-]+)", text, re.M).group(1)
    end = shift_date(start, weeks * SHIFT_DAYS)  # exclusive
    repeats = -(-weeks // base)  # ceil
    for name, cols in (("leave.csv", ("start", "end")), ("requests.csv", ("date",))):
        p = os.path.join(dest, name)
        if not os.path.exists(p):
            continue
        header, rows = read_csv(p)
        idx = [header.index(c) for c in cols]
        out = []
        for k in range(repeats):
            for r in rows:
                r2 = list(r)
                for i in idx:
                    r2[i] = shift_date(r2[i], k * base * SHIFT_DAYS)
                if r2[idx[0]][:10] < end:
                    out.append(r2)
        write_csv(p, header, out)


def ids_of(blocks, section):
    for key, lines in blocks:
        if key == section:
            return re.findall(r"(?:^|[{\s])id:\s*([^\s,}]+)", "\n".join(lines))
    return []


def renamer(ids, c):
    """Replace whole ids (ids may contain '-', so '-' counts as part of a word)."""
    if c == 1 or not ids:
        return lambda s: s
    pat = re.compile(r"(?<![\w-])(" + "|".join(re.escape(i) for i in
                                             sorted(ids, key=len, reverse=True)) + r")(?![\w-])")
    return lambda s: pat.sub(lambda m: f"{m.group(1)}-{c}", s)


def cmd_scale(k, src, dest):
    if os.path.exists(dest):
        shutil.rmtree(dest)
    os.makedirs(os.path.join(dest, "leave"))
    with open(os.path.join(src, "scenario.yaml"), encoding="utf-8") as f:
        text = f.read()
    blocks = top_level_blocks(text)
    ppl_header, ppl_rows = read_csv(os.path.join(src, "consultants.csv"))
    pid = ppl_header.index("id")
    ids = set(ids_of(blocks, "trusts")) | set(ids_of(blocks, "sites")) | \
        set(ids_of(blocks, "rotas")) | {r[pid] for r in ppl_rows}
    ren = [renamer(ids, c) for c in range(1, k + 1)]

    out = [f"# {k} copies of {os.path.relpath(src, dest)} (bench/synth.py scale {k}); "
           "copy c >= 2 has ids suffixed -c."]
    for key, lines in blocks:
        if key == "region":
            out += [l for l in lines if not l.startswith("#")]
            out[-1] = out[-1].rstrip() + f" x{k}" if '"' not in out[-1] else \
                out[-1].rstrip()[:-1] + f' x{k}"'
        elif key in LIST_SECTIONS:
            body = [l for l in lines if l.strip() and not l.lstrip().startswith("#")]
            out.append(body[0])
            for c in range(k):
                # Comments after an item mention ids; drop them in the copies.
                out += [re.sub(r"\s+#.*$", "", ren[c](l)) if c else l for l in body[1:]]
        else:
            out += lines
    with open(os.path.join(dest, "scenario.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")

    def many(name, fix):
        p = os.path.join(src, name)
        if not os.path.exists(p):
            return
        header, rows = read_csv(p)
        write_csv(os.path.join(dest, name), header,
                  [fix(header, r, c) for c in range(k) for r in rows])

    def fix_people(h, r, c):
        r = [ren[c](v) if h[i] in ("id", "trust", "base_site", "rotas") else v
             for i, v in enumerate(r)]
        if c and "email" in h and r[h.index("email")]:
            e = r[h.index("email")]
            r[h.index("email")] = e.replace("@", f"+{c + 1}@", 1)
        return r

    def fix_cols(cols):
        return lambda h, r, c: [ren[c](v) if h[i] in cols else v for i, v in enumerate(r)]

    many("consultants.csv", fix_people)
    many("leave.csv", fix_cols(("person",)))
    many("requests.csv", fix_cols(("person", "rota")))
    many("travel.csv", fix_cols(("from", "to")))
    for name in sorted(os.listdir(os.path.join(src, "leave"))):
        stem, ext = os.path.splitext(name)
        for c in range(k):
            shutil.copyfile(os.path.join(src, "leave", name),
                            os.path.join(dest, "leave", ren[c](stem) + ext))


def main(argv):
    if len(argv) != 5 or argv[1] not in ("weeks", "scale") or not argv[2].isdigit():
        sys.stderr.write(__doc__)
        return 2
    n = int(argv[2])
    if n < 1:
        sys.stderr.write("synth.py: N and K must be at least 1\n")
        return 2
    (cmd_weeks if argv[1] == "weeks" else cmd_scale)(n, argv[3], argv[4])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
