"""feeds.py OLD_DIR NEW_DIR FEED: compare one feed across two publications.

Prints "changed unchanged cancelled" and exits 1 when a SEQUENCE rule is
broken: an event whose content (SUMMARY, DTSTART, DTEND, STATUS) is the same
keeps its SEQUENCE; a changed or cancelled one has SEQUENCE raised by one."""
import sys


def events(path):
    out, cur, last = {}, None, None
    with open(path, newline="") as f:
        text = f.read().replace("\r\n ", "").replace("\r\n", "\n")
    for line in text.split("\n"):
        if line == "BEGIN:VEVENT":
            cur = {}
        elif line == "END:VEVENT":
            out[cur["UID"]] = cur
            cur = None
        elif cur is not None and ":" in line:
            key, value = line.split(":", 1)
            cur[key.split(";")[0]] = value
    return out


old = events(sys.argv[1] + "/" + sys.argv[3])
new = events(sys.argv[2] + "/" + sys.argv[3])
changed = unchanged = cancelled = 0
bad = []
for uid, ev in new.items():
    if uid not in old:
        continue
    before = old[uid]
    same = all(before.get(k) == ev.get(k) for k in ("SUMMARY", "DTSTART", "DTEND", "STATUS"))
    seq0, seq1 = int(before["SEQUENCE"]), int(ev["SEQUENCE"])
    if same:
        unchanged += 1
        if seq1 != seq0:
            bad.append(f"{uid}: unchanged but SEQUENCE {seq0} -> {seq1}")
    else:
        changed += 1
        if ev.get("STATUS") == "CANCELLED":
            cancelled += 1
        if seq1 != seq0 + 1:
            bad.append(f"{uid}: changed but SEQUENCE {seq0} -> {seq1}")
print(changed, unchanged, cancelled)
for b in bad:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
