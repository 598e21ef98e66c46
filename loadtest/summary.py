#!/usr/bin/env python3
"""One line from a Gatling report: throughput, p50/p95/p99 and errors of all requests.

usage: summary.py REPORT_DIR KIND ARCHITECTURES_PER_REQUEST

Reads js/stats.js, which Gatling 3.13 writes as `var stats = {...}`; percentiles1..4 are the
report's 50th, 75th, 95th and 99th percentiles (gatling.charting.indicators defaults).
"""
import json
import sys


def stats_object(text):
    start = text.index("{", text.index("stats: {") + len("stats: ") - 1)
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return json.loads(text[start:i + 1])
    raise ValueError("no stats object")


def number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def main():
    report, kind, per_request = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(f"{report}/js/stats.js", encoding="utf-8") as f:
        stats = stats_object(f.read())
    total = stats["numberOfRequests"]
    rps = number(stats["meanNumberOfRequestsPerSecond"]["total"])
    throughput = f"{rps:,.0f} req/s"
    if per_request > 1:
        throughput += f" x {per_request} = {rps * per_request:,.0f} architectures/s"
    p50, p95, p99 = (number(stats[k]["ok"]) for k in ("percentiles1", "percentiles3", "percentiles4"))
    print(f"{throughput}; p50/p95/p99 {p50:.0f}/{p95:.0f}/{p99:.0f} ms (successful requests); "
          f"{total['total']} requests, {total['ko']} errors")


if __name__ == "__main__":
    main()
