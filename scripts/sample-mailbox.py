#!/usr/bin/env python3
"""Writes the bundled sample agency's activities as a mailbox (mbox on stdout), as its mail server would have
journaled them: each e-mail follow-up, status check, reply, thank-you and keep-in-mind note as a message between the
right people, each interview as an invitation (text/calendar, METHOD:REQUEST) from the hiring manager, and some mail
that is not an activity (the agency writing to candidates about calls, offers and decisions). `recruit import mail`
on it, over the sample CSVs without the activities mail carries, records them again. Deterministic.

The messages vary as real mail does: display names as RFC 2047 encoded words (B and Q), folded header fields, an
HTML alternative beside the text, text parts in base64 and quoted-printable, CRLF line ends, replies in the thread of
the status check they answer (In-Reply-To, References), and invitations inside nested multiparts.

    scripts/sample-mailbox.py > Sources/Recruiting/Resources/samples/mailbox.mbox   # the bundled sample mailbox
    scripts/sample-mailbox.py --rest > rest.csv   # the sample activities the mailbox does not carry
    scripts/sample-mailbox.py --repeat 730 --pad 6000 > bench.mbox   # 100,010 messages of ~8 KB, for benchmarks
"""
import argparse, base64, csv, datetime, email.utils, os, quopri, sys

SAMPLES = os.path.join(os.path.dirname(__file__), "..", "Sources", "Recruiting", "Resources", "samples")

# The activities mail carries (MAIL.md "What activity it is"); the others are calls, stage changes and replies that
# state a decision date or an interest, which a recruiter logs (they are in the mailbox only as mail that is not
# an activity, or as the reply whose decision date is logged by hand).
#
# Two e-mail follow-ups of the samples are the over-contact examples of docs/samples.md, which MAIL.md types otherwise
# from the facts before them: Lea Fischer's note after her rejection is a keep_in_mind, and the recruiter's "one more
# try" for Kai Tanaka after the let-go, its check-back due, is a check_back. They stay logged by hand.
TYPED_OTHERWISE = {("lea.fischer@example.com", "BORE-202", "2026-11-09"), ("kai.tanaka@example.com", "COB-310", "2026-11-12")}


def carried(a):
    if a["type"] == "interview":
        return True
    if a["type"] in ("follow_up", "check_back"):
        return a["channel"] in ("email", "") and (a["candidate"], a["opening"], a["date"]) not in TYPED_OTHERWISE
    if a["type"] == "hm_reply":
        return not a["decision_by"] and not a["interest"]
    return a["type"] in ("thank_you", "keep_in_mind")


def rows(name):
    with open(os.path.join(SAMPLES, name), newline="") as f:
        return list(csv.DictReader(f))


def encoded(name, i):
    """A display name as a mail program writes it: plain, quoted, or an RFC 2047 encoded word (B or Q)."""
    if i % 4 == 1:
        return "=?UTF-8?B?" + base64.b64encode(name.encode()).decode() + "?="
    if i % 4 == 2:
        return "=?iso-8859-1?Q?" + name.replace(" ", "_") + "?="
    if i % 4 == 3:
        return '"' + name + '"'
    return name


