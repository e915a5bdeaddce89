// The first-run page: how to point an SDK at this instance, with its own ports (from
// GET /api/v1/info). The traces list replaces it as soon as the first trace arrives.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import type { Info } from '../api/types.js';

/** A wildcard bind address is not something a client can dial: use the host the browser used. */
function toDialable(endpoint: string): string {
  const url = new URL(endpoint);
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = location.hostname;
  return url.origin;
}

export function EmptyState({ project }: { project: string }) {
  const [info, setInfo] = useState<Info | null>(null);
  useEffect(() => { api.getInfo().then(setInfo, () => undefined); }, []);
  const http = info?.otlp_http_endpoint ? toDialable(info.otlp_http_endpoint) : null;
  const grpc = info?.otlp_grpc_endpoint ? toDialable(info.otlp_grpc_endpoint) : null;
  const projectLine = project === 'default' ? '' : `\nOTEL_EXPORTER_OTLP_HEADERS=x-project-id=${project}`;
  return (
    <section class="empty" aria-labelledby="empty-title">
      <h1 id="empty-title">No traces in “{project}” yet</h1>
      <p>Point your app's OpenTelemetry exporter at this tracelite; traces show up here as they arrive (no reload needed).</p>
      {http && (
        <>
          <h2>OTLP over HTTP (most SDKs)</h2>
          <pre data-testid="otlp-http">{`OTEL_EXPORTER_OTLP_ENDPOINT=${http}\nOTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf${projectLine}`}</pre>
        </>
      )}
      {grpc && (
        <>
          <h2>OTLP over gRPC</h2>
          <pre data-testid="otlp-grpc">{`OTEL_EXPORTER_OTLP_ENDPOINT=${grpc}\nOTEL_EXPORTER_OTLP_PROTOCOL=grpc${projectLine}`}</pre>
        </>
      )}
      {info?.auth_enabled && <p>Auth is on: add <code>OTEL_EXPORTER_OTLP_HEADERS=authorization=Bearer%20&lt;key&gt;</code>.</p>}
      <p class="soft">More in docs/sdk-setup.md. Waiting for the first trace…</p>
    </section>
  );
}
