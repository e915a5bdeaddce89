// JWT bearer verification (src/auth/jwt.ts) against tokens minted with jose: HS256 secrets,
// RS256/ES256 PEM files and a JWKS file on disk; every rejection is a 401 AppError that says
// what is wrong and never echoes the token — including alg none and RSA/HMAC key confusion.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompactSign, SignJWT, base64url, exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier, looksLikeJwt, type JwtVerifier } from '../../src/auth/jwt.js';
import type { AppConfig } from '../../src/config/schema.js';
import { AppError } from '../../src/errors.js';

type JwtConfig = AppConfig['auth']['jwt'];
const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';
const NONE: JwtConfig = { secret: null, public_key_file: null, jwks_file: null, issuer: null, audience: null };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-jwt-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let rsa: { privateKey: CryptoKey; pem: string; file: string };
let ec: { privateKey: CryptoKey; file: string };
let jwksFile: string;

beforeAll(async () => {
  const rsaPair = await generateKeyPair('RS256', { extractable: true });
  const ecPair = await generateKeyPair('ES256', { extractable: true });
  const rsaPem = await exportSPKI(rsaPair.publicKey);
  rsa = { privateKey: rsaPair.privateKey, pem: rsaPem, file: writeFile('rsa.pem', rsaPem) };
  ec = { privateKey: ecPair.privateKey, file: writeFile('ec.pem', await exportSPKI(ecPair.publicKey)) };
  const keys = [
    { ...(await exportJWK(rsaPair.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(ecPair.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
  ];
  jwksFile = writeFile('jwks.json', JSON.stringify({ keys }));
});

function writeFile(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const now = () => Math.floor(Date.now() / 1000);
const developer = { sub: 'user-1', role: 'developer', projects: ['p1', 'p2'] };

async function sign(payload: JWTPayload, key: CryptoKey | Uint8Array, alg: string, kid?: string): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) }).sign(key);
}
const hs256 = (payload: JWTPayload, secret = SECRET) => sign(payload, new TextEncoder().encode(secret), 'HS256');

function verifier(config: Partial<JwtConfig>): JwtVerifier {
  const created = createJwtVerifier({ ...NONE, ...config });
  if (!created) throw new Error('expected a verifier');
  return created;
}

/** The rejection's message; asserts it is a 401 AppError that does not echo the token. */
async function rejection(v: JwtVerifier, token: string): Promise<string> {
  const err = await v.verify(token).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('UNAUTHORIZED');
  expect((err as AppError).httpStatus).toBe(401);
  for (const segment of token.split('.').filter((s) => s.length > 8)) expect((err as AppError).message).not.toContain(segment);
  return (err as AppError).message;
}

describe('looksLikeJwt', () => {
  it('accepts three base64url segments (the last may be empty) and nothing else', () => {
    expect(looksLikeJwt('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln')).toBe(true);
    expect(looksLikeJwt('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')).toBe(true);
    for (const token of ['sk-lf-1234', 'a.b', 'a.b.c.d', 'a+b.c.d', '.b.c', 'a b.c.d', '']) expect(looksLikeJwt(token)).toBe(false);
  });
});

describe('createJwtVerifier', () => {
  it('is null when no secret, key file or JWKS file is configured', () => {
    expect(createJwtVerifier(NONE)).toBeNull();
    expect(createJwtVerifier({ ...NONE, issuer: 'https://issuer.example', audience: 'tracelite' })).toBeNull();
  });

  it('refuses an HS256 secret shorter than 32 bytes, an unreadable file and a non-key file', () => {
    expect(() => createJwtVerifier({ ...NONE, secret: 'short' })).toThrow(/auth\.jwt\.secret is 5 bytes/);
    expect(() => createJwtVerifier({ ...NONE, public_key_file: path.join(dir, 'missing.pem') })).toThrow(/auth\.jwt\.public_key_file .*cannot read/);
    expect(() => createJwtVerifier({ ...NONE, public_key_file: writeFile('junk.pem', 'not a key') })).toThrow(/not a PEM public key/);
    expect(() => createJwtVerifier({ ...NONE, jwks_file: writeFile('junk.json', '{"nope":1}') })).toThrow(/auth\.jwt\.jwks_file/);
  });
});

describe('valid tokens', () => {
  it('HS256 with the configured secret, projects from the projects claim', async () => {
    const token = await hs256({ ...developer, exp: now() + 60 });
    expect(await verifier({ secret: SECRET }).verify(token)).toEqual({ sub: 'user-1', role: 'developer', projects: ['p1', 'p2'] });
  });

  it('RS256 and ES256 with PEM public key files; project_id as a single project', async () => {
    const claims = { sub: 'user-2', role: 'viewer', project_id: 'p9' };
    expect(await verifier({ public_key_file: rsa.file }).verify(await sign(claims, rsa.privateKey, 'RS256'))).toEqual({ sub: 'user-2', role: 'viewer', projects: ['p9'] });
    expect(await verifier({ public_key_file: ec.file }).verify(await sign(claims, ec.privateKey, 'ES256'))).toEqual({ sub: 'user-2', role: 'viewer', projects: ['p9'] });
  });

  it('RS256 and ES256 with a local JWKS file, the key picked by kid', async () => {
    const v = verifier({ jwks_file: jwksFile });
    expect((await v.verify(await sign(developer, rsa.privateKey, 'RS256', 'rsa-1'))).sub).toBe('user-1');
    expect((await v.verify(await sign({ ...developer, role: 'billing' }, ec.privateKey, 'ES256', 'ec-1'))).role).toBe('billing');
  });

  it('an admin without a project claim may see every project', async () => {
    expect((await verifier({ secret: SECRET }).verify(await hs256({ sub: 'root', role: 'admin' }))).projects).toBe('*');
  });

  it('a secret and a public key side by side: each verifies its own algorithm', async () => {
    const v = verifier({ secret: SECRET, public_key_file: rsa.file });
    expect((await v.verify(await hs256(developer))).sub).toBe('user-1');
    expect((await v.verify(await sign(developer, rsa.privateKey, 'RS256'))).sub).toBe('user-1');
  });

  it('matching issuer and audience; exp a few seconds past is within the clock tolerance', async () => {
    const v = verifier({ secret: SECRET, issuer: 'https://issuer.example', audience: 'tracelite' });
    const token = await hs256({ ...developer, iss: 'https://issuer.example', aud: ['other', 'tracelite'], exp: now() - 2 });
    expect((await v.verify(token)).sub).toBe('user-1');
  });
});

describe('rejected tokens', () => {
  it("alg none (an unsigned token built by hand)", async () => {
    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    const token = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'root', role: 'admin' })}.`;
    expect(await rejection(verifier({ secret: SECRET }), token)).toContain("algorithm 'none' is not accepted");
    expect(await rejection(verifier({ public_key_file: rsa.file }), `${encode({ alg: 'NONE' })}.${encode({ sub: 'root', role: 'admin' })}.`)).toContain("algorithm 'none'");
  });

  it('algorithm confusion: HS256 signed with the RSA public key PEM as the HMAC secret', async () => {
    const forged = await hs256({ sub: 'root', role: 'admin' }, rsa.pem);
    expect(await rejection(verifier({ public_key_file: rsa.file }), forged)).toContain("algorithm 'HS256' is not accepted (accepted: RS256)");
    expect(await rejection(verifier({ jwks_file: jwksFile }), forged)).toContain("algorithm 'HS256' is not accepted");
    // With an HS256 secret also configured, the forged token meets the secret, not the PEM.
    expect(await rejection(verifier({ secret: SECRET, public_key_file: rsa.file }), forged)).toContain('signature does not verify');
  });

  it('an algorithm that does not fit the configured key (ES256 token, RSA key)', async () => {
    expect(await rejection(verifier({ public_key_file: rsa.file }), await sign(developer, ec.privateKey, 'ES256'))).toContain("algorithm 'ES256' is not accepted");
  });

  it('a bad signature: other secret, other key pair, tampered payload', async () => {
    expect(await rejection(verifier({ secret: SECRET }), await hs256(developer, 'another-secret-that-is-also-32-bytes-long'))).toContain('signature does not verify');
    const other = await generateKeyPair('RS256');
    expect(await rejection(verifier({ public_key_file: rsa.file }), await sign(developer, other.privateKey, 'RS256'))).toContain('signature does not verify');
    const [header, , signature] = (await hs256(developer)).split('.');
    const tampered = `${header}.${base64url.encode(JSON.stringify({ ...developer, role: 'admin' }))}.${signature}`;
    expect(await rejection(verifier({ secret: SECRET }), tampered)).toContain('signature does not verify');
  });

  it('a JWKS without the token kid', async () => {
    expect(await rejection(verifier({ jwks_file: jwksFile }), await sign(developer, rsa.privateKey, 'RS256', 'rotated-away'))).toContain('no key in the JWKS file');
  });

  it('expired, and not yet valid (nbf in the future)', async () => {
    const exp = now() - 60;
    const expired = await rejection(verifier({ secret: SECRET }), await hs256({ ...developer, exp }));
    expect(expired).toContain(`token expired at ${new Date(exp * 1000).toISOString()}`);
    const nbf = now() + 120;
    expect(await rejection(verifier({ secret: SECRET }), await hs256({ ...developer, nbf }))).toContain(`token is not valid before ${new Date(nbf * 1000).toISOString()}`);
  });

  it('wrong or missing issuer and audience when they are configured', async () => {
    const v = verifier({ secret: SECRET, issuer: 'https://issuer.example', audience: 'tracelite' });
    const good = { ...developer, iss: 'https://issuer.example', aud: 'tracelite' };
    expect(await rejection(v, await hs256({ ...good, iss: 'https://evil.example' }))).toContain("claim 'iss' does not match the configured issuer");
    expect(await rejection(v, await hs256({ ...good, aud: 'someone-else' }))).toContain("claim 'aud' does not match the configured audience");
    expect(await rejection(v, await hs256({ ...developer, aud: 'tracelite' }))).toContain("missing claim 'iss'");
  });

  it('malformed: not three segments, bad base64, a header or payload that is not JSON', async () => {
    const v = verifier({ secret: SECRET });
    for (const token of ['just-a-string', 'a.b', 'a.b.c.d', 'a$.b.c']) expect(await rejection(v, token)).toContain('expected three base64url segments');
    expect(await rejection(v, 'A.eyJzdWIiOiJ4In0.c2ln')).toContain('header is not base64url-encoded JSON');
    expect(await rejection(v, `${base64url.encode('not json')}.eyJzdWIiOiJ4In0.c2ln`)).toContain('header is not base64url-encoded JSON');
    const notJson = await new CompactSign(new TextEncoder().encode('not json')).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
    expect(await rejection(v, notJson)).toMatch(/malformed token: .*JSON object/);
  });

  it("missing sub, missing or unknown role, a non-admin without projects", async () => {
    const v = verifier({ secret: SECRET });
    expect(await rejection(v, await hs256({ role: 'developer', projects: ['p1'] }))).toContain("missing claim 'sub'");
    expect(await rejection(v, await hs256({ sub: 'u', projects: ['p1'] }))).toContain("missing claim 'role'");
    expect(await rejection(v, await hs256({ sub: 'u', role: 'superuser', projects: ['p1'] }))).toContain("claim 'role' must be one of admin, developer, viewer, billing");
    expect(await rejection(v, await hs256({ sub: 'u', role: 'viewer' }))).toContain("missing claim 'projects' (or 'project_id')");
    expect(await rejection(v, await hs256({ sub: 'u', role: 'developer', projects: 'p1' }))).toContain("claim 'projects' must be an array");
    expect(await rejection(v, await hs256({ sub: 'u', role: 'developer', projects: [] }))).toContain("claim 'projects' is empty");
  });
});
