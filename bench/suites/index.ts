/** Every suite `bench/run.ts` knows, in the order `all` runs them. */
import type { Suite } from '../support/suite.js';
import { brokerConsume } from './broker-consume.js';
import { brokerProduce } from './broker-produce.js';
import { client } from './client.js';
import { connectFileIngest } from './connect-file-ingest.js';
import { connectLatency } from './connect-latency.js';
import { latency } from './latency.js';
import { recovery } from './recovery.js';

export const SUITES: readonly Suite[] = [brokerProduce, brokerConsume, client, connectFileIngest, latency, connectLatency, recovery];
