#!/usr/bin/env python3
"""Write the bundled South Yorkshire and Bassetlaw example scenario.

Run from this folder:  python3 generate.py
Plain Python 3 standard library; deterministic (fixed seed), so running it
again reproduces every file byte for byte. It writes:

  scenario.yaml                      region, trusts, sites, shifts, rotas, overrides
  travel.csv                         road minutes between every pair of sites
  consultants.csv                    about 150 invented consultants
  leave.csv                          annual and study leave (all-day and timed rows)
  leave/P*.ics                       leave exported from calendars for six people
  requests.csv                       a dozen want/avoid requests
  whatif/gi-bleed-three-rotas.yaml   GI bleed consolidated from five rotas to three

Trusts and sites are real; everything about people, leave, rules and travel
times is invented or approximate.  At the end it prints, per rota, the
duties against what the members could take under the rules, so that a change
here that starves a rota shows up before a solver ever runs.
"""

import csv
import datetime as dt
import math
import os
import random
import unicodedata

SEED = 20261019
HERE = os.path.dirname(os.path.abspath(__file__))

PERIOD_START = dt.date(2026, 10, 19)   # a Monday
WEEKS = 26
DAYS = WEEKS * 7
PERIOD_END = PERIOD_START + dt.timedelta(days=DAYS)  # exclusive
# England and Wales bank holidays inside the period (Boxing Day 2026 falls on
# a Saturday, so its substitute is Monday 28 December).
BANK_HOLIDAYS = [dt.date(2026, 12, 25), dt.date(2026, 12, 28), dt.date(2027, 1, 1),
                 dt.date(2027, 3, 26), dt.date(2027, 3, 29)]
DTSTAMP = "20260901T090000Z"  # fixed so the .ics files are reproducible

REGION = "South Yorkshire and Bassetlaw (Working Together Partnership)"

TRUSTS = [
    ("BHNFT", "Barnsley Hospital NHS Foundation Trust"),
    ("CRHFT", "Chesterfield Royal Hospital NHS Foundation Trust"),
    ("DBTH", "Doncaster and Bassetlaw Teaching Hospitals NHS Foundation Trust"),
    ("MYTT", "Mid Yorkshire Teaching NHS Trust"),
    ("TRFT", "The Rotherham NHS Foundation Trust"),
    ("STH", "Sheffield Teaching Hospitals NHS Foundation Trust"),
    ("SCH", "Sheffield Children's NHS Foundation Trust"),
]

# id, name, trust.
SITES = [
    ("BDH", "Barnsley Hospital", "BHNFT"),
    ("CRH", "Chesterfield Royal Hospital", "CRHFT"),
    ("DRI", "Doncaster Royal Infirmary", "DBTH"),
    ("BDGH", "Bassetlaw Hospital", "DBTH"),
    ("MMH", "Montagu Hospital", "DBTH"),
    ("PGH", "Pinderfields Hospital", "MYTT"),
    ("DDH", "Dewsbury and District Hospital", "MYTT"),
    ("PON", "Pontefract Hospital", "MYTT"),
    ("RGH", "Rotherham General Hospital", "TRFT"),
    ("NGH", "Northern General Hospital", "STH"),
    ("RHH", "Royal Hallamshire Hospital", "STH"),
    ("WPH", "Weston Park Hospital", "STH"),
    ("JW", "Jessop Wing", "STH"),
    ("CCDH", "Charles Clifford Dental Hospital", "STH"),
    ("SCH", "Sheffield Children's Hospital", "SCH"),
]

# The Sheffield city-centre campus around the Royal Hallamshire.
CAMPUS = ["RHH", "WPH", "JW", "CCDH", "SCH"]
CAMPUS_MINUTES = {
    ("RHH", "WPH"): 3, ("RHH", "JW"): 3, ("RHH", "CCDH"): 4, ("RHH", "SCH"): 5,
    ("WPH", "JW"): 4, ("WPH", "CCDH"): 5, ("WPH", "SCH"): 6,
    ("JW", "CCDH"): 5, ("JW", "SCH"): 6, ("CCDH", "SCH"): 5,
}
# Typical off-peak road minutes between the other sites, estimated by hand
# from the routes (M1, M18, A1, A57, A61, A628 ...); approximations, not
# measurements. One entry per unordered pair.
ROAD_MINUTES = {
    "BDH": {"CRH": 40, "DRI": 35, "BDGH": 45, "MMH": 25, "PGH": 30, "DDH": 30, "PON": 30,
            "RGH": 25, "NGH": 25, "RHH": 30},
    "CRH": {"DRI": 50, "BDGH": 40, "MMH": 45, "PGH": 50, "DDH": 55, "PON": 55, "RGH": 35,
            "NGH": 35, "RHH": 35},
    "DRI": {"BDGH": 35, "MMH": 20, "PGH": 40, "DDH": 50, "PON": 30, "RGH": 30, "NGH": 35,
            "RHH": 45},
    "BDGH": {"MMH": 40, "PGH": 55, "DDH": 60, "PON": 50, "RGH": 30, "NGH": 35, "RHH": 40},
    "MMH": {"PGH": 40, "DDH": 50, "PON": 35, "RGH": 20, "NGH": 30, "RHH": 35},
    "PGH": {"DDH": 25, "PON": 20, "RGH": 40, "NGH": 35, "RHH": 45},
    "DDH": {"PON": 35, "RGH": 45, "NGH": 45, "RHH": 50},
    "PON": {"RGH": 40, "NGH": 45, "RHH": 50},
    "RGH": {"NGH": 20, "RHH": 25},
    "NGH": {"RHH": 15},
}


def daterange(a, b):
    """Dates from a to b, b exclusive."""
    d = a
    while d < b:
        yield d
        d += dt.timedelta(days=1)


# ---------------------------------------------------------------- travel

def travel_rows():
    ids = [s[0] for s in SITES]

    def minutes(a, b):
        if a in CAMPUS and b in CAMPUS:
            return CAMPUS_MINUTES.get((a, b), CAMPUS_MINUTES.get((b, a)))
        # A campus site is a minute or two further than the Hallamshire itself.
        if a in CAMPUS and a != "RHH":
            return minutes("RHH", b) + (1 if a in ("WPH", "JW") else 2)
        if b in CAMPUS and b != "RHH":
            return minutes(a, "RHH") + (1 if b in ("WPH", "JW") else 2)
        if b in ROAD_MINUTES.get(a, {}):
            return ROAD_MINUTES[a][b]
        return ROAD_MINUTES[b][a]

    rows = []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            rows.append((a, b, minutes(a, b)))
    return rows


