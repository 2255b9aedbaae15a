"""seqcheck.py OLD_DIR NEW_DIR SUMMARY_JSON: after `solve --from`, SEQUENCE
is raised exactly on the events of the duties listed in summary.json's
"changes" (in every trust and person feed), and kept everywhere else.

Prints "raised kept new changed_duties" and exits 1 on any breach."""
import glob
import json
import os
import re
import sys

KEY = re.compile(r"^duty-(.*)\.([^.]*)\.(\d{4})(\d{2})(\d{2})\.\d+-")


def events(path):
    out, cur = {}, None
    with open(path, newline="") as f:
        text = f.read().replace("\r\n ", "").replace("\r\n", "\n")
    for line in text.split("\n"):
        if line == "BEGIN:VEVENT":
            cur = {}
        elif line == "END:VEVENT":
            out[cur["UID"]] = cur
            cur = None
        elif cur is not None and ":" in line:
            k, v = line.split(":", 1)
            cur[k.split(";")[0]] = v
    return out


old_dir, new_dir = sys.argv[1], sys.argv[2]
changes = json.load(open(sys.argv[3]))["changes"]["list"]
moved = {(c["rota"], c["shift"], c["date"]) for c in changes}
raised = kept = new = 0
seen = set()
bad = []
for path in sorted(glob.glob(os.path.join(new_dir, "trusts", "*.ics")) +
                   glob.glob(os.path.join(new_dir, "people", "*.ics"))):
    feed = os.path.relpath(path, new_dir)
    old_path = os.path.join(old_dir, feed)
    before = events(old_path) if os.path.exists(old_path) else {}
    for uid, ev in events(path).items():
        m = KEY.match(uid)
        if not m:
            bad.append(f"{feed}: UID {uid} names no duty")
            continue
        key = (m.group(1), m.group(2), f"{m.group(3)}-{m.group(4)}-{m.group(5)}")
        seq = int(ev["SEQUENCE"])
        if uid not in before:
            new += 1
            if key not in moved:
                bad.append(f"{feed}: {uid} is new but its duty did not move")
            if seq != 0:
                bad.append(f"{feed}: new {uid} has SEQUENCE {seq}")
            seen.add(key)
            continue
        seq0 = int(before[uid]["SEQUENCE"])
        if key in moved:
            seen.add(key)
            if seq != seq0 + 1:
                bad.append(f"{feed}: {uid} moved but SEQUENCE {seq0} -> {seq}")
            raised += 1
        else:
            if seq != seq0:
                bad.append(f"{feed}: {uid} did not move but SEQUENCE {seq0} -> {seq}")
            kept += 1
for key in sorted(moved - seen):
    bad.append(f"moved duty {key} has no raised or new event in any feed")
print(raised, kept, new, len(moved))
for b in bad[:20]:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
