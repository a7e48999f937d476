#!/usr/bin/env bash
# Figures for `recruit import` against `psql \copy` of the same file into an identical table with the same indexes
# (not a test: it prints a table). Full size by default (1,000,000 candidates, 5,000,000 activities, ~18 minutes);
# smaller for a quick run:
#   BENCH_CANDIDATES=100000 BENCH_ACTIVITIES=500000 scripts/bench-import.sh
# The activities are 5 per candidate on one opening each, so a fresh activities import also creates one application
# per candidate (the file names no applications beforehand).
# BENCH_PROFILE=1 writes the activities file as an ATS would (its own headers, action words, MM/DD/YYYY hh:mm A
# dates) and imports it with a profile that maps them back (docs/import-profiles.md): run once without and once with
# it to compare (target: at most 10% slower with the profile).
# Starts a throwaway cluster; or set BENCH_DATABASE_URL to a scratch database it may empty (it drops recruit's tables
# there, so it refuses a database that has them unless BENCH_RESET=1).
set -euo pipefail

CANDIDATES=${BENCH_CANDIDATES:-1000000}
ACTIVITIES=${BENCH_ACTIVITIES:-5000000}
OPENINGS=50
cd "$(dirname "$0")/.."
ROOT=$(pwd)

if [ ! -x /usr/bin/time ]; then
    echo "bench-import: GNU time is needed for peak memory: apt-get install -y time" >&2
    exit 2
fi
command -v psql >/dev/null || { echo "bench-import: psql is needed: apt-get install -y postgresql-client" >&2; exit 2; }

echo "building recruit (release)..." >&2
source "$ROOT/scripts/prerequisites.sh"
recruit_build_release "$ROOT" >&2
RECRUIT="$ROOT/.build/release/recruit"

WORK=$(mktemp -d /tmp/recruit-bench.XXXXXX)
chmod 755 "$WORK"
CLUSTER=""
cleanup() {
    if [ -n "$CLUSTER" ]; then as_postgres "$PGBIN/pg_ctl" -D "$CLUSTER" -m fast stop >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
[ -n "${BENCH_KEEP_FILES:-}" ] && trap - EXIT

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ -n "${BENCH_DATABASE_URL:-}" ]; then
    export DATABASE_URL="$BENCH_DATABASE_URL"
    if [ "${BENCH_RESET:-0}" != 1 ] && [ -n "$(psql "$DATABASE_URL" -X -At -c "SELECT to_regclass('schema_migrations')")" ]; then
        echo "bench-import: that database holds recruit's tables; the bench drops them: use a scratch database or BENCH_RESET=1" >&2
        exit 2
    fi
else
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$PGBIN" ] || PGBIN=$(dirname "$(command -v initdb)")
    CLUSTER="$WORK/data"
    mkdir -p "$CLUSTER" "$WORK/socket"
    [ "$(id -u)" = 0 ] && chown -R postgres "$WORK"
    as_postgres "$PGBIN/initdb" -A trust -E UTF8 -U postgres -D "$CLUSTER" >/dev/null
    as_postgres "$PGBIN/pg_ctl" -D "$CLUSTER" -w -l "$WORK/server.log" \
        -o "-k $WORK/socket -c listen_addresses='' -c shared_buffers=256MB -c max_wal_size=4GB" start >/dev/null
    export DATABASE_URL="host=$WORK/socket user=postgres dbname=postgres"
fi
export PAGER=cat PSQLRC=/dev/null
q() { psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 "$@"; }

echo "generating $CANDIDATES candidates and $ACTIVITIES activities..." >&2
PROFILE=${BENCH_PROFILE:-0}
python3 - "$WORK" "$CANDIDATES" "$ACTIVITIES" "$OPENINGS" "$PROFILE" <<'PY'
import sys, datetime
work, candidates, activities, openings = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
profile = sys.argv[5] == "1"
words = {"interview": "Interview Scheduled", "thank_you": "Thank You", "follow_up": "Left Message",
         "phone_check": "Phone Check", "hm_reply": "Client Feedback", "check_back": "Check Back", "keep_in_mind": "Keep In Mind"}
sources = ["referral", "job board", "LinkedIn", "agency site", "event"]
recruiters = ["sam@agency.test", "kim@agency.test", "lou@agency.test"]
with open(f"{work}/openings.csv", "w") as f:
    f.write("opening,client,title,hiring_manager,hiring_manager_email,status,opened_on\n")
    for o in range(openings):
        f.write(f"JOB-{o:04d},Client {o % 7},Engineer {o},Manager {o % 11},hm{o % 11}@client{o % 7}.example,open,2026-01-05\n")