# ---------------------------------------------------------------- shifts and rotas

SHIFTS_YAML = """\
shifts:
  - { id: weeknight, name: Weeknight, from: "17:00", to: "08:00", days: [Mon, Tue, Wed, Thu] }
  # Friday 17:00 to Monday 08:00: one duty, so it runs across Easter Monday
  # morning; bh-day covers the bank holiday's daytime.
  - { id: weekend, name: Weekend, from: "Fri 17:00", to: "Mon 08:00" }
  - { id: bh-day, name: Bank holiday day, from: "08:00", to: "17:00",
      days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], bank_holidays: only }
"""

FULL = ["weeknight", "weekend", "bh-day"]
WEEKEND_ONLY = ["weekend", "bh-day"]

# Default rules of a full-time rota; `rules` in a rota entry replaces fields.
BASE_RULES = {"max_frequency": 6, "min_days_between": 3, "max_consecutive": 1,
              "max_weekends": 5, "min_rest_hours": 11}

ROTAS = [
    # GI bleed as it is today: five rotas of different shape.
    dict(id="gi-bleed-sheffield", name="GI bleed (Sheffield)", service="GI bleed",
         host="STH", hub="NGH", covers=["NGH", "RHH"], shifts=FULL),
    dict(id="gi-bleed-doncaster", name="GI bleed (Doncaster and Bassetlaw)", service="GI bleed",
         host="DBTH", hub="DRI", covers=["DRI", "BDGH", "MMH"], shifts=FULL),
    dict(id="gi-bleed-mid-yorkshire", name="GI bleed (Mid Yorkshire)", service="GI bleed",
         host="MYTT", hub="PGH", covers=["PGH", "DDH", "PON"], shifts=FULL,
         rules={"max_frequency": 5},
         comment="More part-timers here: each may take up to 1 in 5 to keep the slack."),
    dict(id="gi-bleed-barnsley-rotherham", name="GI bleed (Barnsley and Rotherham)",
         service="GI bleed", host="TRFT", hub="RGH", covers=["RGH", "BDH"], shifts=FULL),
    dict(id="gi-bleed-chesterfield", name="GI bleed (Chesterfield, weekends only)",
         service="GI bleed", host="CRHFT", hub="CRH", covers=["CRH"], shifts=WEEKEND_ONLY,
         rules={"max_frequency": 3, "max_weekends": 8},
         comment="Weekends and bank holidays only: weeknights fall to the general medical take."),
    # ENT: three adult out-of-hours hubs and the paediatric rota.
    dict(id="ent-hub-south", name="ENT out-of-hours hub (south)", service="ENT",
         host="STH", hub="RHH", covers=["RHH", "NGH", "RGH", "CRH"], shifts=FULL),
    dict(id="ent-hub-east", name="ENT out-of-hours hub (east)", service="ENT",
         host="DBTH", hub="DRI", covers=["DRI", "BDGH", "MMH"], shifts=FULL),
    dict(id="ent-hub-west", name="ENT out-of-hours hub (west)", service="ENT",
         host="MYTT", hub="PGH", covers=["PGH", "DDH", "PON", "BDH"], shifts=FULL),
    dict(id="ent-paeds", name="Paediatric ENT", service="Paediatric ENT",
         host="SCH", hub="SCH", covers=["SCH"], shifts=FULL,
         rules={"max_frequency": 4, "min_days_between": 2, "max_weekends": 6},
         comment="A small specialist rota; two adult ENT surgeons at the Hallamshire also sit on it."),
    # Stroke: each hyper-acute (HASU + ASU) site paired with an acute-only site.
    dict(id="stroke-doncaster", name="Stroke (Doncaster HASU with Bassetlaw ASU)",
         service="Stroke", host="DBTH", hub="DRI", covers=["DRI", "BDGH"], shifts=FULL,
         rules={"min_days_between": 2}),
    dict(id="stroke-sheffield", name="Stroke (Sheffield HASU with Rotherham ASU)",
         service="Stroke", host="STH", hub="RHH", covers=["RHH", "RGH"], shifts=FULL,
         rules={"min_days_between": 2}),
    dict(id="stroke-pinderfields", name="Stroke (Pinderfields HASU with Dewsbury ASU)",
         service="Stroke", host="MYTT", hub="PGH", covers=["PGH", "DDH"], shifts=FULL,
         rules={"min_days_between": 2}),
    # Ophthalmology hub and spoke; oral and maxillofacial regional rota.
    dict(id="ophth-hub", name="Ophthalmology emergency hub", service="Ophthalmology",
         host="STH", hub="RHH", covers=["RHH", "NGH", "RGH", "BDH", "CRH", "DRI", "BDGH", "MMH"],
         shifts=FULL),
    dict(id="omfs-regional", name="Oral and maxillofacial surgery (regional)",
         service="Oral and maxillofacial surgery", host="STH", hub="NGH",
         covers=["NGH", "RHH", "CCDH", "SCH", "RGH", "BDH", "CRH", "DRI", "BDGH", "MMH",
                 "PGH", "DDH", "PON"],
         shifts=FULL, cover=2, rules={"max_frequency": 5},
         comment="Two consultants per duty across the whole region."),
]

# What-if: GI bleed from five rotas to three full-time ones.
WHATIF_ROTAS = [
    dict(id="gi-bleed-south", name="GI bleed (south)", service="GI bleed",
         host="STH", hub="NGH", covers=["NGH", "RHH", "RGH", "BDH", "CRH"], shifts=FULL,
         merge=["gi-bleed-sheffield", "gi-bleed-barnsley-rotherham", "gi-bleed-chesterfield"]),
    dict(id="gi-bleed-east", name="GI bleed (east)", service="GI bleed",
         host="DBTH", hub="DRI", covers=["DRI", "BDGH", "MMH"], shifts=FULL,
         merge=["gi-bleed-doncaster"]),
    dict(id="gi-bleed-west", name="GI bleed (west)", service="GI bleed",
         host="MYTT", hub="PGH", covers=["PGH", "DDH", "PON"], shifts=FULL,
         rules={"max_frequency": 5}, merge=["gi-bleed-mid-yorkshire"]),
]


def rules_of(rota):
    r = dict(BASE_RULES)
    r.update(rota.get("rules", {}))
    return r


