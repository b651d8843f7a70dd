"""AdminClient operations for the integration tests; prints one JSON document on stdout.

usage: admin.py create BOOTSTRAP TOPIC PARTITIONS
       admin.py list BOOTSTRAP
"""
import json
import sys

from confluent_kafka.admin import AdminClient, NewTopic

TIMEOUT_S = 20


def create(admin, topic, partitions):
    futures = admin.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1)],
                                  operation_timeout=TIMEOUT_S, request_timeout=TIMEOUT_S)
    try:
        futures[topic].result(timeout=TIMEOUT_S)
        return {"topic": topic, "error": None}
    except Exception as exc:  # the KafkaException carries the broker's error; report it rather than crash
        error = exc.args[0] if exc.args else exc
        return {"topic": topic, "error": str(error), "code": getattr(error, "code", lambda: None)()}


def list_topics(admin):
    metadata = admin.list_topics(timeout=TIMEOUT_S)
    return {
        "brokers": [{"id": b.id, "host": b.host, "port": b.port} for b in metadata.brokers.values()],
        "topics": {name: {"partitions": sorted(t.partitions.keys()),
                          "leaders": [t.partitions[p].leader for p in sorted(t.partitions.keys())],
                          "error": None if t.error is None else str(t.error)}
                   for name, t in metadata.topics.items()},
    }


def main(argv):
    command, bootstrap = argv[1], argv[2]
    admin = AdminClient({"bootstrap.servers": bootstrap})
    if command == "create":
        result = create(admin, argv[3], int(argv[4]))
    elif command == "list":
        result = list_topics(admin)
    else:
        raise SystemExit("unknown command: " + command)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
