#!/usr/bin/env bash
# Web benchmark (issue "`recruit serve`"): prints figures, it is not a test.
#
# On the queue benchmark's agency (build it first with `KEEP=1 scripts/bench-queue.sh`; the same BENCH_HOME and
# size variables apply), USERS signed-in recruiters (default 16, recruiter1..N@agency.test, accounts made on the
# first run) load their Today page as of AS_OF for DURATION seconds over loopback, each waiting for its answer
# before asking again. First each user's first load, which computes and renders their page (kept until the data
# changes). Then prints the latency percentiles, errors and the server's peak resident memory (targets: p95
# at most 150 ms, no errors, at most 300 MB), and, as the reference measured in the same run, one recruiter's
# `recruit queue` time and the same users loading the stylesheet (the server's own cost without the database).
# The load is generated twice: by Python threads (requests), and then, when wrk is installed (as root it is), by
# wrk with the same 16 sessions' cookies, 2 threads and 16 connections: wrk costs the shared 2 cores far less than
# Python does, so its figures are the server's; the Python ones show what a heavy client on the same machine sees.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
USERS=${USERS:-16}
DURATION=${DURATION:-60}
AS_OF=${AS_OF:-2026-11-20}
PORT=${PORT:-18181}
export RECRUIT_HOME=${BENCH_HOME:-/tmp/recruit-bench-queue}
unset DATABASE_URL PGHOST PGDATABASE PGSERVICE

source "$root/scripts/prerequisites.sh"
recruit_prerequisites
recruit_python_modules requests
echo "building recruit (release) ..." >&2
recruit_build_release "$root" >/dev/null
recruit="$root/.build/release/recruit"
"$recruit" db migrate >/dev/null
if "$recruit" queue --as-of "$AS_OF" --recruiter recruiter1@agency.test --format json 2>/dev/null | grep -q '^\[\]$'; then
    echo "no agency in $RECRUIT_HOME: run KEEP=1 scripts/bench-queue.sh first (same BENCH_HOME and sizes)" >&2
    exit 1
fi

links=()
accounts=$("$recruit" user list)  # read once: `user list | grep -q` under pipefail fails when grep stops early
for i in $(seq 1 "$USERS"); do
    email="recruiter$i@agency.test"
    if ! grep -q "^$email " <<<"$accounts"; then
        "$recruit" user add "$email" --name "Recruiter $i" --role recruiter >/dev/null
    fi
    links+=("$("$recruit" user link "$email" --base-url "http://127.0.0.1:$PORT" | tail -1 | tr -d ' ')")
done

"$recruit" serve --port "$PORT" --connections "$USERS" 2>/tmp/recruit-bench-web.log &
server=$!
trap 'kill -TERM $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/login" >/dev/null 2>&1 && break; sleep 0.1; done

reference=$( { /usr/bin/time -f '%e' "$recruit" queue --as-of "$AS_OF" --recruiter recruiter1@agency.test >/dev/null; } 2>&1 | tail -1)

cookies=$(mktemp)
python3 - "$PORT" "$DURATION" "$AS_OF" "$cookies" "${links[@]}" <<'PY'
import re, statistics, sys, threading, time
import requests

port, duration, as_of, cookie_file, links = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
url = f"http://127.0.0.1:{port}"
password = "benchmark password 1"

def token(html):
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)

def signed_in(i, link):
    s = requests.Session()
    page = s.get(link)
    s.post(link, data={"csrf": token(page.text), "password": password, "confirm": password}, headers={"Origin": url})
    page = s.get(url + "/login")
    r = s.post(url + "/login", data={"csrf": token(page.text), "email": f"recruiter{i}@agency.test", "password": password},
               headers={"Origin": url}, allow_redirects=False)
    assert r.status_code == 303, r.text[:300]
    return s

sessions = [signed_in(i + 1, link) for i, link in enumerate(links)]

def load(path, seconds):
    times, errors = [], []
    lock = threading.Lock()
    def worker(s):
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            start = time.perf_counter()
            try:
                r = s.get(url + path, allow_redirects=False)
                ok = r.status_code == 200
            except Exception:
                ok = False
            elapsed = time.perf_counter() - start
            with lock:
                (times if ok else errors).append(elapsed)
    threads = [threading.Thread(target=worker, args=(s,)) for s in sessions]
    for t in threads: t.start()
    for t in threads: t.join()
    return times, errors

def show(label, times, errors, seconds):
    q = statistics.quantiles(times, n=100) if len(times) > 1 else [times[0]] * 99
    print(f"{label:44s} {len(times) / seconds:8.1f} req/s  p50 {q[49]*1000:7.1f} ms  p95 {q[94]*1000:7.1f} ms"
          f"  p99 {q[98]*1000:7.1f} ms  errors {len(errors)}")

# Each user's first load computes their queue and renders its first page (a reload then reads both, kept until the
# data changes): what a recruiter waits for after any change, one user at a time.
first = []
for s in sessions:
    start = time.perf_counter()
    r = s.get(url + f"/today?as_of={as_of}", allow_redirects=False)
    first.append(time.perf_counter() - start)
    assert r.status_code == 200 and 'class="item' in r.text and 'name="csrf"' in r.text, r.text[:300]
print(f"{'Today, first load of each user (computed)':44s} median {statistics.median(first)*1000:7.1f} ms  max {max(first)*1000:7.1f} ms")
css_times, css_errors = load("/static/app.css", min(10.0, duration))
show("reference: the stylesheet", css_times, css_errors, min(10.0, duration))
times, errors = load(f"/today?as_of={as_of}", duration)
show(f"Today, {len(sessions)} users, {duration:.0f} s (Python)", times, errors, duration)
with open(cookie_file, "w") as f:
    f.write("\n".join(s.cookies.get("recruit_session") for s in sessions) + "\n")
PY
command -v wrk >/dev/null || recruit_install wrk || true
if command -v wrk >/dev/null; then
    lua=$(mktemp --suffix .lua)
    {
        echo "local cookies = {"
        while read -r c; do [ -n "$c" ] && echo "  \"recruit_session=$c\","; done < "$cookies"
        echo "}"
        cat <<LUA
local n = 0
request = function()
    n = n + 1
    return wrk.format("GET", "/today?as_of=$AS_OF", {["Cookie"] = cookies[(n % #cookies) + 1]})
end
done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("Today, %d sessions, %d s (wrk, 2 threads, $USERS connections) %8.1f req/s  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  errors %d\\n",
        #cookies, $DURATION, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
        latency:percentile(95) / 1000, latency:percentile(99) / 1000, e.connect + e.read + e.write + e.status + e.timeout))
end
LUA
    } > "$lua"
    wrk -t 2 -c "$USERS" -d "${DURATION}s" --timeout 10s -s "$lua" "http://127.0.0.1:$PORT" | tail -1
    rm -f "$lua"
fi
rm -f "$cookies"
rss=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$server/status")
echo "server peak resident memory: $rss MB (target <= 300 MB)"
echo "reference: recruit queue --recruiter recruiter1@agency.test (text), one run: ${reference} s"