# Who sits on which rota: (trust, base site, rotas, headcount, flags).
# flags: "acute" = consultant of the acute-only stroke site (min_duties
# override); "full" = never part-time.
GROUPS = [
    ("STH", "NGH", ["gi-bleed-sheffield"], 7, ""),
    ("STH", "RHH", ["gi-bleed-sheffield"], 4, ""),
    ("DBTH", "DRI", ["gi-bleed-doncaster"], 7, ""),
    ("DBTH", "BDGH", ["gi-bleed-doncaster"], 3, ""),
    ("DBTH", "MMH", ["gi-bleed-doncaster"], 1, ""),
    ("MYTT", "PGH", ["gi-bleed-mid-yorkshire"], 7, ""),
    ("MYTT", "DDH", ["gi-bleed-mid-yorkshire"], 2, ""),
    ("MYTT", "PON", ["gi-bleed-mid-yorkshire"], 2, ""),
    ("BHNFT", "BDH", ["gi-bleed-barnsley-rotherham"], 6, ""),
    ("TRFT", "RGH", ["gi-bleed-barnsley-rotherham"], 5, ""),
    ("CRHFT", "CRH", ["gi-bleed-chesterfield"], 6, ""),
    ("STH", "RHH", ["ent-hub-south"], 4, ""),
    ("STH", "RHH", ["ent-hub-south", "ent-paeds"], 2, "full"),
    ("TRFT", "RGH", ["ent-hub-south"], 3, ""),
    ("CRHFT", "CRH", ["ent-hub-south"], 2, ""),
    ("DBTH", "DRI", ["ent-hub-east"], 7, ""),
    ("DBTH", "BDGH", ["ent-hub-east"], 3, ""),
    ("DBTH", "MMH", ["ent-hub-east"], 1, ""),
    ("MYTT", "PGH", ["ent-hub-west"], 5, ""),
    ("MYTT", "DDH", ["ent-hub-west"], 2, ""),
    ("MYTT", "PON", ["ent-hub-west"], 1, ""),
    ("BHNFT", "BDH", ["ent-hub-west"], 3, ""),
    ("SCH", "SCH", ["ent-paeds"], 6, ""),
    ("DBTH", "DRI", ["stroke-doncaster"], 8, ""),
    ("DBTH", "BDGH", ["stroke-doncaster"], 3, "acute full"),
    ("STH", "RHH", ["stroke-sheffield"], 8, ""),
    ("TRFT", "RGH", ["stroke-sheffield"], 3, "acute full"),
    ("MYTT", "PGH", ["stroke-pinderfields"], 8, ""),
    ("MYTT", "DDH", ["stroke-pinderfields"], 3, "acute full"),
    ("STH", "RHH", ["ophth-hub"], 5, ""),
    ("TRFT", "RGH", ["ophth-hub"], 2, ""),
    ("BHNFT", "BDH", ["ophth-hub"], 1, ""),
    ("CRHFT", "CRH", ["ophth-hub"], 1, ""),
    ("DBTH", "DRI", ["ophth-hub"], 2, ""),
    ("STH", "NGH", ["omfs-regional"], 6, ""),
    ("STH", "CCDH", ["omfs-regional"], 2, ""),
    ("DBTH", "DRI", ["omfs-regional"], 4, ""),
    ("MYTT", "PGH", ["omfs-regional"], 4, ""),
    ("CRHFT", "CRH", ["omfs-regional"], 2, ""),
    ("BHNFT", "BDH", ["omfs-regional"], 1, ""),
]

STROKE_MIN_DUTIES = 6

# ---------------------------------------------------------------- names

# Given names and family names by background, so that pairs are plausible.
NAME_POOLS = [
    (["James", "Helen", "Richard", "Sarah", "Andrew", "Claire", "Mark", "Rachel", "David",
      "Emma", "Simon", "Joanne", "Paul", "Katherine", "Thomas", "Louise", "Matthew", "Victoria"],
     ["Ashworth", "Barraclough", "Holroyd", "Sykes", "Whitaker", "Hebblethwaite", "Crossley",
      "Fairbairn", "Hepworth", "Marsden", "Pickersgill", "Sutcliffe", "Wainwright", "Ackroyd",
      "Beaumont", "Greenwood", "Haigh", "Lockwood", "Ramsden", "Thackray"]),
    (["Aisling", "Ciarán", "Niamh", "Pádraig", "Róisín", "Eoin", "Gráinne", "Seán"],
     ["Ó Briain", "Mac Giolla", "Keane", "Fitzgerald", "Ní Dhónaill", "Brennan", "Gallagher"]),
    (["Eilidh", "Callum", "Morag", "Ruaraidh", "Iona", "Fraser"],
     ["MacLeod", "Urquhart", "Drummond", "MacKinnon", "Menzies"]),
    (["Rhys", "Ffion", "Gethin", "Angharad", "Dafydd", "Cerys"],
     ["Llewellyn", "Prys-Jones", "ap Gwilym", "Rhydderch", "Vaughan"]),
    (["Imran", "Ayesha", "Tariq", "Saima", "Bilal", "Nadia", "Usman", "Hina", "Faisal", "Sana"],
     ["Chaudhry", "Qureshi", "Malik", "Siddiqui", "Butt", "Rafiq", "Akhtar", "Mirza"]),
    (["Priya", "Arjun", "Deepa", "Vikram", "Ananya", "Rohan", "Lakshmi", "Sanjay", "Meera",
      "Karthik"],
     ["Ramanathan", "Venkatesh", "Chakraborty", "Banerjee", "Iyer", "Deshpande", "Kulkarni",
      "Nair", "Subramanian", "Bhattacharya"]),
    (["Farhana", "Rahim", "Nusrat", "Shahidul", "Tahmina"],
     ["Chowdhury", "Rahman", "Uddin", "Begum", "Hossain"]),
    (["Chidi", "Ngozi", "Oluwaseun", "Folake", "Emeka", "Adaeze", "Tunde", "Yetunde"],
     ["Okonkwo", "Adeyemi", "Eze", "Balogun", "Nwosu", "Ogunleye", "Afolabi"]),
    (["Kwame", "Akosua", "Kofi", "Ama", "Yaw"],
     ["Mensah", "Asante", "Boateng", "Owusu", "Ofori"]),
    (["Wei", "Mei", "Jun", "Xiaoling", "Hao", "Yan"],
     ["Zhang", "Chen", "Liu", "Huang", "Zhou", "Lin"]),
    (["Agnieszka", "Tomasz", "Małgorzata", "Paweł", "Katarzyna"],
     ["Kowalczyk", "Wiśniewska", "Zieliński", "Dąbrowski", "Wójcik"]),
    (["Eleni", "Dimitrios", "Katerina", "Nikos"],
     ["Papadopoulos", "Georgiou", "Karagiannis", "Antoniou"]),
    (["Giulia", "Marco", "Francesca", "Luca"],
     ["Ferraro", "Bianchi", "De Luca", "Esposito"]),
    (["María", "Javier", "Lucía", "Álvaro", "Inés"],
     ["García", "Fernández", "Muñoz", "Ibáñez", "Peña"]),
    (["João", "Inês", "Tiago"], ["Gonçalves", "Magalhães", "Conceição"]),
    (["Omar", "Layla", "Yusuf", "Rania", "Karim"],
     ["Al-Hashimi", "Haddad", "El-Sayed", "Khoury", "Mansour"]),
    (["Dariush", "Shirin", "Kaveh", "Parisa"], ["Tehrani", "Rostami", "Farahani"]),
    (["Nirosha", "Ruwan", "Dilani", "Tharindu"],
     ["Jayawardena", "Wickramasinghe", "Perera", "Gunasekara"]),
    (["Marcia", "Desmond", "Beverley", "Winston"], ["Campbell", "Grant", "Thompson", "Clarke"]),
    (["Ingrid", "Sindre", "Solveig"], ["Haugen", "Sørensen", "Løvås"]),
    (["Amélie", "Étienne", "Hélène", "Benoît"], ["Lefèvre", "Dubois-Martin", "Rousseau"]),
    (["Jürgen", "Anke", "Matthias"], ["Müller", "Schäfer", "Groß"]),
    (["Elif", "Mehmet", "Zeynep", "Can"], ["Yılmaz", "Çelik", "Öztürk", "Aydın"]),
    (["Hodan", "Abdirahman", "Faduma"], ["Warsame", "Farah", "Hassan"]),
    (["Linh", "Minh", "Thảo"], ["Nguyễn", "Trần", "Phạm"]),
    (["Hiroshi", "Yuki"], ["Tanaka", "Watanabe"]),
    (["Ji-woo", "Min-jun"], ["Park", "Kim"]),
    (["Maricel", "Rodel"], ["Dela Cruz", "Villanueva"]),
]
POOL_WEIGHTS = [24, 5, 3, 3, 10, 11, 4, 6, 3, 4, 3, 2, 2, 3, 1, 3, 2, 3, 3, 1, 2, 1, 2, 1, 1, 1,
                1, 1]

