#!/usr/bin/env python3
"""Checks `recruit queue --format ics` with a real iCalendar parser (the `icalendar` package from PyPI).

Usage: scripts/check-calendar.py QUEUE.ics QUEUE.json
Parses the calendar strictly, and checks it holds one VTODO per queue item, each with a unique UID, the item's
due date as DTSTART (an all-day date), a summary naming the rule, and the reason as description.
Exits 0 and prints a one-line verdict when the calendar is sound; 1 with the problems otherwise.
"""
import datetime
import json
import sys

import icalendar


def main(ics_path: str, json_path: str) -> int:
    raw = open(ics_path, "rb").read()
    problems = []
    if b"\n" in raw.replace(b"\r\n", b""):
        problems.append("a line ends without CRLF (RFC 5545 3.1)")
    for number, line in enumerate(raw.split(b"\r\n"), 1):
        if len(line) > 75:
            problems.append(f"line {number} is {len(line)} octets long (RFC 5545 folds at 75)")
    calendar = icalendar.Calendar.from_ical(raw)
    items = json.load(open(json_path, encoding="utf-8"))
    todos = [c for c in calendar.walk("VTODO")]
    if calendar.get("VERSION") != "2.0" or not calendar.get("PRODID"):
        problems.append("VERSION:2.0 and PRODID are required")
    if len(todos) != len(items):
        problems.append(f"{len(todos)} to-dos for {len(items)} queue items")
    uids = [str(t.get("UID")) for t in todos]
    if len(set(uids)) != len(uids):
        problems.append("UIDs repeat")
    for todo, item in zip(todos, items):
        start = todo.decoded("DTSTART")
        if not isinstance(start, datetime.date) or isinstance(start, datetime.datetime):
            problems.append(f"{todo.get('UID')}: DTSTART is not an all-day date")
        elif start.isoformat() != item["due"]:
            problems.append(f"{todo.get('UID')}: DTSTART {start} but the item is due {item['due']}")
        if item["rule"] not in str(todo.get("SUMMARY")):
            problems.append(f"{todo.get('UID')}: the summary does not name the rule {item['rule']}")
        if str(todo.get("DESCRIPTION")) != item["reason"]:
            problems.append(f"{todo.get('UID')}: the description is not the reason")
    if problems:
        print("calendar problems:\n  " + "\n  ".join(problems))
        return 1
    print(f"calendar ok: {len(todos)} to-dos parsed by icalendar {icalendar.__version__}, dates and reasons match the queue")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
