#!/usr/bin/env python3
"""Writes the bundled sample files (Sources/Recruiting/Resources/samples/*.csv): a small agency whose history
exercises every rule of POLICY.md on the demo day, 2026-11-20 (a Friday). docs/samples.md says which rows do what.
Deterministic: running it again writes the same bytes."""
import csv, datetime, os, random

OUT = os.path.join(os.path.dirname(__file__), "..", "Sources", "Recruiting", "Resources", "samples")
rng = random.Random(20261120)
day = datetime.date.fromisoformat
DEMO_DAY = day("2026-11-20")

openings = [
    # opening, client, title, hiring_manager, hiring_manager_email, status, opened_on, filled_on, recruiter
    ("ACME-1042", "Acme Corp", "Backend Engineer", "Dana Cho", "dana.cho@acme.example", "open", "2026-09-01", "", "sam@agency.test"),
    ("ACME-1043", "Acme Corp", "Data Analyst", "Priya Shah", "priya.shah@acme.example", "open", "2026-07-01", "", "sam@agency.test"),
    ("ACME-1044", "Acme Corp", "Product Designer", "Priya Shah", "priya.shah@acme.example", "open", "2026-09-15", "", "kim@agency.test"),
    ("ACME-1045", "Acme Corp", "QA Lead", "Dana Cho", "dana.cho@acme.example", "on_hold", "2026-08-01", "", "sam@agency.test"),
    ("BORE-201", "Borealis Health", "Nurse Manager", "Marcus Lee", "m.lee@borealis.example", "filled", "2026-05-01", "2026-08-10", "kim@agency.test"),
    ("BORE-202", "Borealis Health", "Clinical Data Scientist", "Marcus Lee", "m.lee@borealis.example", "open", "2026-06-15", "", "kim@agency.test"),
    ("BORE-203", "Borealis Health", "IT Support Specialist", "", "it-hiring@borealis.example", "open", "2026-10-01", "", "lou@agency.test"),
    ("COB-310", "Cobalt Logistics", "Warehouse Operations Lead", "Ines Park", "ines.park@cobalt.example", "open", "2026-07-15", "", "lou@agency.test"),
    ("COB-311", "Cobalt Logistics", "Fleet Planner", "Ines Park", "ines.park@cobalt.example", "open", "2026-10-05", "", "lou@agency.test"),
    ("COB-312", "Cobalt Logistics", "Controller", "Omar Haddad", "omar.haddad@cobalt.example", "closed", "2026-06-01", "", "lou@agency.test"),
]
hm = {o[0]: o[3] for o in openings}
recruiter_of = {o[0]: o[8] for o in openings}

candidates = []    # email, first, last, phone, source, recruiter, notes
applications = []  # candidate, opening, stage, stage_date, submitted_on, decision_by, interest, recruiter
activities = []    # candidate, opening, date, type, by, with, channel, decision_by, interest, note

def person(first, last, source="referral", notes=""):
    email = f"{first.lower()}.{last.lower()}@example.com"
    candidates.append((email, first, last, f"+1-555-01{len(candidates):02d}", source, "", notes))
    return email

def submit(email, opening, submitted_on, stage="submitted", stage_date="", decision_by="", interest=""):
    applications.append((email, opening, stage, stage_date, submitted_on, decision_by, interest, recruiter_of[opening]))

def act(email, opening, date, type_, by="", with_="", channel="", decision_by="", interest="", note=""):
    activities.append((email, opening, date, type_, by, with_, channel, decision_by, interest, note))

def interview(email, opening, date, thanked=True, note=""):
    act(email, opening, date, "interview", "client", hm[opening], "in_person", note=note)
    if thanked:
        act(email, opening, date, "thank_you", "candidate", hm[opening], "email")

# --- The rules, one story each (docs/samples.md) --------------------------------------------------------------
ana = person("Ana", "Ng")                      # thank-you: interviewed yesterday, no thank-you yet
submit(ana, "ACME-1042", "2026-11-09")
interview(ana, "ACME-1042", "2026-11-19", thanked=False, note="first round")

ben = person("Ben", "Okafor", "LinkedIn")      # follow-up: decision date known (Fri 11-13), grace over on Wed 11-18
submit(ben, "ACME-1043", "2026-10-26", "interviewing", decision_by="2026-11-13")
interview(ben, "ACME-1043", "2026-11-06")

cara = person("Cara", "Diaz", "job board")     # follow-up: no decision date, 5 business days after the interview
submit(cara, "COB-311", "2026-10-30", "interviewing")
interview(cara, "COB-311", "2026-11-10")

dev = person("Dev", "Patel")                   # phone-check: one unanswered follow-up on 10-28, call 21 days later
submit(dev, "BORE-202", "2026-10-12", "interviewing", decision_by="2026-10-23")
interview(dev, "BORE-202", "2026-10-20")
act(dev, "BORE-202", "2026-10-28", "follow_up", "recruiter", "Marcus Lee", "email", note="checking in on the decision")

