/** `broker-consume`: consume throughput of the topics, queues and streams that `broker-produce`'s runs filled. */
import type { Suite } from '../support/suite.js';
import { brokerReport } from './broker-report.js';
import { brokerThroughput } from './broker-throughput.js';

export const brokerConsume: Suite = {
  name: 'broker-consume',
  description: 'consume throughput at 100 B and 1 KB: kcat from Millrace vs RabbitMQ (prefetch) vs Redis XREAD COUNT',
  async run(options) {
    return brokerReport('broker-consume', 'consume', await brokerThroughput(options), options);
  },
};
