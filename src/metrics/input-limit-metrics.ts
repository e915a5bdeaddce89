// OPERATIONS: what the input limits cut or held (src/otlp/value-limits.ts, src/otlp/http-body.ts),
// read at scrape time. A rising truncation rate tells an operator that a sender's values are
// being stored cut (raise limits.* or fix the sender); bodies in flight near the budget tells
// that exports are about to be refused as unavailable.
import { Counter, Gauge, type Registry } from 'prom-client';
import { bodyBytesInFlight } from '../otlp/http-body.js';
import { truncationCounters } from '../otlp/value-limits.js';

type TruncationCounter = keyof ReturnType<typeof truncationCounters>;

const CUT_KINDS: Record<string, TruncationCounter> = {
  value: 'truncatedValues',
  array_item: 'droppedArrayItems',
  attribute: 'droppedAttributes',
  event: 'droppedEvents',
  link: 'droppedLinks',
};

export function registerInputLimitMetrics(registry: Registry): void {
  const registers = [registry];
  new Counter({ name: 'tracelite_input_truncated_total', help: 'Values cut and entries dropped by the limits.* settings, by what (the stored items carry tracelite.truncated).', labelNames: ['what'], registers, collect() {
    this.reset();
    const counts = truncationCounters();
    for (const [what, counter] of Object.entries(CUT_KINDS)) this.inc({ what }, counts[counter]);
  } });
  new Counter({ name: 'tracelite_input_truncated_bytes_total', help: 'Bytes cut from attribute and body values past limits.max_attribute_value_bytes.', registers, collect() {
    this.reset();
    this.inc(truncationCounters().truncatedValueBytes);
  } });
  new Gauge({ name: 'tracelite_http_body_bytes_in_flight', help: 'OTLP/HTTP request bytes being received or decompressed at once (limits.max_bodies_in_flight_mib bounds it).', registers, collect() {
    this.set(bodyBytesInFlight());
  } });
}