eli = person("Eli", "Moreau")                  # check-back by cap: follow-up and call unanswered, let go 09-02
submit(eli, "COB-310", "2026-07-20", "interviewing", decision_by="2026-08-07")
interview(eli, "COB-310", "2026-08-03")
act(eli, "COB-310", "2026-08-12", "follow_up", "recruiter", "Ines Park", "email")
act(eli, "COB-310", "2026-09-02", "phone_check", "recruiter", "Ines Park", "phone", note="voicemail")

fay = person("Fay", "Wong", "event")           # check-back by going dark: no answer 42 days after the decision date
submit(fay, "BORE-202", "2026-07-15", "interviewing", decision_by="2026-07-31")
interview(fay, "BORE-202", "2026-07-27")

gus = person("Gus", "Silva")                   # keep-in-mind: rejected on 11-17 after an interview, no note yet
submit(gus, "ACME-1044", "2026-10-20", "interviewing")
interview(gus, "ACME-1044", "2026-11-04")
act(gus, "ACME-1044", "2026-11-17", "rejected", "client", channel="email", note="went with an internal candidate")

hana = person("Hana", "Kim")                   # attrition-check: finalist (warm) on BORE-201, filled 08-10 by Ivan
ivan = person("Ivan", "Petrov")
submit(hana, "BORE-201", "2026-06-01", "interviewing", interest="warm")
submit(ivan, "BORE-201", "2026-06-03", "hired", stage_date="2026-08-10")
interview(hana, "BORE-201", "2026-06-20")
interview(ivan, "BORE-201", "2026-06-22")
act(ivan, "BORE-201", "2026-08-03", "offer", "client", channel="phone")
act(ivan, "BORE-201", "2026-08-10", "hired", "client", channel="email")
act(hana, "BORE-201", "2026-08-11", "keep_in_mind", "candidate", "Marcus Lee", "email")

jon = person("Jon", "Bauer")                   # too-early: the candidate wrote on 11-10, before the 11-18 due date
submit(jon, "ACME-1042", "2026-10-28", "interviewing", decision_by="2026-11-13")
interview(jon, "ACME-1042", "2026-11-02")
act(jon, "ACME-1042", "2026-11-10", "follow_up", "candidate", "Dana Cho", "email", note="any news?")

kai = person("Kai", "Tanaka")                  # too-many: let go on 09-03 (cap), then one more follow-up on 11-12
submit(kai, "COB-310", "2026-07-22", "interviewing", decision_by="2026-08-10")
interview(kai, "COB-310", "2026-08-05")
act(kai, "COB-310", "2026-08-13", "follow_up", "recruiter", "Ines Park", "email")
act(kai, "COB-310", "2026-09-03", "phone_check", "recruiter", "Ines Park", "phone")
act(kai, "COB-310", "2026-11-12", "follow_up", "recruiter", "Ines Park", "email", note="one more try")

lea = person("Lea", "Fischer")                 # after-decision: a follow-up after the rejection of 11-03
submit(lea, "BORE-202", "2026-10-05", "interviewing")
interview(lea, "BORE-202", "2026-10-14")
act(lea, "BORE-202", "2026-11-03", "rejected", "client", channel="email")
act(lea, "BORE-202", "2026-11-04", "keep_in_mind", "candidate", "Marcus Lee", "email")
act(lea, "BORE-202", "2026-11-09", "follow_up", "candidate", "Marcus Lee", "email", note="asked to be reconsidered")

# hm-overload: Priya Shah receives 4 outbound contacts in 11-14..11-20 (cap 3)
mia = person("Mia", "Rossi")
submit(mia, "ACME-1043", "2026-10-19", "interviewing", decision_by="2026-11-09")
interview(mia, "ACME-1043", "2026-10-27")
act(mia, "ACME-1043", "2026-11-19", "follow_up", "recruiter", "Priya Shah", "email")
noah = person("Noah", "Berg")
submit(noah, "ACME-1044", "2026-10-29", "interviewing", decision_by="2026-11-11")
interview(noah, "ACME-1044", "2026-11-06")
act(noah, "ACME-1044", "2026-11-16", "follow_up", "recruiter", "Priya Shah", "email")
olga = person("Olga", "Novak")
submit(olga, "ACME-1043", "2026-10-28", "interviewing", decision_by="2026-11-12")
interview(olga, "ACME-1043", "2026-11-05")
act(olga, "ACME-1043", "2026-11-17", "follow_up", "recruiter", "Priya Shah", "email")
pete = person("Pete", "Lund")
submit(pete, "ACME-1044", "2026-10-27", "interviewing", decision_by="2026-11-11")
interview(pete, "ACME-1044", "2026-11-04")
act(pete, "ACME-1044", "2026-11-18", "follow_up", "recruiter", "Priya Shah", "phone")

