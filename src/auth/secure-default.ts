// AUTH: secure by default. Input: the loaded config. Output: whether tracelite may start as
// configured — auth.mode 'none' only while every listener is on loopback, unless the operator
// said --insecure-no-auth (then a warning to log at every start).
import net from 'node:net';
import { splitEndpoint } from '../config/load-config.js';
import type { AppConfig } from '../config/schema.js';

export type ListenerCheck = { ok: true; warning?: string } | { ok: false; message: string };

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

export function checkListenersSecure(config: AppConfig): ListenerCheck {
  if (config.auth.mode !== 'none') return { ok: true };
  const exposed = listListeners(config).filter(({ endpoint }) => !isLoopbackHost(splitEndpoint(endpoint).host));
  if (exposed.length === 0) return { ok: true };
  const where = exposed.map(({ name, endpoint }) => `${name} on ${endpoint}`).join(', ');
  if (config.auth.insecure_no_auth) {
    return { ok: true, warning: `authentication is OFF (--insecure-no-auth) while listening on a non-loopback address (${where}): anyone who can reach it can read and write every project's traces` };
  }
  return {
    ok: false,
    message:
      `refusing to listen without authentication on a non-loopback address (${where}). ` +
      'Turn auth on with `--auth keys` (or auth.mode: keys in config.yaml, or TRACELITE_AUTH=keys) and create a key with ' +
      '`tracelite keys create --project NAME --role ROLE`; or bind to 127.0.0.1 (--host 127.0.0.1); or, only on a network ' +
      'where everyone who can reach it may see all traces, pass `--insecure-no-auth` (auth.insecure_no_auth: true).',
  };
}

function listListeners(config: AppConfig): { name: string; endpoint: string }[] {
  const { grpc, http } = config.receivers.otlp.protocols;
  const listeners = [{ name: 'API', endpoint: config.api.endpoint }];
  if (grpc) listeners.push({ name: 'OTLP/gRPC', endpoint: grpc.endpoint });
  if (http) listeners.push({ name: 'OTLP/HTTP', endpoint: http.endpoint });
  return listeners;
}

/** Names other than `localhost` are treated as exposed: what they resolve to can change after start. */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const family = net.isIP(host);
  if (family === 4) return LOOPBACK.check(host, 'ipv4');
  // BlockList matches IPv4-mapped IPv6 (::ffff:127.0.0.1) against the IPv4 subnet too.
  if (family === 6) return LOOPBACK.check(host, 'ipv6');
  return false;
}