# Names that exercise accents, apostrophes and CSV quoting on purpose.
SPECIAL_NAMES = [
    "Siobhán O'Neill", "José Núñez", "Zoë D'Arcy", "Chloé Lefèvre", "Bjørn Halvorsen",
    "Robert Smith, Jr.", "Okafor, Chidinma", "Dáithí Ó Súilleabháin", "Łukasz Wiśniewski",
    "Fatoumata N'Diaye", "Renée D'Souza-Fernandes", "Thorbjørn Æsgård", "Nuñez-O'Brien, Ana",
]


def ascii_fold(s):
    table = {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "Æ": "Ae",
             "đ": "d", "ı": "i"}
    s = "".join(table.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def email_for(name, taken):
    if "," in name:  # "Family, Given" or "Given Family, Jr."
        parts = [p.strip() for p in name.split(",")]
        if parts[-1] in ("Jr.", "Sr."):
            words = parts[0].split() + [parts[-1]]
        else:
            words = " ".join(parts[1:]).split() + parts[0].split()
            words = [w for w in words if w not in ("Jr.", "Sr.")] + \
                [w for w in words if w in ("Jr.", "Sr.")]
    else:
        words = name.split()
    local = ".".join(w.strip(".") for w in words)
    local = ascii_fold(local).lower()
    local = "".join(c if c.isalnum() or c in ".-" else "" for c in local)
    base, n = local, 2
    while local in taken:
        local = f"{base}{n}"
        n += 1
    taken.add(local)
    return f"{local}@nhs.example"


# ---------------------------------------------------------------- people

def make_people(rng):
    people = []
    used_names = set()
    specials = list(SPECIAL_NAMES)
    # Spread the special names over the list rather than bunching them.
    special_slots = set(rng.sample(range(150), len(specials)))
    n = 0
    for trust, site, rotas, count, flags in GROUPS:
        for _ in range(count):
            n += 1
            if (n - 1) in special_slots and specials:
                name = specials.pop(0)
            else:
                while True:
                    given, family = rng.choices(NAME_POOLS, weights=POOL_WEIGHTS)[0]
                    name = f"{rng.choice(given)} {rng.choice(family)}"
                    if name not in used_names:
                        break
            used_names.add(name)
            share = 1.0
            if "full" not in flags and rng.random() < 0.16:
                share = rng.choice([0.5, 0.6, 0.8, 0.8])
            people.append(dict(id=f"P{n:03d}", name=name, trust=trust, site=site,
                               rotas=list(rotas), share=share, acute="acute" in flags))
    while specials:  # if the slots fell past the end, use the last people
        people[-len(specials)]["name"] = specials.pop(0)
    taken = set()
    for p in people:
        p["email"] = email_for(p["name"], taken)
    return people


# ---------------------------------------------------------------- .ics leave

VTIMEZONE = [
    "BEGIN:VTIMEZONE", "TZID:Europe/London",
    "BEGIN:DAYLIGHT", "TZNAME:BST", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100",
    "DTSTART:19700329T010000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZNAME:GMT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000",
    "DTSTART:19701025T020000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE",
]


def d8(d):
    return d.strftime("%Y%m%d")


def ics_allday(uid, summary, first, last_inclusive, extra=()):
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{DTSTAMP}",
             f"DTSTART;VALUE=DATE:{d8(first)}"]
    if last_inclusive is not None:
        lines.append(f"DTEND;VALUE=DATE:{d8(last_inclusive + dt.timedelta(days=1))}")
    lines += [f"SUMMARY:{summary}", "TRANSP:OPAQUE", *extra, "END:VEVENT"]
    return lines


def ics_timed(uid, summary, start, end, extra=()):
    return ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{DTSTAMP}", start, end,
            f"SUMMARY:{summary}", *extra, "END:VEVENT"]


