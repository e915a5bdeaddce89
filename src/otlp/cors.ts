// RECEIVE: CORS as the collector's OTLP/HTTP receiver does it: only configured origins
// (exact, '*', or with one '*' wildcard such as https://*.example.com) get CORS headers;
// preflight answers with the methods and headers a browser exporter needs.
export interface CorsConfig {
  allowed_origins: string[];
  allowed_headers: string[];
  max_age: number;
}

export function matchAllowedOrigin(cors: CorsConfig, origin: string | undefined): boolean {
  if (!origin) return false;
  return cors.allowed_origins.some((pattern) => {
    if (pattern === '*') return true;
    const star = pattern.indexOf('*');
    if (star < 0) return pattern === origin;
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    return origin.length >= prefix.length + suffix.length && origin.startsWith(prefix) && origin.endsWith(suffix);
  });
}

/** Headers for a response to `origin`; empty when the origin is not allowed. */
export function buildCorsHeaders(cors: CorsConfig, origin: string | undefined, preflight: boolean): Record<string, string> {
  if (!matchAllowedOrigin(cors, origin)) return {};
  const headers: Record<string, string> = { 'access-control-allow-origin': origin!, vary: 'Origin' };
  if (preflight) {
    headers['access-control-allow-methods'] = 'POST, OPTIONS';
    headers['access-control-allow-headers'] = ['content-type', 'content-encoding', 'x-project-id', ...cors.allowed_headers].join(', ');
    if (cors.max_age > 0) headers['access-control-max-age'] = String(cors.max_age);
  }
  return headers;
}
