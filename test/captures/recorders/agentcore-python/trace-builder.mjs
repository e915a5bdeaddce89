// Collects the spans and log records of one built trace, applying ADOT's LLO handling to the
// spans of the scopes it would see, and writes <case>/traces.json + logs.json.
import fs from 'node:fs';
import path from 'node:path';
import { applyLloHandler } from './adot-llo.mjs';
import { createClock, logRecord, logsRequest, span, traceRequest } from './otlp-json.mjs';

export class TraceBuilder {
  constructor({ traceId, baseNs, resource }) {
    this.traceId = traceId;
    this.at = createClock(baseNs);
    this.resource = resource;
    this.spans = new Map();
    this.logs = new Map();
  }

  push(map, scope, item) {
    const key = JSON.stringify(scope);
    if (!map.has(key)) map.set(key, [scope, []]);
    map.get(key)[1].push(item);
  }

  /** A span as its library made it, exported through ADOT (LLO moved to one log record). */
  addSpan({ scope, spanId, parentSpanId, name, kind, startMs, endMs, attributes, events = [] }) {
    const { attributes: kept, log } = applyLloHandler({ scopeName: scope.name, attributes, events });
    // The builder only adds GenAI message events, and ADOT removes every one of them.
    const built = span({ traceId: this.traceId, spanId, parentSpanId, name, kind, start: this.at(startMs), end: this.at(endMs), attributes: kept });
    this.push(this.spans, scope, built);
    if (log) this.push(this.logs, scope, logRecord({ traceId: this.traceId, spanId, time: this.at(endMs), observed: this.at(endMs + 0.2), ...log }));
  }

  /** A log record an instrumentation emitted itself (botocore's GenAI events). */
  addLog({ scope, spanId, ms, eventName, attributes, body }) {
    // Created without a timestamp (bedrock_utils.py): only the SDK's observed time is exported.
    this.push(this.logs, scope, logRecord({ traceId: this.traceId, spanId, time: null, observed: this.at(ms), eventName, attributes, body }));
  }

  write(dir) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'traces.json'), JSON.stringify(traceRequest(this.resource, [...this.spans.values()]), null, 1) + '\n');
    fs.writeFileSync(path.join(dir, 'logs.json'), JSON.stringify(logsRequest(this.resource, [...this.logs.values()]), null, 1) + '\n');
  }
}
