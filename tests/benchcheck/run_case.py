#!/usr/bin/env python3
"""Run bench/curtois/check.py on one case folder and compare with its `case` file.

  run_case.py CHECK_PY DATA_DIR CURTOIS_DIR CASE_DIR

The `case` file, one directive a line (# starts a comment line):
  instance FILE     relative to DATA_DIR; ${CURTOIS}/NAME for the benchmark
                    folder (the test is skipped, exit 77, when it is absent)
  rota FILE         relative to CASE_DIR (default rota.csv)
  args ...          more arguments for check.py (split on blanks)
  crlf              give check.py a copy of the instance with CRLF line ends
  exit N            check.py's exit status
  violation REGEX   one per expected violation line; every violation line must
                    match a different one, and there must be no other
  line REGEX        some stdout line matches
  stderr REGEX      some stderr line matches
  penalty N         the last stdout line is exactly "penalty N"
  json PATH VALUE   (with --json) the field at PATH (a/b/0) equals VALUE (JSON)
  json-len PATH N   (with --json) the list at PATH has N items
A violation line is any stdout line that is not a `terms`, `penalty`,
`mismatch:` or `#` line. Every failed expectation is printed; exit 1 if any.
"""

import json
import os
import re
import subprocess
import sys
import tempfile


def main(argv):
    check_py, data, curtois, case_dir = argv[1:5]
    spec = {"rota": "rota.csv", "args": [], "crlf": False, "violation": [], "line": [],
            "stderr": [], "json": [], "json-len": []}
    with open(os.path.join(case_dir, "case"), encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            key, _, rest = line.partition(" ")
            if key in ("violation", "line", "stderr"):
                spec[key].append(rest)
            elif key in ("json", "json-len"):
                path, _, value = rest.partition(" ")
                spec[key].append((path, value))
            elif key == "args":
                spec["args"] = rest.split()
            elif key == "crlf":
                spec["crlf"] = True
            elif key in ("instance", "rota", "exit", "penalty"):
                spec[key] = rest
            else:
                print("%s/case:%d: unknown directive '%s'" % (case_dir, no, key))
                return 1
    if "instance" not in spec or "exit" not in spec:
        print("%s/case: needs instance and exit" % case_dir)
        return 1

    instance = spec["instance"]
    if instance.startswith("${CURTOIS}/"):
        instance = os.path.join(curtois, instance[len("${CURTOIS}/"):])
        if not os.path.isfile(instance):
            print("skipped: %s is not here" % instance)
            return 77
    else:
        instance = os.path.join(data, instance)

    with tempfile.TemporaryDirectory() as tmp:
        if spec["crlf"]:
            with open(instance, "rb") as f:
                body = f.read()
            assert b"\r" not in body, "the instance already has CR characters"
            instance = os.path.join(tmp, os.path.basename(instance))
            with open(instance, "wb") as f:
                f.write(body.replace(b"\n", b"\r\n"))
        rota = os.path.join(case_dir, spec["rota"])
        cmd = [sys.executable, check_py, instance, rota] + spec["args"]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True)

    out, err = proc.stdout.splitlines(), proc.stderr.splitlines()
    problems = []
    if proc.returncode != int(spec["exit"]):
        problems.append("exit %d, expected %s" % (proc.returncode, spec["exit"]))

    as_json = "--json" in spec["args"]
    if not as_json:
        lines = [l for l in out if not re.match(r"(terms |penalty |mismatch: |#)", l)]
        left = list(lines)
        for pat in spec["violation"]:
            hit = next((l for l in left if re.search(pat, l)), None)
            if hit is None:
                problems.append("no violation line matches %r" % pat)
            else:
                left.remove(hit)
        for l in left:
            problems.append("unexpected violation line: %s" % l)
        for pat in spec["line"]:
            if not any(re.search(pat, l) for l in out):
                problems.append("no output line matches %r" % pat)
        if "penalty" in spec:
            last = out[-1] if out else "(no output)"
            if last != "penalty " + spec["penalty"]:
                problems.append("last line %r, expected 'penalty %s'" % (last, spec["penalty"]))
    else:
        try:
            doc = json.loads(proc.stdout)
        except ValueError as e:
            doc = None
            problems.append("stdout is not JSON: %s" % e)
        for key, want, is_len in ([(p, v, False) for p, v in spec["json"]] +
                                  [(p, v, True) for p, v in spec["json-len"]]):
            if doc is None:
                break
            node = doc
            try:
                for part in key.split("/"):
                    node = node[int(part)] if isinstance(node, list) else node[part]
            except (KeyError, IndexError, ValueError, TypeError):
                problems.append("JSON has no %s" % key)
                continue
            if is_len:
                if len(node) != int(want):
                    problems.append("JSON %s has %d items, expected %s" % (key, len(node), want))
            elif node != json.loads(want):
                problems.append("JSON %s is %r, expected %s" % (key, node, want))
    for pat in spec["stderr"]:
        if not any(re.search(pat, l) for l in err):
            problems.append("no stderr line matches %r" % pat)

    if problems:
        print("$ " + " ".join(cmd))
        print("--- stdout\n" + proc.stdout + "--- stderr\n" + proc.stderr + "---")
        for p in problems:
            print("FAIL: " + p)
        return 1
    print("ok: exit %d, %d stdout lines" % (proc.returncode, len(out)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
