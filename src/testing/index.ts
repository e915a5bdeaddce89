// Public package entry point `tracelite/testing` (package.json "exports"), not an internal
// re-export: the one index.ts in src/, so users import one stable path while the code stays
// in receiver.ts and its neighbours. Input: nothing; output: startReceiver and its types.
export { startReceiver } from './receiver.js';
export type { OtlpProtocol, Receiver, ReceiverConfig, ReceiverOptions } from './receiver.js';
export { getMessageText } from './message-text.js';
export type {
  ContentBlock, ExplorerFilter, Message, MessagesResponse, ObservationQuery, ObservationType, Role, SpanNode, SpanSummary,
  TraceDetail, TraceSummary, TraceWhere, WaitForTracesOptions,
} from './types.js';
