/** `broker-produce`: produce throughput of Millrace (kcat, acks=1 and acks=all) beside RabbitMQ and Redis streams. */
import type { Suite } from '../support/suite.js';
import { brokerReport } from './broker-report.js';
import { brokerThroughput } from './broker-throughput.js';

export const brokerProduce: Suite = {
  name: 'broker-produce',
  description: 'produce throughput at 100 B and 1 KB: Millrace + kcat (acks=1, acks=all) vs RabbitMQ vs Redis streams',
  async run(options) {
    return brokerReport('broker-produce', 'produce', await brokerThroughput(options), options);
  },
};
