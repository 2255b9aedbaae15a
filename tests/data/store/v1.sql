-- A database as netrota's first schema (version 1) wrote it, with one
-- scenario, one run of four slots (one uncovered) and its ledger entries.
-- store_test.c opens it to test the migration to the current version.
-- The schema text must stay identical to MIGRATIONS[0] in store/store.c.
BEGIN;
PRAGMA application_id = 1314018383;
CREATE TABLE scenarios(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  name TEXT NOT NULL,
  inputs_hash TEXT NOT NULL,
  created TEXT NOT NULL,
  UNIQUE(path, inputs_hash));
CREATE TABLE scenario_files(
  scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY(scenario_id, path));
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  scenario_id INTEGER NOT NULL REFERENCES scenarios(id),
  created TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_days INTEGER NOT NULL,
  params_json TEXT NOT NULL,
  glpk_version TEXT,
  status TEXT NOT NULL
    CHECK(status IN ('optimal','feasible','gaps','interrupted')),
  objective REAL, bound REAL, gap REAL, seconds REAL,
  uncovered INTEGER NOT NULL,
  n_slots INTEGER NOT NULL);
CREATE INDEX runs_scenario ON runs(scenario_id);
CREATE TABLE run_terms(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  term TEXT NOT NULL,
  value REAL,
  PRIMARY KEY(run_id, term)) WITHOUT ROWID;
CREATE TABLE assignments(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  rota TEXT NOT NULL,
  shift TEXT NOT NULL,
  date TEXT NOT NULL,
  slot INTEGER NOT NULL CHECK(slot >= 0),
  person TEXT,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK(kind IN ('weekday','weekend','bank_holiday')),
  PRIMARY KEY(run_id, rota, shift, date, slot)) WITHOUT ROWID;
CREATE TABLE ledger(
  person TEXT NOT NULL,
  rota TEXT NOT NULL,
  period_start TEXT NOT NULL,
  kind TEXT NOT NULL CHECK(kind IN ('weekday','weekend','bank_holiday')),
  duties INTEGER NOT NULL CHECK(duties >= 0),
  run_id INTEGER REFERENCES runs(id),
  PRIMARY KEY(person, rota, period_start, kind));
PRAGMA user_version = 1;
INSERT INTO scenarios(id, path, name, inputs_hash, created)
  VALUES (1, 'examples/tiny', 'Tiny', '0123456789abcdef', '2026-06-01T09:00:00Z');
INSERT INTO scenario_files(scenario_id, path, hash)
  VALUES (1, 'examples/tiny/scenario.yaml', 'fedcba9876543210');
INSERT INTO runs(id, scenario_id, created, period_start, period_days, params_json,
  glpk_version, status, objective, bound, gap, seconds, uncovered, n_slots)
  VALUES (1, 1, '2026-06-01T09:00:05Z', '2026-12-21', 7,
  '{"time_limit":60,"mip_gap":0.005,"seed":1}', '5.0', 'gaps', 1000012.5, 1000000,
  0.0000125, 4.25, 1, 4);
INSERT INTO run_terms(run_id, term, value) VALUES
  (1, 'uncovered', 1), (1, 'trust_deviation', 2), (1, 'person_deviation', 10.5),
  (1, 'requests', 0), (1, 'travel', 0), (1, 'min_duties_short', 0);
INSERT INTO assignments(run_id, rota, shift, date, slot, person, start, "end", kind) VALUES
  (1, 'gi', 'night', '2026-12-21', 0, 'P1', 1798218000, 1798272000, 'weekday'),
  (1, 'gi', 'night', '2026-12-22', 0, 'P2', 1798304400, 1798358400, 'weekday'),
  (1, 'gi', 'night', '2026-12-24', 0, 'P1', 1798477200, 1798531200, 'weekday'),
  (1, 'gi', 'night', '2026-12-25', 0, NULL, 1798563600, 1798617600, 'bank_holiday');
INSERT INTO ledger(person, rota, period_start, kind, duties, run_id) VALUES
  ('P1', 'gi', '2026-12-21', 'weekday', 2, 1),
  ('P2', 'gi', '2026-12-21', 'weekday', 1, 1);
COMMIT;
