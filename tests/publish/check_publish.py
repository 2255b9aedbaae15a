#!/usr/bin/python3
"""check_publish.py - checks of published feeds with python3-icalendar (Debian),
independent of the C code that wrote them. Run with /usr/bin/python3.

  check_publish.py first DATA OUT NOW   every rota.csv slot once in its people feed and
                                        in each covered trust's feed, nothing else; names,
                                        clock-change durations, DTSTAMP, UIDs free of people
  check_publish.py same A B             two publishes of one plan: same UIDs and SEQUENCEs,
                                        files identical but for DTSTAMP
  check_publish.py transition A B CHANGED CANCELLED DROPPED
                                        every event of A is in B with the same SEQUENCE
                                        (unchanged), SEQUENCE+1 (changed or cancelled), or
                                        gone (was cancelled); the counts must match
"""
import csv
import datetime
import glob
import os
import re
import sys

import icalendar
import yaml

UTC = datetime.timezone.utc
failures = []


def fail(msg):
    failures.append(msg)


def feeds(out):
    res = {}
    for path in sorted(glob.glob(os.path.join(out, 'trusts', '*.ics')) +
                       glob.glob(os.path.join(out, 'people', '*.ics'))):
        key = os.path.relpath(path, out)
        raw = open(path, 'rb').read()
        cal = icalendar.Calendar.from_ical(raw)
        events = {}
        for ev in cal.walk('VEVENT'):
            uid = str(ev['UID'])
            if uid in events:
                fail(f'{key}: UID {uid} twice')
            events[uid] = {
                'uid': uid,
                'seq': int(ev.get('SEQUENCE', 0)),
                'status': str(ev.get('STATUS', '')),
                'summary': str(ev.get('SUMMARY', '')),
                'location': str(ev.get('LOCATION', '')),
                'description': str(ev.get('DESCRIPTION', '')),
                'start': ev.decoded('DTSTART'),
                'end': ev.decoded('DTEND'),
                'stamp': ev.decoded('DTSTAMP'),
            }
        res[key] = {'cal': cal, 'events': events, 'raw': raw}
    return res


def iso(s):
    return datetime.datetime.fromisoformat(s)


def first(data, out, now):
    scen = yaml.safe_load(open(os.path.join(data, 'scenario.yaml'), encoding='utf-8'))
    site_trust = {s['id']: s['trust'] for s in scen['sites']}
    rotas = {k['id']: k for k in scen['rotas']}
    shifts = {s['id']: s for s in scen['shifts']}
    people = {row['id']: row for row in
              csv.DictReader(open(os.path.join(data, 'consultants.csv'), encoding='utf-8'))}
    trust_names = {t['id']: t['name'] for t in scen['trusts']}
    fs = feeds(out)
    expected_count = {k: 0 for k in fs}
    for k in [f'trusts/{t}.ics' for t in trust_names] + [f'people/{p}.ics' for p in people]:
        if k not in fs:
            fail(f'feed {k} missing')
            expected_count[k] = 0
    rows = list(csv.DictReader(open(os.path.join(out, 'rota.csv'), encoding='utf-8')))
    if not rows:
        fail('rota.csv is empty')
    for row in rows:
        rota = rotas[row['rota']]
        shift = shifts[row['shift']]
        start, end = iso(row['start']), iso(row['end'])
        label = f"{rota.get('name', rota['id'])} {shift.get('name', shift['id'])}"
        person = row['person']

        def matches(key, want):
            evs = fs.get(key, {'events': {}})['events'].values()
            return [e for e in evs if e['start'] == start and e['end'] == end
                    and label in e['summary'] and want(e)]

        if person:
            name = people[person]['name']
            key = f'people/{person}.ics'
            expected_count[key] = expected_count.get(key, 0) + 1
            got = matches(key, lambda e: True)
            if len(got) != 1:
                fail(f'{key}: {row["rota"]} {row["start"]}: {len(got)} events, want 1')
            want = lambda e: name in e['summary'] and name in e['description']
        else:
            want = lambda e: e['summary'].startswith('UNCOVERED: ')
        for t in sorted({site_trust[s] for s in rota['covers']}):
            key = f'trusts/{t}.ics'
            expected_count[key] = expected_count.get(key, 0) + 1
            got = matches(key, want)
            if len(got) != 1:
                fail(f'{key}: {row["rota"]} {row["start"]} {person or "uncovered"}: '
                     f'{len(got)} events, want 1')
    for key, f in fs.items():
        n = len(f['events'])
        if n != expected_count.get(key, 0):
            fail(f'{key}: {n} events, want {expected_count.get(key, 0)}')
        for e in f['events'].values():
            if e['stamp'] != datetime.datetime.fromtimestamp(now, UTC):
                fail(f'{key}: {e["uid"]}: DTSTAMP {e["stamp"]}, want {now} in UTC')
            if e['seq'] != 0 or e['status'] != 'CONFIRMED':
                fail(f'{key}: {e["uid"]}: SEQUENCE {e["seq"]} {e["status"]} on a first publish')
            for pid, p in people.items():
                if re.search(rf'\b{re.escape(pid)}\b', e['uid']) or p['name'] in e['uid']:
                    fail(f'{key}: UID {e["uid"]} holds personal data of {pid}')
    # Names with accents, commas, semicolons, quotes and a backslash survive.
    t1 = fs['trusts/T1.ics']['cal']
    want = f'{trust_names["T1"]}: on-call consultants ({scen["region"]})'
    for prop in ('NAME', 'X-WR-CALNAME'):
        if str(t1.get(prop)) != want:
            fail(f'trusts/T1.ics: {prop} {t1.get(prop)!r}, want {want!r}')
    # Nights across the clock changes: 14 h in March, 16 h in October.
    for day, hours, utc_start in (('2027-03-27', 14, 17), ('2027-10-30', 16, 16)):
        evs = [e for e in fs['trusts/T1.ics']['events'].values()
               if e['start'].date().isoformat() == day]
        if len(evs) != 2:
            fail(f'trusts/T1.ics: {len(evs)} events on {day}, want 2')
        for e in evs:
            if (e['end'] - e['start']) != datetime.timedelta(hours=hours):
                fail(f'{e["uid"]}: lasts {e["end"] - e["start"]}, want {hours} h')
            if e['start'].astimezone(UTC).hour != utc_start:
                fail(f'{e["uid"]}: starts {e["start"].astimezone(UTC)}, want {utc_start}:00Z')
    print(f'first: {len(rows)} slots, {sum(len(f["events"]) for f in fs.values())} events '
          f'in {len(fs)} feeds')


