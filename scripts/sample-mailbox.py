#!/usr/bin/env python3
"""Writes the bundled sample agency's activities as a mailbox (mbox on stdout), as its mail server would have
journaled them: each follow_up, hm_reply, thank_you and keep_in_mind e-mail as a message between the right people,
each interview as an invitation (text/calendar, METHOD:REQUEST) from the hiring manager, and some mail that is not an
activity (the agency writing to candidates). `recruit import mail` on it, over the sample CSVs without their
activities, records them again. Deterministic.

    scripts/sample-mailbox.py > sample.mbox
    scripts/sample-mailbox.py --repeat 1000 --pad 6000 > bench.mbox   # 137,000+ messages of ~8 KB, for benchmarks
"""
import argparse, csv, email.utils, os, sys, datetime

SAMPLES = os.path.join(os.path.dirname(__file__), "..", "Sources", "Recruiting", "Resources", "samples")

def rows(name):
    with open(os.path.join(SAMPLES, name), newline="") as f:
        return list(csv.DictReader(f))

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="write every message this many times, each with its own Message-ID")
    parser.add_argument("--pad", type=int, default=0, help="add this many bytes of quoted prose to every body")
    args = parser.parse_args()
    openings = {o["opening"]: o for o in rows("openings.csv")}
    candidates = {c["email"]: c for c in rows("candidates.csv")}
    activities = rows("activities.csv")
    out = sys.stdout
    pad = ("> " + "Thank you for your time last week; we are still comparing notes. " * 40 + "\n") if args.pad else ""
    padding = (pad * (args.pad // max(len(pad), 1) + 1))[: args.pad]

    def name(email_address):
        c = candidates.get(email_address)
        return f'{c["first_name"]} {c["last_name"]}' if c else email_address

    def write(n, headers, body, when):
        out.write(f"From mailer@agency.test {when.strftime('%a %b %d %H:%M:%S %Y')}\n")
        for k, v in headers:
            out.write(f"{k}: {v}\n")
        out.write("\n")
        for line in (body + ("\n" + padding if padding else "")).split("\n"):
            out.write((">" + line if line.startswith("From ") or line.startswith(">From ") else line) + "\n")
        out.write("\n")

    for r in range(args.repeat):
        for i, a in enumerate(activities):
            o = openings[a["opening"]]
            hm_name, hm_mail, recruiter = o["hiring_manager"] or o["hiring_manager_email"], o["hiring_manager_email"], o["recruiter"]
            cand = a["candidate"]
            when = datetime.datetime.fromisoformat(a["date"] + "T10:00:00+00:00") + datetime.timedelta(minutes=i % 50)
            date = email.utils.format_datetime(when)
            mid = f"<s{r}-{i}@sample.agency.test>"
            subject = f"{name(cand)} - {a['opening']} {o['title']}"
            common = [("Date", date), ("Message-ID", mid), ("Subject", subject)]
            t = a["type"]
            if t == "interview":
                ics = "\r\n".join([
                    "BEGIN:VCALENDAR", "METHOD:REQUEST", "BEGIN:VEVENT", f"UID:int-{r}-{i}@sample.agency.test", "SEQUENCE:0",
                    f"DTSTART:{a['date'].replace('-', '')}T150000Z", f"ORGANIZER;CN={hm_name}:mailto:{hm_mail}",
                    f"ATTENDEE;CN={name(cand)}:mailto:{cand}", "END:VEVENT", "END:VCALENDAR"])
                body = ("--inv\nContent-Type: text/plain\n\nInterview invitation.\n--inv\n"
                        "Content-Type: text/calendar; method=REQUEST\n\n" + ics + "\n--inv--")
                write(i, [("From", f"{hm_name} <{hm_mail}>"), ("To", f"{name(cand)} <{cand}>, <{recruiter}>"),
                          ("MIME-Version", "1.0"), ("Content-Type", 'multipart/mixed; boundary="inv"')] + common, body, when)
            elif t in ("follow_up", "check_back") and a["channel"] in ("email", ""):
                sender = f"<{cand}>" if a["by"] == "candidate" else f"<{recruiter}>"
                write(i, [("From", sender), ("To", f"{hm_name} <{hm_mail}>")] + common, "Any news?", when)
            elif t == "hm_reply":
                write(i, [("From", f"{hm_name} <{hm_mail}>"), ("To", f"<{recruiter}>")] + common, "Still deciding.", when)
            elif t in ("thank_you", "keep_in_mind"):
                write(i, [("From", f"{name(cand)} <{cand}>"), ("To", f"{hm_name} <{hm_mail}>")] + common, "Thank you.", when)
            else:  # calls, offers, decisions: not mail; the agency writes to the candidate instead (not an activity)
                write(i, [("From", f"<{recruiter}>"), ("To", f"{name(cand)} <{cand}>")] + common, "Update for you.", when)

if __name__ == "__main__":
    main()
