#!/usr/bin/env bash
# Figures for `recruit import` against `psql \copy` of the same file into plain tables (ref_candidates,
# ref_activities: a primary key, the e-mail's unique key, one index on candidate, opening and date; issue 20)
# (not a test: it prints a table). Full size by default (1,000,000 candidates, 5,000,000 activities, ~18 minutes);
# smaller for a quick run:
#   BENCH_CANDIDATES=100000 BENCH_ACTIVITIES=500000 scripts/bench-import.sh
# BENCH_RUNS=3 repeats the whole sequence on emptied tables, psql and recruit alternating, and shows medians.
# BENCH_LOG_MS=200 lists the server's statements that took longer (where the time goes; the script's own cluster).
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

source "$ROOT/scripts/prerequisites.sh"
if [ -n "${BENCH_RECRUIT:-}" ]; then
    RECRUIT=$BENCH_RECRUIT  # a binary built before (say, of another commit, to compare)
else
    echo "building recruit (release)..." >&2
    recruit_build_release "$ROOT" >&2
    RECRUIT="$ROOT/.build/release/recruit"
fi

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
        -o "-k $WORK/socket -c listen_addresses='' -c shared_buffers=256MB -c max_wal_size=4GB -c log_min_duration_statement=${BENCH_LOG_MS:--1} -c track_functions=all" start >/dev/null
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
q -c "DROP TABLE IF EXISTS ref_candidates, ref_activities, bench_candidates, bench_activities, activities, applications, openings, hiring_managers,
      client_policies, agency_policy, clients, candidates, schema_migrations CASCADE;
      DROP TYPE IF EXISTS opening_status, application_stage, interest_level, activity_type, party, contact_channel CASCADE;
      DROP FUNCTION IF EXISTS person_key, activity_key, recruit_parse_day, recruit_split_names, recruit_later CASCADE;" >/dev/null 2>&1 || true
"$RECRUIT" db migrate --database "$DATABASE_URL" >/dev/null
"$RECRUIT" import openings "$WORK/openings.csv" --database "$DATABASE_URL" >/dev/null

# The psql side (issue 20): fixed, plain tables, as a user would judge recruit: how close is an import to the
# fastest way PostgreSQL takes the same file? Keep these exact definitions; they do not follow recruit's schema.
q <<'SQL'
CREATE TABLE ref_candidates (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, first_name text,
  last_name text, phone text, source text, recruiter text, notes text);
CREATE TABLE ref_activities (id bigserial PRIMARY KEY, candidate text NOT NULL, opening text NOT NULL,
  occurred_on date NOT NULL, type text NOT NULL, by text, with_names text, channel text, decision_by date,
  interest text, note text);
CREATE INDEX ON ref_activities (candidate, opening, occurred_on);
SQL

# measure LABEL CMD...: prints "seconds maxrss_mb" (GNU time), output of CMD to the log.
measure() {
    local label=$1; shift
    q -c "CHECKPOINT" >/dev/null
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >>"$WORK/bench.log" 2>&1 || { echo "bench-import: $label failed:" >&2; tail -5 "$WORK/bench.log" >&2; exit 1; }
    awk '{printf "%s %.0f\n", $1, $2/1024}' "$WORK/time.txt"
}

