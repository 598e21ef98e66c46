#!/usr/bin/env python3
"""A fake external meter for ExternalMeterTest: speaks protocol 1 and misbehaves on request.

Usage: fake_meter.py MODE [ARG]. Its latency is a function of the request alone:
sum of ks*e over the active layers (inactive slots are 0) * r / 100 * batch.
When FAKE_METER_STARTS names a file, each start appends its pid there.
"""
import json
import os
import sys
import time

MODE = sys.argv[1] if len(sys.argv) > 1 else "ok"
ARG = sys.argv[2] if len(sys.argv) > 2 else None


def send(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def log(message):
    print("fake meter: " + message, file=sys.stderr, flush=True)


def latency(request):
    arch = request["arch"]
    work = sum(k * e for k, e in zip(arch["ks"], arch["e"]))
    return work * arch["r"][0] / 100.0 * request["batch"]


starts = os.environ.get("FAKE_METER_STARTS")
if starts:
    with open(starts, "a") as f:
        f.write("%d\n" % os.getpid())

hello = json.loads(sys.stdin.readline())
if MODE == "silent":
    time.sleep(60)
if MODE == "banner":
    send("Loading model weights...")
if MODE == "bad-protocol":
    send(json.dumps({"hello": "fake-meter", "protocol": 2, "device": "fake"}))
else:
    send(json.dumps({"hello": "fake-meter", "protocol": 1,
                     "device": {"name": "fake device", "mode": MODE, "asked": hello}}))
log("ready in mode " + MODE)

count = 0
for line in sys.stdin:
    request = json.loads(line)
    count += 1
    rid = request["id"]
    if MODE == "crash-on" and count == int(ARG):
        log("crashing on request %d" % count)
        sys.exit(3)
    if MODE == "crash-always":
        log("Traceback: RuntimeError: simulated crash")
        sys.exit(4)
    if MODE == "garbage":
        send("this is not json")
        continue
    if MODE == "wrong-id":
        send(json.dumps({"id": rid + "0", "latency_ms": 1.0}))
        continue
    if MODE == "slow":
        time.sleep(60)
    if MODE == "error-from-batch" and request["batch"] >= int(ARG):
        send(json.dumps({"id": rid, "error": "CUDA out of memory at batch %d" % request["batch"]}))
        continue
    if MODE == "latency":
        send('{"id": "%s"%s}' % (rid, "" if ARG == "missing" else ', "latency_ms": ' + ARG))
        continue
    # A line on stderr that looks like a reply: stderr is logged, never parsed.
    log(json.dumps({"id": rid, "latency_ms": 999999.0}))
    send(json.dumps({"id": rid, "latency_ms": latency(request),
                     "meta": {"runs": 5, "space": request["space"], "width": request["width"]}}))
    if MODE == "extra-line":
        send("stray line after the reply")

if MODE == "ignore-eof":
    log("stdin closed, staying up anyway")
    time.sleep(60)
