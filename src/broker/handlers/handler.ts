import type { BrokerContext, RequestContext } from '../broker-context.js';

/**
 * A request handler turns one decoded request into its response body. Protocol-level failures are answered as
 * error codes inside the response; an exception escaping a handler is a bug and closes only that connection.
 * Returning `null` sends no response (Produce with acks=0).
 */
export type RequestHandler<Req = any, Res = any> = (
  broker: BrokerContext,
  request: Req,
  context: RequestContext,
) => Res | null | Promise<Res | null>;
