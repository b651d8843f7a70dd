"""Starts librdkafka's in-memory mock cluster and prints its bootstrap address.

A broker Millrace did not write: Millrace's own clients are tested against it. A librdkafka client created with
`test.mock.num.brokers` starts that many Kafka-protocol brokers on 127.0.0.1 and keeps them running while the
client lives; the mock brokers' addresses are what the client's own metadata lists.

Usage: mock-cluster.py [num_brokers]
Prints one line `bootstrap=host:port,host:port`, then runs until its stdin closes (or it is killed).
"""
import sys

from confluent_kafka import Producer


def main() -> None:
    brokers = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    client = Producer({'test.mock.num.brokers': brokers, 'client.id': 'millrace-mock-cluster'})
    metadata = client.list_topics(timeout=10)
    addresses = ','.join(f'{b.host}:{b.port}' for b in sorted(metadata.brokers.values(), key=lambda b: b.id))
    print(f'bootstrap={addresses}', flush=True)
    # The mock brokers run on librdkafka's threads; this thread only waits for the test to let go.
    sys.stdin.read()
    client.flush(1)


if __name__ == '__main__':
    main()
