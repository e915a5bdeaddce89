// DECODE stage (both codecs): bounds on what one decoded value, list or request may hold, so a
// hostile export cannot blow up memory downstream (rows, JSON, the writer's copy, SQLite).
// Input: strings, lists and item counts as the codecs meet them. Output: the value cut to the
// limit, with what was cut recorded and later marked on the item as `tracelite.truncated`.
import { configSchema, type AppConfig } from '../config/schema.js';
import { AppError } from '../errors.js';
import { KvList, type Attributes } from './model.js';
import { setAttribute } from './any-value.js';

export type ValueLimitsConfig = Pick<
  AppConfig['limits'],
  'max_attribute_value_bytes' | 'max_array_items' | 'max_attributes' | 'max_span_events' | 'max_span_links' | 'max_items_per_request'
>;

/** The attribute an item gets when something in it was cut: location -> original size
 *  (bytes for a string/bytes value, entries for a list). */
export const TRUNCATED_ATTRIBUTE = 'tracelite.truncated';

/** Appended to a cut string, so a reader of the stored value sees it is not whole. */
export const TRUNCATION_MARKER = '…[truncated by tracelite]';

// One process-wide setting (the config is one per process); main.ts applies it at start. The
// codecs read it on every value, so it is a plain object, not a call.
export const valueLimits: ValueLimitsConfig = pickLimits(configSchema.parse({}).limits);

export function configureValueLimits(limits: ValueLimitsConfig): void {
  Object.assign(valueLimits, pickLimits(limits));
}

function pickLimits(limits: ValueLimitsConfig): ValueLimitsConfig {
  const { max_attribute_value_bytes, max_array_items, max_attributes, max_span_events, max_span_links, max_items_per_request } = limits;
  return { max_attribute_value_bytes, max_array_items, max_attributes, max_span_events, max_span_links, max_items_per_request };
}

const counters = { truncatedValues: 0, truncatedValueBytes: 0, droppedArrayItems: 0, droppedAttributes: 0, droppedEvents: 0, droppedLinks: 0, refusedRequests: 0 };

/** Running totals since start, for the receiver's metrics (read-only snapshot). */
export function truncationCounters(): Readonly<typeof counters> {
  return { ...counters };
}

// What was cut inside the item being decoded. Decoding is synchronous, so one list serves every
// request: each cut starts unnamed, the codec names it as it unwinds (key, [index]), and the
// item's decoder moves the list onto the item.
interface Cut {
  where: string;
  original: number;
}
let pendingCuts: Cut[] = [];

/** A string value within the byte limit as is; a longer one cut on a character boundary, marked. */
export function limitString(value: string): string {
  const limit = valueLimits.max_attribute_value_bytes;
  // UTF-8 takes at most 3 bytes per UTF-16 unit: the common short value costs one compare.
  if (value.length * 3 <= limit) return value;
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes <= limit) return value;
  noteCut(bytes);
  counters.truncatedValues++;
  counters.truncatedValueBytes += bytes - limit;
  // Through a Buffer: a plain slice would keep the whole original string alive behind it.
  const head = Buffer.from(value.slice(0, limit), 'utf8').subarray(0, limit).toString('utf8');
  return head.replace(/\uFFFD$/, '') + TRUNCATION_MARKER;
}

/** limitString for a named string field of an item (span name, status message, scope name). */
export function limitField(value: string, label: string): string {
  if (value.length * 3 <= valueLimits.max_attribute_value_bytes) return value;
  const mark = pendingCuts.length;
  const limited = limitString(value);
  if (pendingCuts.length !== mark) nameCuts(mark, label);
  return limited;
}

export function limitBytes(value: Uint8Array): Uint8Array {
  const limit = valueLimits.max_attribute_value_bytes;
  if (value.byteLength <= limit) return value;
  noteCut(value.byteLength);
  counters.truncatedValues++;
  counters.truncatedValueBytes += value.byteLength - limit;
  return value.slice(0, limit);
}

/** How many entries of an array value to read; the rest is cut and noted. */
export function limitArrayLength(length: number): number {
  const limit = valueLimits.max_array_items;
  if (length <= limit) return length;
  noteCut(length);
  counters.droppedArrayItems += length - limit;
  return limit;
}

/** How many key-values of an attribute list (or kvlist value) to read. */
export function limitAttributeCount(length: number): number {
  const limit = valueLimits.max_attributes;
  if (length <= limit) return length;
  noteCut(length);
  counters.droppedAttributes += length - limit;
  return limit;
}

/** A span's events or links beyond the limit are dropped (the codec adds them to its dropped count). */
export function limitSpanList<T>(items: T[], kind: 'events' | 'links'): T[] {
  const limit = kind === 'events' ? valueLimits.max_span_events : valueLimits.max_span_links;
  if (items.length <= limit) return items;
  pendingCuts.push({ where: kind, original: items.length });
  if (kind === 'events') counters.droppedEvents += items.length - limit;
  else counters.droppedLinks += items.length - limit;
  return items.slice(0, limit);
}

function noteCut(original: number): void {
  pendingCuts.push({ where: '', original });
}

/** The position to pass to nameCuts after decoding one part. */
export function cutsMark(): number {
  return pendingCuts.length;
}

/** Names the cuts made since `mark` by the part they were in: an attribute key or `[index]`. */
export function nameCuts(mark: number, label: string): void {
  for (let i = mark; i < pendingCuts.length; i++) {
    const cut = pendingCuts[i]!;
    cut.where = cut.where === '' || cut.where.startsWith('[') ? label + cut.where : `${label}.${cut.where}`;
  }
}

/** Moves the cuts made while decoding one item onto its attributes as `tracelite.truncated`. */
export function markCuts(attributes: Attributes): void {
  if (pendingCuts.length === 0) return;
  const marks: Attributes = {};
  for (const cut of pendingCuts) setAttribute(marks, cut.where, BigInt(cut.original));
  setAttribute(attributes, TRUNCATED_ATTRIBUTE, new KvList(marks));
  pendingCuts = [];
}

/** Drops cuts no item will carry (metric points; a request that failed half-way): counted only. */
export function forgetCuts(): void {
  if (pendingCuts.length !== 0) pendingCuts = [];
}

/** Refuses a request with more spans/log records than one export may carry, before decoding it. */
export function checkItemCount(count: number, what: 'spans' | 'log records'): void {
  if (count <= valueLimits.max_items_per_request) return;
  counters.refusedRequests++;
  throw new AppError(
    'PAYLOAD_TOO_LARGE',
    `the request holds ${count} ${what}, more than limits.max_items_per_request (${valueLimits.max_items_per_request}); send smaller batches`,
  );
}