with open(f"{work}/candidates.csv", "w") as f:
    f.write("email,first_name,last_name,phone,source,recruiter,notes\n")
    for i in range(candidates):
        note = f'"met at event {i % 97}, keen on remote"' if i % 3 == 0 else ""
        f.write(f"person{i}@example.com,First{i % 1000},Last{i},+1-555-{i % 10000:04d},{sources[i % 5]},{recruiters[i % 3]},{note}\n")
types = ["interview", "thank_you", "follow_up", "phone_check", "hm_reply", "check_back", "keep_in_mind"]
base = datetime.date(2026, 1, 1)
ats = open(f"{work}/activities-ats.csv", "w") if profile else None
if ats:
    ats.write("Candidate Email,Job ID,Date Added,Action,Author,With,Channel,Decision By,Interest,Comments\n")
with open(f"{work}/activities.csv", "w") as f:
    f.write("candidate,opening,date,type,by,with,channel,decision_by,interest,note\n")
    for n in range(activities):
        i = n % candidates
        k = n // candidates
        t = types[(n + k) % len(types)]
        day = base + datetime.timedelta(days=(i * 7 + k * 3) % 300)
        by = {"interview": "client", "thank_you": "candidate", "hm_reply": "client"}.get(t, "recruiter")
        with_ = f"Manager {i % 11}" if t in ("interview", "thank_you") else ""
        decision = (day + datetime.timedelta(days=5)).isoformat() if t == "hm_reply" else ""
        interest = ["", "top", "warm", "neutral"][n % 4] if t == "hm_reply" else ""
        note = f"round {k}" if t == "interview" else ""
        f.write(f"person{i}@example.com,JOB-{i % openings:04d},{day.isoformat()},{t},{by},{with_},email,{decision},{interest},{note}\n")
        if ats:
            d = day.strftime("%m/%d/%Y") + " 09:15 AM"
            us = (day + datetime.timedelta(days=5)).strftime("%m/%d/%Y") if t == "hm_reply" else ""
            ats.write(f"person{i}@example.com,JOB-{i % openings:04d},{d},{words[t]},{by},{with_},email,{us},{interest},{note}\n")
if ats:
    ats.close()
with open(f"{work}/profile.json", "w") as f:
    f.write('''{"name": "bench-ats", "kind": "activities", "dateFormat": "MM/DD/YYYY hh:mm A",
  "columns": {"Candidate Email": "candidate", "Job ID": "opening", "Date Added": "date", "Action": "type",
              "Author": "by", "Comments": "note"},
  "values": {"type": {"Interview Scheduled": "interview", "Thank You": "thank_you", "Left Message": "follow_up",
                      "Phone Check": "phone_check", "Client Feedback": "hm_reply", "Check Back": "check_back",
                      "Keep In Mind": "keep_in_mind"}}}''')