def ics_plans():
    """Six calendars: (slot, prodid, uses_tz, events, leave days for the check).

    slot picks the person (see pick_ics_people); the days listed are the whole
    local dates the events take out, used only for the capacity and
    concurrency figures here.
    """
    D = dt.date
    plans = []

    # 1. A part-timer's every-other-Friday, one Friday swapped, and a week away.
    fridays = [D(2026, 10, 23) + dt.timedelta(days=14 * k) for k in range(13)]
    fridays = [f for f in fridays if f <= D(2027, 4, 1)]
    swapped = D(2026, 12, 18)
    ev = ics_allday("nonworking-friday-2026@nhs.example", "Non-working Friday",
                    D(2026, 10, 23), D(2026, 10, 23),
                    ["RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;UNTIL=20270401",
                     f"EXDATE;VALUE=DATE:{d8(swapped)}"])
    ev2 = ics_allday("al-feb-2027@nhs.example", "Annual leave", D(2027, 2, 15), D(2027, 2, 19))
    days = set(f for f in fridays if f != swapped) | set(daterange(D(2027, 2, 15), D(2027, 2, 20)))
    plans.append(("parttime", "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN", True,
                  ev + ev2, days))

    # 2. Timed events with TZID=Europe/London, one across the March clock change.
    ev = ics_allday("al-nov-2026@nhs.example", "Annual leave", D(2026, 11, 2), D(2026, 11, 13))
    ev2 = ics_timed("conf-easter-2027@nhs.example", "Conference (Edinburgh), travelling",
                    "DTSTART;TZID=Europe/London:20270327T090000",
                    "DTEND;TZID=Europe/London:20270329T170000")
    ev3 = ics_timed("exam-2027@nhs.example", "Examining: FRCS viva",
                    "DTSTART;TZID=Europe/London:20270203T073000",
                    "DTEND;TZID=Europe/London:20270203T190000")
    days = set(daterange(D(2026, 11, 2), D(2026, 11, 14))) | \
        {D(2027, 3, 27), D(2027, 3, 28), D(2027, 3, 29), D(2027, 2, 3)}
    plans.append(("any", "-//Google Inc//Google Calendar 70.9054//EN", True,
                  ev + ev2 + ev3, days))

    # 3. UTC times and one floating time, no VTIMEZONE.
    ev = ics_timed("al-jan-2027@nhs.example", "Annual leave (skiing)",
                   "DTSTART:20270111T000000Z", "DTEND:20270123T000000Z")
    ev2 = ics_timed("dentist-2026@nhs.example", "Appointment",
                    "DTSTART:20261204T130000", "DTEND:20261204T180000")
    ev3 = ics_timed("course-2027@nhs.example", "Leadership course",
                    "DTSTART:20270407T070000Z", "DTEND:20270408T160000Z")
    days = set(daterange(D(2027, 1, 11), D(2027, 1, 23))) | {D(2026, 12, 4)} | \
        {D(2027, 4, 7), D(2027, 4, 8)}
    plans.append(("any", "-//Apple Inc.//macOS 14.4//EN", False, ev + ev2 + ev3, days))

    # 4. All-day events, one without DTEND (one day), one cancelled.
    ev = ics_allday("al-oct-2026@nhs.example", "Half-term", D(2026, 10, 26), D(2026, 10, 30))
    ev2 = ics_allday("study-2026@nhs.example", "Study leave: regional audit day",
                     D(2026, 12, 9), None)
    ev3 = ics_allday("al-mar-2027@nhs.example", "Annual leave", D(2027, 3, 8), D(2027, 3, 19))
    ev4 = ics_allday("al-cancelled@nhs.example", "Annual leave (cancelled)",
                     D(2027, 1, 25), D(2027, 1, 29), ["STATUS:CANCELLED"])
    days = set(daterange(D(2026, 10, 26), D(2026, 10, 31))) | {D(2026, 12, 9)} | \
        set(daterange(D(2027, 3, 8), D(2027, 3, 20)))
    plans.append(("any", "-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN", True,
                  ev + ev2 + ev3 + ev4, days))

    # 5. Christmas fortnight and a study day.
    ev = ics_allday("al-xmas-2026@nhs.example", "Christmas leave", D(2026, 12, 21),
                    D(2027, 1, 3))
    ev2 = ics_allday("study-2027@nhs.example", "Study leave", D(2027, 2, 24), D(2027, 2, 25))
    days = set(daterange(D(2026, 12, 21), D(2027, 1, 4))) | {D(2027, 2, 24), D(2027, 2, 25)}
    plans.append(("any", "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN", True,
                  ev + ev2, days))

    # 6. Weeks in UTC summer time (09:00 BST written as 08:00Z) and all-day.
    ev = ics_allday("al-nov-b-2026@nhs.example", "Annual leave", D(2026, 11, 23),
                    D(2026, 11, 27))
    ev2 = ics_timed("al-apr-2027@nhs.example", "Annual leave",
                    "DTSTART:20270402T080000Z", "DTEND:20270416T170000Z")
    days = set(daterange(D(2026, 11, 23), D(2026, 11, 28))) | \
        set(daterange(D(2027, 4, 2), D(2027, 4, 17)))
    plans.append(("any", "-//Google Inc//Google Calendar 70.9054//EN", False, ev + ev2, days))
    return plans


def write_ics(path, pid, prodid, uses_tz, events):
    # UIDs are unique per calendar owner, as a real export's would be.
    events = [f"UID:{pid.lower()}-{e[4:]}" if e.startswith("UID:") else e for e in events]
    lines = ["BEGIN:VCALENDAR", f"PRODID:{prodid}", "VERSION:2.0", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]
    if uses_tz:
        lines += VTIMEZONE
    lines += events
    lines.append("END:VCALENDAR")
    for ln in lines:
        assert len(ln.encode("utf-8")) <= 75, ln
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\r\n".join(lines) + "\r\n")


# ---------------------------------------------------------------- leave

def week_weight(monday):
    """Christmas and Easter fill up first; school half-terms a little."""
    if dt.date(2026, 12, 19) <= monday <= dt.date(2026, 12, 28):
        return 4
    if dt.date(2027, 3, 20) <= monday <= dt.date(2027, 4, 5):
        return 3
    if monday in (dt.date(2026, 10, 26), dt.date(2027, 2, 15)):
        return 2
    return 1


def in_busy_season(d):
    return dt.date(2026, 12, 19) <= d <= dt.date(2027, 1, 3) or \
        dt.date(2027, 3, 20) <= d <= dt.date(2027, 4, 11)


class LeavePlanner:
    def __init__(self, people, rota_members):
        self.people = {p["id"]: p for p in people}
        self.members = rota_members
        self.off = {k: [0] * DAYS for k in rota_members}
        self.days = {p["id"]: set() for p in people}

    def limit(self, rota, d):
        n = len(self.members[rota])
        cap = max(1, int(n * 0.25 + 0.5))
        return cap + 1 if in_busy_season(d) else cap

    def fits(self, pid, dates):
        for d in dates:
            if not (PERIOD_START <= d < PERIOD_END) or d in self.days[pid]:
                return False
            i = (d - PERIOD_START).days
            for k in self.people[pid]["rotas"]:
                if self.off[k][i] + 1 > self.limit(k, d):
                    return False
        return True

    def take(self, pid, dates):
        for d in dates:
            if PERIOD_START <= d < PERIOD_END and d not in self.days[pid]:
                self.days[pid].add(d)
                for k in self.people[pid]["rotas"]:
                    self.off[k][(d - PERIOD_START).days] += 1


