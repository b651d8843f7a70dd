"""Produces messages with headers to partition 0 and prints, as JSON, what each delivery report said.

usage: headers-producer.py BOOTSTRAP TOPIC

The headers are fixed here and mirrored by the test: repeated keys, an empty value, non-ASCII text.
"""
import json
import sys

from confluent_kafka import Producer

MESSAGES = [
    ("one", [("trace", b"abc-123")]),
    ("two", [("a", b"1"), ("b", b"2"), ("a", b"3")]),
    ("three", [("empty", b"")]),
    ("four", [("unicode", "grüße-✓".encode("utf-8")), ("n", b"42")]),
]


def main(argv):
    bootstrap, topic = argv[1], argv[2]
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
    reports = []

    def on_delivery(err, msg):
        reports.append({"value": msg.value().decode(), "error": None if err is None else str(err),
                        "offset": msg.offset()})

    for value, headers in MESSAGES:
        producer.produce(topic, value=value.encode(), headers=headers, partition=0, on_delivery=on_delivery)
    remaining = producer.flush(30)
    print(json.dumps({"reports": reports, "undelivered": remaining}))


if __name__ == "__main__":
    main(sys.argv)
