// HTTPS fixture server for the end-to-end tests: serves tests/e2e/fixtures/<site>/ under the
// real hostnames (the browser maps them to 127.0.0.1), with a strict Content-Security-Policy
// (nonce, no unsafe-eval, no wasm-unsafe-eval) as webmail may send. It loads nothing from
// outside 127.0.0.1. Usage: node server.mjs [port]   (prints "listening PORT" when ready)
import { createServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// The built-in sites and their hosts come from the crate (src/facts.rs, written by `cargo xtask dist`).
const facts = JSON.parse(readFileSync(join(here, '../../target/generated/facts.json'), 'utf8'));
export const SITES = {
  ...Object.fromEntries(facts.sites.flatMap((s) => s.hosts.map((h) => [h, s.id]))),
  'example.org': 'other',
  // A site that is not built in; the tests grant it as the popup's "Turn on" would.
  'forum.example.net': 'generic',
  // The playground, as any static host would serve it (no CSP of ours).
  'overture.test': '@playground',
};
const PLAYGROUND = join(here, '../../dist/www');

export function certificate() {
  const dir = join(here, '.certs');
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  if (!existsSync(cert)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
      '-keyout', key, '-out', cert], { stdio: 'ignore' });
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png' };

export function start(port = 8443) {
  const server = createServer(certificate(), (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    const site = SITES[host];
    let path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, '');
    if (path.endsWith('/')) path += 'index.html';
    // Files shared by every fixture site live under /_common/.
    const base = site === '@playground' ? PLAYGROUND : join(here, 'fixtures');
    let file = site === '@playground' ? join(PLAYGROUND, path) : path.startsWith('/_common/') ? join(base, path) : site && join(base, site, path);
    // Like the real single-page apps, any route without a file extension is the site's page.
    if (file && !existsSync(file) && (!extname(path) || path.endsWith('/index.html')) && site !== '@playground') file = join(base, site, 'index.html');
    if (!file || !file.startsWith(base) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const nonce = randomBytes(12).toString('base64');
    let body = readFileSync(file);
    if (extname(file) === '.html') body = Buffer.from(body.toString('utf8').replaceAll('{{NONCE}}', nonce));
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    if (site !== '@playground') headers['content-security-policy'] = `script-src 'nonce-${nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'`;
    res.writeHead(200, headers);
    res.end(body);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 8443);
  await start(port);
  console.log(`listening ${port}`);
}