def same(a, b):
    fa, fb = feeds(a), feeds(b)
    if sorted(fa) != sorted(fb):
        fail(f'feeds differ: {sorted(fa)} vs {sorted(fb)}')
    for key in fa:
        if key not in fb:
            continue
        ua = {u: e['seq'] for u, e in fa[key]['events'].items()}
        ub = {u: e['seq'] for u, e in fb[key]['events'].items()}
        if ua != ub:
            fail(f'{key}: UIDs or SEQUENCEs differ between two publishes of one plan')
        strip = lambda raw: re.sub(rb'DTSTAMP:[0-9TZ]+\r\n', b'', raw)
        if strip(fa[key]['raw']) != strip(fb[key]['raw']):
            fail(f'{key}: files differ in more than DTSTAMP')
    print(f'same: {sum(len(f["events"]) for f in fb.values())} events, UIDs and SEQUENCEs equal')


def transition(a, b, want_changed, want_cancelled, want_dropped):
    fa, fb = feeds(a), feeds(b)
    changed = cancelled = dropped = 0
    content = lambda e: (e['start'], e['end'], e['summary'], e['location'], e['description'])
    for key, f in fa.items():
        evb = fb.get(key, {'events': {}})['events']
        for uid, e in f['events'].items():
            n = evb.get(uid)
            if e['status'] == 'CANCELLED':
                if n is None:
                    dropped += 1
                elif n['seq'] <= e['seq']:
                    fail(f'{key}: {uid}: cancelled, back with SEQUENCE {n["seq"]}')
                continue
            if n is None:
                fail(f'{key}: {uid} vanished without a cancellation')
            elif n['status'] == 'CANCELLED':
                cancelled += 1
                if n['seq'] != e['seq'] + 1:
                    fail(f'{key}: {uid}: cancelled with SEQUENCE {n["seq"]}, want {e["seq"] + 1}')
                if n['start'] != e['start'] or n['end'] != e['end']:
                    fail(f'{key}: {uid}: the cancellation moved the event')
            elif content(n) != content(e):
                changed += 1
                if n['seq'] != e['seq'] + 1:
                    fail(f'{key}: {uid}: changed with SEQUENCE {n["seq"]}, want {e["seq"] + 1}')
            elif n['seq'] != e['seq']:
                fail(f'{key}: {uid}: unchanged but SEQUENCE {e["seq"]} -> {n["seq"]}')
        for uid, n in evb.items():
            if uid not in f['events'] and n['seq'] != 0:
                fail(f'{key}: {uid}: new event with SEQUENCE {n["seq"]}')
    got = (changed, cancelled, dropped)
    want = (want_changed, want_cancelled, want_dropped)
    if got != want:
        fail(f'changed/cancelled/dropped {got}, want {want}')
    print(f'transition: {changed} changed, {cancelled} cancelled, {dropped} dropped')


mode = sys.argv[1]
if mode == 'first':
    first(sys.argv[2], sys.argv[3], int(sys.argv[4]))
elif mode == 'same':
    same(sys.argv[2], sys.argv[3])
elif mode == 'transition':
    transition(sys.argv[2], sys.argv[3], *map(int, sys.argv[4:7]))
else:
    sys.exit(f'unknown mode {mode}')
for f in failures:
    print('FAIL:', f)
sys.exit(1 if failures else 0)
