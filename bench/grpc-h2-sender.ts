// The benchmark's lean gRPC client: OTLP/gRPC Export calls written straight onto one
// node:http2 session (gRPC's wire format is a 5-byte length prefix per message and the
// status in trailers). The load generator shares the 2 cores with the server; grpc-js's
// client cost it ~2x the CPU per span of this one, CPU the server then did not get.
// Still a real gRPC peer: the server cannot tell it from grpc-js (the tests use the real
// OTel gRPC exporter; `bench/ingest.ts --grpc-client grpc-js` benchmarks with grpc-js).
import http2 from 'node:http2';

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

export function createH2GrpcSender(address: string): { send(body: Buffer): Promise<void>; close(): void } {
  // A large window both ways, as the grpc-js client in the bench had (grpc-node.flow_control_window).
  const session = http2.connect(`http://${address}`, { settings: { initialWindowSize: 4 * 1024 * 1024 } });
  session.on('error', () => {}); // each call reports its own failure
  session.on('connect', () => session.setLocalWindowSize(4 * 1024 * 1024));
  const send = (body: Buffer) => new Promise<void>((resolve, reject) => {
    const stream = session.request({ ':method': 'POST', ':path': EXPORT_PATH, 'content-type': 'application/grpc', te: 'trailers' });
    let status: string | undefined;
    let message = '';
    const readStatus = (headers: http2.IncomingHttpHeaders) => {
      if (headers['grpc-status'] !== undefined) status = String(headers['grpc-status']);
      if (headers['grpc-message'] !== undefined) message = decodeURIComponent(String(headers['grpc-message']));
    };
    stream.on('response', readStatus); // a trailers-only answer carries the status here
    stream.on('trailers', readStatus);
    stream.on('data', () => {}); // the ExportTraceServiceResponse; not needed
    stream.on('error', reject);
    stream.on('close', () => (status === '0' ? resolve() : reject(new Error(`gRPC status ${status ?? 'missing'}: ${message}`))));
    const prefix = Buffer.alloc(5);
    prefix.writeUInt32BE(body.length, 1);
    stream.write(prefix);
    stream.end(body);
  });
  return { send, close: () => session.close() };
}