quinn = person("Quinn", "Adams")               # a top candidate: the client's reply restarts the round
submit(quinn, "COB-311", "2026-10-26", "interviewing")
interview(quinn, "COB-311", "2026-11-03")
act(quinn, "COB-311", "2026-11-09", "hm_reply", "client", "Ines Park", "email", "2026-11-16", "top", "loved the case study")

rosa = person("Rosa", "Lima")                  # offered: no chain while an offer is out
submit(rosa, "ACME-1042", "2026-10-14", "interviewing")
interview(rosa, "ACME-1042", "2026-10-22", note="final round")
act(rosa, "ACME-1042", "2026-11-18", "offer", "client", channel="phone")

sid = person("Sid", "Rao")                     # withdrawn: nothing is owed
submit(sid, "COB-311", "2026-10-20", "interviewing")
interview(sid, "COB-311", "2026-11-02")
act(sid, "COB-311", "2026-11-12", "withdrawn", "candidate", channel="email", note="accepted another offer")

# --- The rest of the agency's week: everyday submittals, interviews, notes and answers -------------------------
firsts = ["Tara", "Uma", "Victor", "Wen", "Xavier", "Yara", "Zane", "Amir", "Bea", "Carlos", "Dora", "Emil",
          "Farah", "Gil", "Hugo", "Iris", "Jade", "Karl", "Lina", "Milo", "Nia"]
lasts = ["Obi", "Pace", "Quist", "Reyes", "Sato", "Toth", "Ueda", "Vance", "Weiss", "Xu", "Young", "Zhou",
         "Abbott", "Brandt", "Costa", "Dahl", "Ekman", "Ford", "Gray", "Holm", "Ito"]
open_ids = ["ACME-1042", "ACME-1043", "ACME-1044", "BORE-202", "BORE-203", "COB-310", "COB-311"]
for index, (first, last) in enumerate(zip(firsts, lasts)):
    email = person(first, last, rng.choice(["referral", "job board", "LinkedIn", "agency site"]))
    opening = open_ids[index % len(open_ids)]
    submitted = day("2026-11-16") - datetime.timedelta(days=rng.randrange(10, 40))
    if opening == "BORE-203":  # the IT hiring inbox answers: the HM is known by e-mail only
        submit(email, opening, submitted.isoformat())
        act(email, opening, (submitted + datetime.timedelta(days=3)).isoformat(), "hm_reply", "client", "", "email",
            note="received, reviewing")
        continue
    when = submitted + datetime.timedelta(days=rng.randrange(5, 12))
    while when.weekday() >= 5:
        when += datetime.timedelta(days=1)
    decision = when + datetime.timedelta(days=rng.choice([5, 7, 10, 14]))
    submit(email, opening, submitted.isoformat(), "interviewing", decision_by=decision.isoformat())
    interview(email, opening, when.isoformat())
    if index % 3 == 0:
        reply = when + datetime.timedelta(days=2)
        act(email, opening, reply.isoformat(), "hm_reply", "client", hm[opening], "email",
            interest=rng.choice(["warm", "neutral", "top"]), note="second round being scheduled")
        second = reply + datetime.timedelta(days=5)
        if second <= DEMO_DAY:
            interview(email, opening, second.isoformat(), note="second round")
    else:
        reply = when + datetime.timedelta(days=rng.randrange(1, 4))
        moved = decision + datetime.timedelta(days=7)
        act(email, opening, reply.isoformat(), "hm_reply", "client", hm[opening], "email",
            decision_by=moved.isoformat() if index % 3 == 1 else "",
            interest="neutral" if index % 3 == 2 else "", note="still comparing candidates")
    if index % 4 == 1:
        # A candidate on two openings: also submitted to the on-hold QA Lead role (on hold: no chain runs).
        submit(email, "ACME-1045", submitted.isoformat())
        interview(email, "ACME-1045", (submitted + datetime.timedelta(days=4)).isoformat())

assert all(day(a[2]) <= DEMO_DAY for a in activities), "every activity happened by the demo day"

def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)

os.makedirs(OUT, exist_ok=True)
write("openings.csv", ["opening", "client", "title", "hiring_manager", "hiring_manager_email", "status", "opened_on", "filled_on", "recruiter"], openings)
write("candidates.csv", ["email", "first_name", "last_name", "phone", "source", "recruiter", "notes"], candidates)
write("applications.csv", ["candidate", "opening", "stage", "stage_date", "submitted_on", "decision_by", "interest", "recruiter"], applications)
write("activities.csv", ["candidate", "opening", "date", "type", "by", "with", "channel", "decision_by", "interest", "note"], activities)
print(f"{len(openings)} openings, {len(candidates)} candidates, {len(applications)} applications, {len(activities)} activities")