PY
ACTIVITY_FLAGS=()
ACTIVITY_FILE="$WORK/activities.csv"
if [ "$PROFILE" = 1 ]; then ACTIVITY_FLAGS=(--profile "$WORK/profile.json"); ACTIVITY_FILE="$WORK/activities-ats.csv"; fi
ls -l "$WORK"/*.csv | awk '{printf "  %-12s %6.0f MB\n", $9, $5/1048576}' | sed "s|$WORK/||" >&2

# A clean schema for every run (a throwaway cluster, or a scratch database the user named).
q -c "DROP TABLE IF EXISTS bench_candidates, bench_activities, activities, applications, openings, hiring_managers,
      client_policies, agency_policy, clients, candidates, schema_migrations CASCADE;
      DROP TYPE IF EXISTS opening_status, application_stage, interest_level, activity_type, party, contact_channel CASCADE;
      DROP FUNCTION IF EXISTS person_key, activity_key, recruit_parse_day, recruit_split_names, recruit_later CASCADE;" >/dev/null 2>&1 || true
"$RECRUIT" db migrate --database "$DATABASE_URL" >/dev/null
"$RECRUIT" import openings "$WORK/openings.csv" --database "$DATABASE_URL" >/dev/null

# The psql side: tables shaped like the file, with the indexes and keys of the real tables (bench_activities by
# hand: keep it in step with every migration that changes activities' indexes; the check below lists them).
q <<'SQL'
CREATE TABLE bench_candidates (LIKE candidates INCLUDING ALL);
CREATE TABLE bench_activities (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    candidate text NOT NULL, opening text NOT NULL, occurred_on date NOT NULL, type activity_type NOT NULL,
    by party, with_names text, channel contact_channel, decision_by date, interest interest_level, note text,
    natural_key bytea NOT NULL GENERATED ALWAYS AS
        (activity_key(occurred_on, type, by, string_to_array(with_names, ';'), channel, decision_by, interest, note)) STORED,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (candidate, opening, natural_key)
);
-- The real table's other indexes (0001, 0003, 0004), with (candidate, opening) in place of application_id.
CREATE INDEX ON bench_activities (candidate, opening, occurred_on, id) INCLUDE (type, by, with_names, decision_by, interest);
CREATE INDEX ON bench_activities (occurred_on) WHERE type IN ('follow_up', 'phone_check');
CREATE INDEX ON bench_activities (candidate, opening) WHERE type = 'hired';
-- 0018: the ATS's own id (empty in these files, as in the real table).
ALTER TABLE bench_activities ADD COLUMN external_id text;
CREATE UNIQUE INDEX ON bench_activities (external_id) WHERE external_id IS NOT NULL;
SQL
real_indexes=$(q -At -c "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'activities'")
bench_indexes=$(q -At -c "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'bench_activities'")
if [ "$real_indexes" != "$bench_indexes" ]; then
    echo "bench-import: activities has $real_indexes indexes but bench_activities $bench_indexes; mirror the new ones above" >&2
    exit 2
fi

# measure LABEL CMD...: prints "seconds maxrss_mb" (GNU time), output of CMD to the log.
measure() {
    local label=$1; shift
    q -c "CHECKPOINT" >/dev/null
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >>"$WORK/bench.log" 2>&1 || { echo "bench-import: $label failed:" >&2; tail -5 "$WORK/bench.log" >&2; exit 1; }
    awk '{printf "%s %.0f\n", $1, $2/1024}' "$WORK/time.txt"
}

read -r psql_c psql_c_mb < <(measure "psql candidates" psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 \
    -c "\\copy bench_candidates (email, first_name, last_name, phone, source, recruiter, notes) FROM '$WORK/candidates.csv' (FORMAT csv, HEADER)")
read -r rec_c rec_c_mb < <(measure "recruit candidates" "$RECRUIT" import candidates "$WORK/candidates.csv" --database "$DATABASE_URL")
read -r rec_c2 rec_c2_mb < <(measure "recruit candidates again" "$RECRUIT" import candidates "$WORK/candidates.csv" --database "$DATABASE_URL")
read -r psql_a psql_a_mb < <(measure "psql activities" psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 \
    -c "\\copy bench_activities (candidate, opening, occurred_on, type, by, with_names, channel, decision_by, interest, note) FROM '$WORK/activities.csv' (FORMAT csv, HEADER)")
read -r rec_a rec_a_mb < <(measure "recruit activities" "$RECRUIT" import activities "$ACTIVITY_FILE" ${ACTIVITY_FLAGS[@]+"${ACTIVITY_FLAGS[@]}"} --database "$DATABASE_URL")
read -r rec_a2 rec_a2_mb < <(measure "recruit activities again" "$RECRUIT" import activities "$ACTIVITY_FILE" ${ACTIVITY_FLAGS[@]+"${ACTIVITY_FLAGS[@]}"} --database "$DATABASE_URL")

grep -h "rows;" "$WORK/bench.log" >&2 || true
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
echo
echo "recruit import vs psql \\copy ($CANDIDATES candidates, $ACTIVITIES activities$([ "$PROFILE" = 1 ] && echo ', activities through a profile'); PostgreSQL $(q -At -c 'SHOW server_version'))"
printf "%-34s %9s %9s %8s %8s %14s\n" "case" "psql s" "recruit s" "ratio" "target" "recruit RSS MB"
printf "%-34s %9s %9s %8s %8s %14s\n" "candidates, fresh" "$psql_c" "$rec_c" "$(ratio "$rec_c" "$psql_c")" "<=1.5x" "$rec_c_mb"
printf "%-34s %9s %9s %8s %8s %14s\n" "candidates, same file again" "$psql_c" "$rec_c2" "$(ratio "$rec_c2" "$psql_c")" "<=2x" "$rec_c2_mb"
printf "%-34s %9s %9s %8s %8s %14s\n" "activities, fresh" "$psql_a" "$rec_a" "$(ratio "$rec_a" "$psql_a")" "<=2x" "$rec_a_mb"
printf "%-34s %9s %9s %8s %8s %14s\n" "activities, same file again" "$psql_a" "$rec_a2" "$(ratio "$rec_a2" "$psql_a")" "" "$rec_a2_mb"
echo "(psql peak RSS: candidates ${psql_c_mb} MB, activities ${psql_a_mb} MB; target for recruit: <= 150 MB)"