# BENCH_RUNS rounds (default 1), each on emptied tables: psql and recruit alternate, so a busy moment of the shared
# machine hits both alike; the table shows each column's median, the ratio the medians'.
RUNS=${BENCH_RUNS:-1}
for run in $(seq 1 "$RUNS"); do
    if [ "$run" -gt 1 ]; then
        q -c "TRUNCATE ref_candidates, ref_activities; TRUNCATE activities; TRUNCATE candidates CASCADE" -c "VACUUM ANALYZE" >/dev/null
    fi
    read -r v mb < <(measure "psql candidates" psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 \
        -c "\\copy ref_candidates (email, first_name, last_name, phone, source, recruiter, notes) FROM '$WORK/candidates.csv' (FORMAT csv, HEADER)")
    echo "$v $mb" >>"$WORK/psql_c"
    read -r v mb < <(measure "recruit candidates" "$RECRUIT" import candidates "$WORK/candidates.csv" --database "$DATABASE_URL")
    echo "$v $mb" >>"$WORK/rec_c"
    read -r v mb < <(measure "recruit candidates again" "$RECRUIT" import candidates "$WORK/candidates.csv" --database "$DATABASE_URL")
    echo "$v $mb" >>"$WORK/rec_c2"
    read -r v mb < <(measure "psql activities" psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 \
        -c "\\copy ref_activities (candidate, opening, occurred_on, type, by, with_names, channel, decision_by, interest, note) FROM '$WORK/activities.csv' (FORMAT csv, HEADER)")
    echo "$v $mb" >>"$WORK/psql_a"
    read -r v mb < <(measure "recruit activities" "$RECRUIT" import activities "$ACTIVITY_FILE" ${ACTIVITY_FLAGS[@]+"${ACTIVITY_FLAGS[@]}"} --database "$DATABASE_URL")
    echo "$v $mb" >>"$WORK/rec_a"
    read -r v mb < <(measure "recruit activities again" "$RECRUIT" import activities "$ACTIVITY_FILE" ${ACTIVITY_FLAGS[@]+"${ACTIVITY_FLAGS[@]}"} --database "$DATABASE_URL")
    echo "$v $mb" >>"$WORK/rec_a2"
    echo "round $run (s): psql $(tail -1 "$WORK/psql_c" | cut -d' ' -f1) / recruit $(tail -1 "$WORK/rec_c" | cut -d' ' -f1), again $(tail -1 "$WORK/rec_c2" | cut -d' ' -f1); psql $(tail -1 "$WORK/psql_a" | cut -d' ' -f1) / recruit $(tail -1 "$WORK/rec_a" | cut -d' ' -f1), again $(tail -1 "$WORK/rec_a2" | cut -d' ' -f1)" >&2
done
# median FILE: the median seconds and the highest peak memory of a case's rounds.
median() { sort -n "$1" | awk '{ t[NR] = $1; if ($2 > m) m = $2 } END { printf "%s %s\n", (NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2), m }'; }
read -r psql_c psql_c_mb < <(median "$WORK/psql_c")
read -r rec_c rec_c_mb < <(median "$WORK/rec_c")
read -r rec_c2 rec_c2_mb < <(median "$WORK/rec_c2")
read -r psql_a psql_a_mb < <(median "$WORK/psql_a")
read -r rec_a rec_a_mb < <(median "$WORK/rec_a")
read -r rec_a2 rec_a2_mb < <(median "$WORK/rec_a2")

grep -h "rows;" "$WORK/bench.log" >&2 || true
if [ -n "${BENCH_LOG_MS:-}" ] && [ -n "$CLUSTER" ]; then
    echo "statements over ${BENCH_LOG_MS} ms (server log):" >&2
    grep -o "duration: .*" "$WORK/server.log" | cut -c1-220 >&2 || true
    echo "time inside functions (triggers included), ms:" >&2
    q -c "SELECT funcname, calls, round(total_time) AS total_ms, round(self_time) AS self_ms FROM pg_stat_user_functions ORDER BY total_time DESC LIMIT 12" >&2
fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
echo
echo "recruit import vs psql \\copy into plain tables ($CANDIDATES candidates, $ACTIVITIES activities$([ "$PROFILE" = 1 ] && echo ', activities through a profile'); median of $RUNS round(s); PostgreSQL $(q -At -c 'SHOW server_version'))"
printf "%-34s %9s %9s %8s %8s %14s\n" "case" "psql s" "recruit s" "ratio" "target" "recruit RSS MB"
printf "%-34s %9s %9s %8s %8s %14s\n" "candidates, fresh" "$psql_c" "$rec_c" "$(ratio "$rec_c" "$psql_c")" "<=1.5x" "$rec_c_mb"
printf "%-34s %9s %9s %8s %8s %14s\n" "candidates, same file again" "$psql_c" "$rec_c2" "$(ratio "$rec_c2" "$psql_c")" "<=1.5x" "$rec_c2_mb"
printf "%-34s %9s %9s %8s %8s %14s\n" "activities, fresh" "$psql_a" "$rec_a" "$(ratio "$rec_a" "$psql_a")" "<=2x" "$rec_a_mb"
printf "%-34s %9s %9s %8s %8s %14s\n" "activities, same file again" "$psql_a" "$rec_a2" "$(ratio "$rec_a2" "$psql_a")" "<=1.5x" "$rec_a2_mb"
echo "(psql peak RSS: candidates ${psql_c_mb} MB, activities ${psql_a_mb} MB; target for recruit: <= 150 MB)"