def plan_leave(rng, people, rota_members, ics_people):
    """Returns (planner, rows): rows are leave.csv rows."""
    planner = LeavePlanner(people, rota_members)
    rows = []
    for pid, days in ics_people.items():
        planner.take(pid, sorted(days))

    mondays = [PERIOD_START + dt.timedelta(days=7 * w) for w in range(WEEKS)]
    weights = [week_weight(m) for m in mondays]

    def place_block(pid, nweeks, reason):
        for _ in range(400):
            m = rng.choices(mondays[:WEEKS - nweeks + 1], weights=weights[:WEEKS - nweeks + 1])[0]
            shape = rng.random()
            if shape < 0.45:    # Saturday before to Sunday after
                first, last = m - dt.timedelta(days=2), m + dt.timedelta(days=7 * nweeks - 1)
            elif shape < 0.8:   # Monday to Sunday
                first, last = m, m + dt.timedelta(days=7 * nweeks - 1)
            else:               # Monday to Friday
                first, last = m, m + dt.timedelta(days=7 * nweeks - 3)
            first = max(first, PERIOD_START)
            dates = list(daterange(first, last + dt.timedelta(days=1)))
            if planner.fits(pid, dates):
                planner.take(pid, dates)
                rows.append((pid, first.isoformat(), last.isoformat(), reason))
                return True
        return False

    def place_days(pid, count, reason, span=1):
        placed = 0
        for _ in range(400):
            if placed == count:
                break
            d = PERIOD_START + dt.timedelta(days=rng.randrange(DAYS - span))
            if d.weekday() > 4 - (span - 1):
                continue
            dates = [d + dt.timedelta(days=i) for i in range(span)]
            # Not next to other leave: odd days are odd days.
            near = {d - dt.timedelta(days=1), dates[-1] + dt.timedelta(days=1)}
            if near & planner.days[pid] or not planner.fits(pid, dates):
                continue
            planner.take(pid, dates)
            rows.append((pid, d.isoformat(), dates[-1].isoformat(), reason))
            placed += 1

    for p in people:
        pid = p["id"]
        if pid in ics_people:
            continue
        if rng.random() < 0.5:
            place_block(pid, 2, "annual leave")
        else:
            place_block(pid, 1, "annual leave")
            place_block(pid, 1, "annual leave")
        place_days(pid, rng.randint(1, 3), "annual leave")
        place_days(pid, rng.randint(1, 2), "study leave")
        if rng.random() < 0.2:
            place_days(pid, 1, rng.choice(["conference", "study leave: course"]),
                       span=rng.choice([2, 3]))

    # One study day for an .ics person, to show that both sources add up.
    first_ics = sorted(ics_people)[0]
    place_days(first_ics, 1, "study leave")

    # A few part-day absences as local date-times (end exclusive).
    timed = [("2026-11-18T12:00", "2026-11-18T18:30", "interview panel"),
             ("2027-01-27T13:00", "2027-01-28T09:00", "medical appointment"),
             ("2027-03-03T08:00", "2027-03-03T20:00", "external examiner")]
    candidates = [p["id"] for p in people if p["id"] not in ics_people]
    for (s, e, why) in timed:
        for _ in range(100):
            pid = rng.choice(candidates)
            d0 = dt.date.fromisoformat(s[:10])
            d1 = dt.date.fromisoformat(e[:10])
            dates = list(daterange(d0, d1 + dt.timedelta(days=1)))
            if planner.fits(pid, dates):
                planner.take(pid, dates)
                rows.append((pid, s, e, why))
                break
    rows.sort(key=lambda r: (r[0], r[1]))
    return planner, rows


# ---------------------------------------------------------------- duties and capacity

def expand(shifts):
    """Duties of a rota as (date, shift, kind) for shifts among weeknight/weekend/bh-day."""
    out = []
    bh = set(BANK_HOLIDAYS)
    for d in daterange(PERIOD_START, PERIOD_END):
        wd = d.weekday()
        if "bh-day" in shifts and d in bh:
            out.append((d, "bh-day", "bank_holiday"))
        if "weeknight" in shifts and wd <= 3:
            # 17:00-08:00 never covers noon of the next day.
            out.append((d, "weeknight", "bank_holiday" if d in bh else "weekday"))
        if "weekend" in shifts and wd == 4:
            covered = {d + dt.timedelta(days=1), d + dt.timedelta(days=2)}
            kind = "bank_holiday" if d in bh or covered & bh else "weekend"
            out.append((d, "weekend", kind))
    return out


def duty_dates(d, shift):
    """Local dates a duty touches (for overlap with whole-day leave)."""
    span = {"weeknight": 2, "weekend": 4, "bh-day": 1}[shift]
    return [d + dt.timedelta(days=i) for i in range(span)]


def capacity(rota, members, people_by_id, leave_days, overrides, n=None):
    """The figures `netrota check` works out (model/validate.c), from dates.

    Per member: F = duties not touching a leave date (a timed absence counts
    as its whole dates, so F is a little low), then at most
    ceil(F * share / N) duties for "1 in N", and at most the non-weekend
    duties plus W weekends for max_weekends W. Separately the weekend duties
    against the weekends members may work (min(W, weekends free)).
    """
    rules = rules_of(rota)
    if n is not None:
        rules["max_frequency"] = n
    duties = expand(rota["shifts"])
    cover = rota.get("cover", 1)
    slots = len(duties) * cover
    wk_slots = sum(1 for d in duties if d[2] == "weekend") * cover
    cap = wk_cap = fte = 0.0
    for pid in members:
        p = people_by_id[pid]
        r = dict(rules)
        for o in overrides:
            if o["person"] == pid and o.get("rota") in (None, rota["id"]):
                r.update(o["rules"])
        free = [d for d in duties
                if not any(x in leave_days[pid] for x in duty_dates(d[0], d[1]))]
        f = len(free)
        f_wk = sum(1 for d in free if d[2] == "weekend")
        c = min(f, math.ceil(f * p["share"] / r["max_frequency"] - 1e-9),
                (f - f_wk) + min(f_wk, r["max_weekends"]))
        cap += c
        wk_cap += min(f_wk, r["max_weekends"])
        fte += p["share"]
    return dict(duties=len(duties), slots=slots, wk_slots=wk_slots, members=len(members),
                fte=fte, freq=DAYS * len(members) / slots, cap=cap, wk_cap=wk_cap,
                ratio=cap / slots, wk_ratio=wk_cap / wk_slots if wk_slots else float("inf"),
                n=rules["max_frequency"])


