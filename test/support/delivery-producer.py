"""Produces COUNT messages with unique ids and records every delivery report.

usage: delivery-producer.py BOOTSTRAP TOPIC COUNT REPORT_FILE ACKS RATE_PER_S

Message i has value "id-<i>" (zero-padded) and goes to partition 0. Each successful delivery report appends
"<i> <offset>\n" to REPORT_FILE, flushed at once so that a test watching the file (and killing the broker
mid-way) sees exactly what was acknowledged. Failed reports append "ERR <i> <error>\n". RATE_PER_S bounds the send
rate (0 = as fast as possible) so that a crash can land in the middle of the run. Prints a JSON summary at the end.
"""
import json
import sys
import time

from confluent_kafka import Producer


def main(argv):
    bootstrap, topic, count, report_path, acks, rate = argv[1], argv[2], int(argv[3]), argv[4], argv[5], int(argv[6])
    producer = Producer({
        "bootstrap.servers": bootstrap,
        "acks": acks,
        "linger.ms": 5,
        "message.timeout.ms": 60000,
        "retry.backoff.ms": 200,
        "reconnect.backoff.max.ms": 500,
    })
    report = open(report_path, "a", buffering=1)
    summary = {"delivered": 0, "failed": 0}

    def on_delivery(err, msg):
        message_id = int(msg.value()[3:])
        if err is None:
            summary["delivered"] += 1
            report.write("%d %d\n" % (message_id, msg.offset()))
        else:
            summary["failed"] += 1
            report.write("ERR %d %s\n" % (message_id, err))
        report.flush()

    chunk = max(1, rate // 100) if rate > 0 else 1000
    started = time.monotonic()
    sent = 0
    while sent < count:
        end = min(count, sent + chunk)
        while sent < end:
            try:
                producer.produce(topic, value=b"id-%09d" % sent, partition=0, on_delivery=on_delivery)
                sent += 1
            except BufferError:
                producer.poll(0.05)
        producer.poll(0)
        if rate > 0:
            ahead = sent / rate - (time.monotonic() - started)
            if ahead > 0:
                producer.poll(ahead)
    remaining = producer.flush(180)
    summary["undelivered"] = remaining
    report.close()
    print(json.dumps(summary))


if __name__ == "__main__":
    main(sys.argv)