def subject_field(text, i):
    """The Subject, now and then as encoded words with an en dash, folded after its first word."""
    if i % 5 == 2:
        words = text.split(" ", 1)
        return "=?utf-8?q?Re=3A_?= " + words[0] + "\n\t" + (words[1] if len(words) > 1 else "")
    if i % 5 == 4:
        return "=?utf-8?b?" + base64.b64encode(("Re: " + text.replace(" - ", " \u2013 ", 1)).encode()).decode() + "?="
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="write every message this many times, each with its own Message-ID")
    parser.add_argument("--pad", type=int, default=0, help="add this many bytes of quoted prose to every body")
    parser.add_argument("--rest", action="store_true", help="write the sample activities the mailbox does not carry (CSV) instead")
    args = parser.parse_args()
    openings = {o["opening"]: o for o in rows("openings.csv")}
    candidates = {c["email"]: c for c in rows("candidates.csv")}
    activities = rows("activities.csv")
    if args.rest:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(activities[0].keys()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(a for a in activities if not carried(a))
        return
    out = sys.stdout.buffer
    pad = ("> " + "Thank you for your time last week; we are still comparing notes. " * 40 + "\n") if args.pad else ""
    padding = (pad * (args.pad // max(len(pad), 1) + 1))[: args.pad]

    def name(address):
        c = candidates.get(address)
        return f'{c["first_name"]} {c["last_name"]}' if c else address

    def write(i, headers, body, when):
        crlf = i % 3 == 0  # a third of the messages as a Windows mail program stores them
        lines = [f"From mailer@agency.test {when.strftime('%a %b %d %H:%M:%S %Y')}"]
        lines += [f"{k}: {v}" for k, v in headers]
        lines.append("")
        for line in body.split("\n"):
            lines.append(">" + line if line.startswith("From ") or line.startswith(">From ") else line)
        lines.append("")
        text = ("\n".join(lines[1:])).replace("\n", "\r\n") if crlf else "\n".join(lines[1:])
        out.write((lines[0] + "\n" + text + "\n").encode())

    def text_body(i, text, html=True):
        """(headers, body) of a text message: plain, quoted-printable, base64, or text with an HTML alternative."""
        full = text + ("\n\n" + padding if padding else "")
        kind = i % 4
        if kind == 0:
            return [("Content-Type", "text/plain; charset=utf-8")], full
        if kind == 1:
            encoded_body = quopri.encodestring(full.encode()).decode()
            return [("MIME-Version", "1.0"), ("Content-Type", 'text/plain; charset="utf-8"'),
                    ("Content-Transfer-Encoding", "quoted-printable")], encoded_body
        if kind == 2 or not html:
            encoded_body = base64.encodebytes(full.encode()).decode().rstrip("\n")
            return [("MIME-Version", "1.0"), ("Content-Type", "text/plain;\n charset=UTF-8"),
                    ("Content-Transfer-Encoding", "base64")], encoded_body
        boundary = f"alt-{i}"
        html_text = "<html><body><p>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</p></body></html>"
        body = (f"This is a multi-part message in MIME format.\n--{boundary}\n"
                "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + full + "\n"
                f"--{boundary}\nContent-Type: text/html; charset=utf-8\n\n{html_text}\n--{boundary}--")
        return [("MIME-Version", "1.0"), ("Content-Type", f'multipart/alternative;\n\tboundary="{boundary}"')], body

    for r in range(args.repeat):
        last_outbound = {}  # (candidate, opening) -> the Message-ID of its latest message, for replies' threads
        for i, a in enumerate(activities):
            o = openings[a["opening"]]
            hm_name, hm_mail, recruiter = o["hiring_manager"] or o["hiring_manager_email"], o["hiring_manager_email"], o["recruiter"]
            cand = a["candidate"]
            recruiter_name = recruiter.split("@")[0].title()
            # Sent in the order of the samples' rows (an invitation before the thank-you of the same day).
            when = datetime.datetime.fromisoformat(a["date"] + "T10:00:00+00:00") + datetime.timedelta(minutes=i)
            date = email.utils.format_datetime(when)
            mid = f"s{r}-{i}@sample.agency.test"
            subject = f"{name(cand)} - {a['opening']} {o['title']}"
            common = [("Date", date), ("Message-ID", f"<{mid}>"), ("Subject", subject_field(subject, i))]
            hm = f"{encoded(hm_name, i)} <{hm_mail}>"
            candidate = f"{encoded(name(cand), i + 1)} <{cand}>"
            t = a["type"]
            key = (cand, a["opening"])
            if t == "interview":
                ics = "\n".join([
                    "BEGIN:VCALENDAR", "PRODID:-//Sample//Calendar//EN", "VERSION:2.0", "METHOD:REQUEST", "BEGIN:VEVENT",
                    f"UID:int-{r}-{i}@sample.agency.test", "SEQUENCE:0",
                    f"DTSTART:{a['date'].replace('-', '')}T150000Z", f"SUMMARY:Interview: {name(cand)}",
                    f"ORGANIZER;CN={hm_name}:mailto:{hm_mail}",
                    # RFC 5545 folding: a long line goes on after CRLF and a space.
                    f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN={name(cand)}\n :mailto:{cand}",
                    "END:VEVENT", "END:VCALENDAR"])
                if i % 2:  # the calendar in base64, inside a multipart/alternative inside a multipart/mixed
                    cal = base64.encodebytes(ics.replace("\n", "\r\n").encode()).decode().rstrip("\n")
                    body = ("--mix\nContent-Type: multipart/alternative; boundary=\"alt\"\n\n--alt\n"
                            "Content-Type: text/plain\n\nInterview invitation." + ("\n\n" + padding if padding else "") +
                            "\n--alt\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\n"
                            "Content-Transfer-Encoding: base64\n\n" + cal + "\n--alt--\n--mix\n"
                            "Content-Type: application/ics; name=\"invite.ics\"\nContent-Disposition: attachment; filename=\"invite.ics\"\n"
                            "Content-Transfer-Encoding: base64\n\n" + cal + "\n--mix--")
                else:
                    body = ("--inv\nContent-Type: text/plain\n\nInterview invitation." + ("\n\n" + padding if padding else "") +
                            "\n--inv\nContent-Type: text/calendar; method=REQUEST\n\n" + ics + "\n--inv--")
                write(i, [("From", hm), ("To", f"{candidate},\n {encoded(recruiter_name, i)} <{recruiter}>"),
                          ("MIME-Version", "1.0"), ("Content-Type", 'multipart/mixed; boundary="' + ("mix" if i % 2 else "inv") + '"')]
                      + common, body, when)
            elif t in ("follow_up", "check_back") and carried(a):
                sender = candidate if a["by"] == "candidate" else f"<{recruiter}>"
                headers, body = text_body(i, f"Hello {hm_name},\n\nAny news on {name(cand)} for {a['opening']}?\n")
                write(i, [("From", sender), ("To", hm)] + common + headers, body, when)
            elif t == "hm_reply":
                thread = [("In-Reply-To", f"<{last_outbound[key]}>"), ("References", f"<{last_outbound[key]}>")] \
                    if key in last_outbound else []
                headers, body = text_body(i, "Still deciding." + (f" We will decide by {a['decision_by']}." if a["decision_by"] else ""))
                write(i, [("From", hm), ("To", f"<{recruiter}>")] + common + thread + headers, body, when)
            elif t in ("thank_you", "keep_in_mind"):
                headers, body = text_body(i, f"Dear {hm_name},\n\nThank you for your time.\n\n{name(cand)}\n")
                write(i, [("From", candidate), ("To", hm)] + common + headers, body, when)
            else:  # calls, offers, decisions: not mail; the agency writes to the candidate instead (not an activity)
                headers, body = text_body(i, "Update for you.")
                write(i, [("From", f"<{recruiter}>"), ("To", candidate)] + common + headers, body, when)
                continue
            last_outbound[key] = mid


if __name__ == "__main__":
    main()