# ---------------------------------------------------------------- YAML writing

def yaml_str(s):
    """Quote a YAML scalar when plain style would change its meaning."""
    plain_ok = all(c.isalnum() or c in " -()._/" for c in s) and s == s.strip() \
        and not s[0].isdigit() and s.lower() not in ("yes", "no", "on", "off", "true",
                                                     "false", "null", "y", "n")
    if plain_ok:
        return s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rota_yaml(rota, indent="  "):
    r = rules_of(rota)
    lines = []
    if rota.get("comment"):
        lines.append(f"{indent}# {rota['comment']}")
    lines.append(f"{indent}- id: {rota['id']}")
    sub = indent + "  "
    lines.append(f"{sub}name: {yaml_str(rota['name'])}")
    lines.append(f"{sub}service: {yaml_str(rota['service'])}")
    lines.append(f"{sub}host: {rota['host']}")
    lines.append(f"{sub}hub: {rota['hub']}")
    lines.append(f"{sub}covers: [{', '.join(rota['covers'])}]")
    lines.append(f"{sub}shifts: [{', '.join(rota['shifts'])}]")
    lines.append(f"{sub}cover: {rota.get('cover', 1)}")
    lines.append(f"{sub}rules: {{ max_frequency: \"1 in {r['max_frequency']}\", "
                 f"min_days_between: {r['min_days_between']}, "
                 f"max_consecutive: {r['max_consecutive']},")
    lines.append(f"{sub}         max_weekends: {r['max_weekends']}, "
                 f"min_rest_hours: {r['min_rest_hours']} }}")
    return lines


def scenario_yaml(overrides):
    out = [
        "# South Yorkshire and Bassetlaw: the bundled example scenario.",
        "# Written by generate.py (python3 generate.py); edit the script, not this file.",
        "# Trusts and sites are real; people, leave, rules and travel times are invented",
        "# or approximate (see ../README.md).",
        "",
        f"region: {yaml_str(REGION)}",
        "timezone: Europe/London",
        "# 26 weeks from Monday 19 October 2026: both clock changes (25 October 2026,",
        "# 28 March 2027), Christmas and New Year, and Easter 2027.",
        f"period: {{ start: {PERIOD_START.isoformat()}, weeks: {WEEKS} }}",
        "bank_holidays: england",
        "",
        "trusts:",
    ]
    for tid, name in TRUSTS:
        out.append(f"  - {{ id: {tid}, name: {yaml_str(name)} }}")
    out += ["", "sites:"]
    for sid, name, trust in SITES:
        out.append(f"  - {{ id: {sid}, name: {yaml_str(name)}, trust: {trust} }}")
    out += ["",
            "travel: travel.csv",
            "people: consultants.csv",
            "leave: [leave.csv, leave/]",
            "requests: requests.csv",
            ""]
    out += SHIFTS_YAML.rstrip("\n").split("\n")
    out += ["", "rotas:"]
    prev_service = None
    for rota in ROTAS:
        if prev_service is not None and rota["service"] != prev_service:
            out.append("")
        prev_service = rota["service"]
        out += rota_yaml(rota)
    out += ["",
            "# Consultants of the acute-only stroke sites rotate through the hyper-acute",
            "# unit: at least a few duties each in the period.",
            "overrides:"]
    for o in overrides:
        fields = [f"person: {o['person']}"]
        if o.get("rota"):
            fields.append(f"rota: {o['rota']}")
        rules = ", ".join(f"{k}: {v}" for k, v in o["rules"].items())
        fields.append(f"rules: {{ {rules} }}")
        line = f"  - {{ {', '.join(fields)} }}"
        if o.get("comment"):
            line += f"  # {o['comment']}"
        out.append(line)
    return "\n".join(out) + "\n"


