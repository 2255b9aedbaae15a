#!/usr/bin/python3
"""netlog_check.py NETLOG [--expect-found]

Lists the network requests that the page made, from a Chromium net log
(--log-net-log). A request is the page's when its initiator is an origin
(a file:// page's opaque origin is written "null") or its network isolation
key is the file:// site; Chromium's own background services (update checks,
network time, accounts) log "not an origin" and are only counted.

Exit 0 when the page requested nothing but file: and data: URLs, 1 when it
did. With --expect-found the sense is reversed: the control page, which
links a stylesheet and an image on other hosts, must be caught, or this
checker would be blind and the real check worthless."""
import json
import re
import sys


def load(path):
    text = open(path, encoding="utf-8").read()
    try:
        return json.loads(text)
    except ValueError:
        # Chromium may stop before closing the events array.
        return json.loads(text.rstrip().rstrip(",") + "]}")


def main():
    args = sys.argv[1:]
    expect_found = "--expect-found" in args
    args = [a for a in args if a != "--expect-found"]
    if len(args) != 1:
        sys.exit(__doc__)
    log = load(args[0])
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    events = log.get("events", [])
    started = 0
    page, background = set(), set()
    for e in events:
        if names.get(e.get("type")) != "URL_REQUEST_START_JOB":
            continue
        p = e.get("params", {})
        url = p.get("url", "")
        started += 1
        initiator = p.get("initiator", "not an origin")
        nik = p.get("network_isolation_key", "")
        if initiator != "not an origin" or "file://" in nik:
            if not re.match(r"(file|data):", url):
                page.add(url)
        else:
            background.add(url.split("?")[0])
    print(f"net log: {len(events)} events, {started} requests started; "
          f"by the page: {sorted(page)}; Chromium's own (not the page's): {sorted(background)}")
    if not events:
        print("the net log is empty", file=sys.stderr)
        return 1
    if expect_found:
        return 0 if page else 1
    return 1 if page else 0


if __name__ == "__main__":
    sys.exit(main())
