/** InitProducerId (key 22), transcribed from Kafka's InitProducerIdRequest.json / InitProducerIdResponse.json. */
import type { MessageSpec } from '../message-spec.js';

export interface InitProducerIdRequest {
  transactionalId: string | null;
  transactionTimeoutMs: number;
}

export interface InitProducerIdResponse {
  throttleTimeMs: number;
  errorCode: number;
  producerId: bigint;
  producerEpoch: number;
}

export const initProducerIdRequest: MessageSpec = {
  apiKey: 22,
  type: 'request',
  name: 'InitProducerIdRequest',
  validVersions: '0-1',
  flexibleVersions: '2+',
  fields: [
    { name: 'TransactionalId', type: 'string', versions: '0+', nullableVersions: '0+', entityType: 'transactionalId' },
    { name: 'TransactionTimeoutMs', type: 'int32', versions: '0+' },
  ],
};

export const initProducerIdResponse: MessageSpec = {
  apiKey: 22,
  type: 'response',
  name: 'InitProducerIdResponse',
  validVersions: '0-1',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+', ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ProducerId', type: 'int64', versions: '0+', entityType: 'producerId', default: -1n },
    { name: 'ProducerEpoch', type: 'int16', versions: '0+' },
  ],
};