def whatif_yaml():
    out = [
        "# What-if: out-of-hours GI bleed consolidated from five rotas (not all",
        "# full-time) into three full-time ones. Written by ../generate.py.",
        "extends: ../scenario.yaml",
        f"region: {yaml_str(REGION + ' - GI bleed on three rotas')}",
        "",
        "rotas:",
    ]
    for rota in WHATIF_ROTAS:
        out += rota_yaml(rota)
    out += ["", "merge_rotas:"]
    for rota in WHATIF_ROTAS:
        out.append(f"  - {{ into: {rota['id']}, from: [{', '.join(rota['merge'])}] }}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- main

def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def fmt_share(s):
    return f"{s:.1f}"


def main():
    rng = random.Random(SEED)
    people = make_people(rng)
    by_id = {p["id"]: p for p in people}
    rota_members = {r["id"]: [p["id"] for p in people if r["id"] in p["rotas"]] for r in ROTAS}

    # .ics people: the part-timer with alternate Fridays off, then five others
    # from different rotas.
    plans = ics_plans()
    ics_people = {}
    parttimers = [p for p in people if p["share"] == 0.8 and len(p["rotas"]) == 1
                  and p["rotas"][0].startswith("gi-bleed-sheffield")]
    if not parttimers:
        parttimers = [p for p in people if p["share"] == 0.8]
    want_rotas = ["ent-paeds", "stroke-pinderfields", "omfs-regional", "ophth-hub",
                  "gi-bleed-doncaster"]
    chosen = [parttimers[0]["id"]]
    for k in want_rotas:
        cands = [p["id"] for p in people if k in p["rotas"] and p["id"] not in chosen
                 and p["share"] == 1.0 and not p["acute"]]
        chosen.append(cands[len(cands) // 2])
    for pid, plan in zip(chosen, plans):
        ics_people[pid] = plan[4]

    planner, leave_rows = plan_leave(rng, people, rota_members, ics_people)

    overrides = []
    for r in ROTAS:
        for pid in rota_members[r["id"]]:
            if by_id[pid]["acute"]:
                overrides.append(dict(person=pid, rota=r["id"],
                                      rules={"min_duties": STROKE_MIN_DUTIES},
                                      comment=f"{by_id[pid]['site']} stroke consultant"))
    dual = [p["id"] for p in people if len(p["rotas"]) > 1]
    overrides.append(dict(person=dual[0], rules={"max_weekends": 4},
                          comment="on two rotas: a weekend limit across both"))
    omfs_pt = [pid for pid in rota_members["omfs-regional"] if by_id[pid]["share"] < 1.0] or \
        rota_members["omfs-regional"][-1:]
    overrides.append(dict(person=omfs_pt[0], rota="omfs-regional",
                          rules={"max_weekends": 3, "min_rest_hours": 12},
                          comment="agreed reduced weekends"))

    os.makedirs(os.path.join(HERE, "leave"), exist_ok=True)
    os.makedirs(os.path.join(HERE, "whatif"), exist_ok=True)
    for name in os.listdir(os.path.join(HERE, "leave")):
        if name.endswith(".ics"):
            os.remove(os.path.join(HERE, "leave", name))

    with open(os.path.join(HERE, "scenario.yaml"), "w", encoding="utf-8") as f:
        f.write(scenario_yaml(overrides))
    with open(os.path.join(HERE, "whatif", "gi-bleed-three-rotas.yaml"), "w",
              encoding="utf-8") as f:
        f.write(whatif_yaml())

    write_csv(os.path.join(HERE, "travel.csv"), ["from", "to", "minutes"], travel_rows())
    write_csv(os.path.join(HERE, "consultants.csv"),
              ["id", "name", "trust", "base_site", "rotas", "share", "email"],
              [(p["id"], p["name"], p["trust"], p["site"], ";".join(p["rotas"]),
                fmt_share(p["share"]), p["email"]) for p in people])
    write_csv(os.path.join(HERE, "leave.csv"), ["person", "start", "end", "reason"], leave_rows)

    for pid, (slot, prodid, uses_tz, events, _) in zip(chosen, plans):
        write_ics(os.path.join(HERE, "leave", f"{pid}.ics"), pid, prodid, uses_tz, events)

    # Requests: avoid Christmas Day, want a weekend, ...
    def member(rota, k=0, skip=()):
        c = [pid for pid in rota_members[rota] if pid not in ics_people and pid not in skip]
        return c[k % len(c)]

    free = planner.days
    reqs = []

    def add(pid, date, rota, shift, typ, weight):
        d = dt.date.fromisoformat(date)
        assert d not in free[pid], (pid, date)
        reqs.append((pid, date, rota, shift, typ, weight))

    def first_free(rota, date, k=0):
        d = dt.date.fromisoformat(date)
        c = [pid for pid in rota_members[rota] if pid not in ics_people and d not in free[pid]
             and not by_id[pid]["acute"]]
        return c[k % len(c)]

    add(first_free("gi-bleed-sheffield", "2026-12-25"), "2026-12-25", "", "", "avoid", 3)
    add(first_free("ent-paeds", "2026-12-25"), "2026-12-25", "ent-paeds", "", "avoid", 2)
    add(first_free("stroke-doncaster", "2026-12-31"), "2026-12-31", "stroke-doncaster",
        "weeknight", "avoid", 2)
    add(first_free("ophth-hub", "2027-01-01", 1), "2027-01-01", "", "", "avoid", 1)
    add(first_free("gi-bleed-doncaster", "2026-11-06"), "2026-11-06", "", "weekend", "want", 1)
    add(first_free("ent-hub-west", "2027-02-05", 2), "2027-02-05", "ent-hub-west", "weekend",
        "want", 2)
    add(first_free("omfs-regional", "2027-03-26", 3), "2027-03-26", "omfs-regional", "bh-day",
        "avoid", 1.5)
    add(first_free("stroke-sheffield", "2027-03-29", 1), "2027-03-29", "stroke-sheffield",
        "bh-day", "want", 1)
    add(first_free("ent-hub-south", "2026-11-23", 4), "2026-11-23", "ent-hub-south",
        "weeknight", "want", 1)
    add(first_free("gi-bleed-mid-yorkshire", "2027-01-14", 3), "2027-01-14", "", "weeknight",
        "avoid", 1)
    add(first_free("gi-bleed-chesterfield", "2027-02-12", 1), "2027-02-12", "", "weekend",
        "want", 1)
    # A family wedding on Saturday 24 October: the weekend duty starts on the Friday.
    add(first_free("stroke-pinderfields", "2026-10-24"), "2026-10-23", "", "weekend", "avoid", 2)
    add(first_free("ent-hub-east", "2027-04-08", 2), "2027-04-08", "ent-hub-east", "",
        "want", 0.5)
    reqs.sort(key=lambda r: (r[1], r[0]))
    write_csv(os.path.join(HERE, "requests.csv"),
              ["person", "date", "rota", "shift", "type", "weight"],
              [(a, b, c, d, e, (f"{w:g}")) for a, b, c, d, e, w in reqs])

    # ---- report
    print(f"{len(people)} people, {len(leave_rows)} leave rows, {len(ics_people)} .ics files, "
          f"{len(reqs)} requests, {len(overrides)} overrides")
    leave_total = sum(len(v) for v in planner.days.values())
    print(f"leave: {leave_total / len(people):.1f} days per person on average "
          f"(min {min(len(v) for v in planner.days.values())}, "
          f"max {max(len(v) for v in planner.days.values())})")
    print("memb/FTE: members and their shares; 1 in: members / cover (people sharing);"
          " days: 182 * members / slots (as `netrota check`);\n"
          "cap: most slots under max_frequency and max_weekends with leave; wk: weekend"
          " duties against min(max_weekends, weekends free); maxoff: most members on leave"
          " on one day")
    hdr = (f"{'rota':29} {'memb':>4} {'FTE':>5} {'1 in':>5} {'duties':>6} {'slots':>5} {'days':>5} "
           f"{'cap':>5} {'ratio':>5} {'wk':>5} {'wkcap':>5} {'ratio':>5} {'maxoff':>6}")
    print(hdr)
    worst = 9.9
    for rota in ROTAS + [dict(w) for w in WHATIF_ROTAS]:
        if "merge" in rota:
            members = [pid for k in rota["merge"] for pid in rota_members[k]]
        else:
            members = rota_members[rota["id"]]
        c = capacity(rota, members, by_id, planner.days, overrides)
        if "merge" in rota:
            maxoff = "-"
        else:
            maxoff = str(max(planner.off[rota["id"]]))
        worst = min(worst, c["ratio"], c["wk_ratio"])
        print(f"{rota['id']:29} {c['members']:4d} {c['fte']:5.1f} "
              f"{c['members'] / rota.get('cover', 1):5.1f} {c['duties']:6d} "
              f"{c['slots']:5d} {c['freq']:5.1f} {c['cap']:5.0f} {c['ratio']:5.2f} "
              f"{c['wk_slots']:5d} {c['wk_cap']:5.0f} {c['wk_ratio']:5.2f} {maxoff:>6}")
    print(f"lowest capacity ratio: {worst:.2f}")
    if worst < 1.4:
        raise SystemExit("a rota has less than 1.4x the capacity it needs")


if __name__ == "__main__":
    main()
