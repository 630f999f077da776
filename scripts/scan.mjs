// `npm run scan`: the wapiti web scanner against the running app, signed in as the demo supervisor and
// as the demo officer, bounded to a few minutes. Starts the app on a fresh embedded database with the
// demo data, reads wapiti's JSON reports, and fails on any finding not listed (with its reason) in
// scripts/scan-false-positives.json, and on any error the app logged while being scanned.
//
// Settings (environment): HOST — the address the scanner uses to reach the app (default 127.0.0.1);
// SCAN_PORT (default: a free port); SCAN_SECONDS — each user's crawl (default 40 s);
// SCAN_ATTACK_SECONDS — each attack module's time per user (default 8 s; 12 modules); SCAN_KEEP=1 keeps the reports.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const host = process.env.HOST || '127.0.0.1';
const scanSeconds = Number(process.env.SCAN_SECONDS || 40);
const attackSeconds = Number(process.env.SCAN_ATTACK_SECONDS || 8);
const DEMO_PASSWORD = 'zhenjiang-demo';
// Where each user's crawl starts: wapiti does not follow the redirect of / to the user's home page.
const USERS = {
  supervisor: ['/home/supervisor', '/hazards', '/meetings', '/resolutions', '/supervision-orders', '/inbox', '/account'],
  officer: ['/home/officer', '/hazards', '/hazards/new', '/inbox', '/account'],
};
// ssrf needs an endpoint on the internet; csrf cannot judge the app's defence (an Origin check) because
// the scanner must send the Origin header to get any form through (tests/http/security.test.ts covers it).
const MODULES = 'blindsql,cookieflags,crlf,csp,exec,file,http_headers,methods,permanentxss,redirect,sql,xss';
// Requests that would end the scan's own session or sign the user out everywhere.
const EXCLUDED = ['/logout', '/account/logout-everywhere', '/account/two-factor*', '/account/password', '/login*'];

/** Findings judged not to be problems: [{ category, path?: regex, info?: substring, reason }]. */
const KNOWN = JSON.parse(readFileSync(join(root, 'scripts/scan-false-positives.json'), 'utf8'));
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(0);
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

if (spawnSync('wapiti', ['--version'], { stdio: 'ignore' }).status !== 0) {
  console.error('wapiti is not installed (Debian: apt-get install -y wapiti)');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'cs-scan-'));
const port = Number(process.env.SCAN_PORT || (await freePort()));
const base = `http://${host}:${port}`;
// The app logs to a file: while wapiti runs (spawnSync) nothing here reads, and a full pipe would stop the app.
const serverLogPath = join(work, 'server.log');
const serverLog = () => readFileSync(serverLogPath, 'utf8').split('\n').filter(Boolean);
const env = { ...process.env, PORT: String(port), DATA_DIR: join(work, 'data'), SEED_DEMO: 'true', LOG_LEVEL: 'info' };
for (const name of ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'PUBLIC_ORIGIN', 'TRUST_PROXY']) delete env[name];
const logFd = openSync(serverLogPath, 'a');
const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env, stdio: ['ignore', logFd, logFd] });
let status = 1;
try {
  await waitUntilServing();
  console.log(`app serving at ${base} after ${seconds()} s`);
  const findings = [];
  for (const user of Object.keys(USERS)) findings.push(...(await scanAs(user)));
  const errors = serverLog().filter((l) => l.includes('"level":"error"'));
  const unexplained = findings.filter((f) => !falsePositive(f));
  for (const f of findings) console.log(`${falsePositive(f) ? 'known false positive' : 'FINDING'}: [${f.user}] ${f.category} ${f.method} ${f.path} ${f.parameter ?? ''} — ${f.info}`);
  for (const line of errors) console.log(`APP ERROR: ${line.slice(0, 500)}`);
  console.log(`scan took ${seconds()} s: ${findings.length} findings, ${unexplained.length} not known false positives, ${errors.length} errors logged`);
  status = unexplained.length || errors.length ? 1 : 0;
} catch (err) {
  console.error(String(err?.stack ?? err));
  console.error(serverLog().slice(-20).join('\n'));
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  if (!process.env.SCAN_KEEP) rmSync(work, { recursive: true, force: true });
  else console.log(`reports and data kept in ${work}`);
}
process.exit(status);

async function waitUntilServing() {
  for (let i = 0; i < 240; i++) {
    if (server.exitCode !== null) throw new Error(`the app exited (${server.exitCode})`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the app did not start within 120 s');
}

/** Signs in like a browser (the demo accounts need no second factor) and returns the session cookie. */
async function signIn(username) {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: DEMO_PASSWORD }),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('cs_session='));
  if (res.status !== 303 || !cookie) throw new Error(`signing in as ${username} answered ${res.status} without a session`);
  return cookie;
}

async function scanAs(user) {
  const cookie = await signIn(user);
  const report = join(work, `wapiti-${user}.json`);
  // A cookie file, not a Cookie header: the HTTP library drops a header on redirects (e.g. / → home).
  // Wapiti looks an address up by itself and a host name under a dot (and ".local" without one).
  const jar = join(work, `cookies-${user}.json`);
  const entry = { '/': { cs_session: { value: cookie.slice('cs_session='.length), version: 0, expires: null, secure: false, port: null } } };
  writeFileSync(jar, JSON.stringify({ [host]: entry, [`.${host}`]: entry, [`.${host}.local`]: entry }));
  // Accept-Encoding: identity: wapiti 3.0.4 crawls nothing beyond its start pages when pages come
  // gzip-compressed (the app compresses HTML on Node), so the scanner asks for them plain.
  const args = ['-u', `${base}/`, ...USERS[user].flatMap((p) => ['-s', `${base}${p}`]), '--scope', 'folder', '-m', MODULES, '-c', jar, '-H', `Origin: ${base}`, '-H', 'Accept-Encoding: identity',
    '--max-scan-time', String(scanSeconds), '--max-attack-time', String(attackSeconds), '-d', '4', '--max-links-per-page', '40',
    '--max-files-per-dir', '30', '-t', '10', '--flush-session', '--store-session', join(work, `session-${user}`), '--store-config', join(work, `config-${user}`),
    '-f', 'json', '-o', report, '-v', '0', '--no-bugreport', ...EXCLUDED.flatMap((p) => ['-x', `${base}${p}`])];
  console.log(`scanning as ${user} (at most ${scanSeconds} s)…`);
  const run = await runWapiti(args, (scanSeconds + 20 * attackSeconds + 300) * 1000);
  if (run.status !== 0) throw new Error(`wapiti as ${user} exited ${run.status}: ${run.output.slice(-2000)}`);
  const still = await fetch(`${base}/`, { headers: { Cookie: cookie }, redirect: 'manual' });
  if (!(still.headers.get('location') ?? '').startsWith('/home')) console.log(`note: the ${user} session ended during the scan (${still.status} ${still.headers.get('location')})`);
  return findingsOf(JSON.parse(readFileSync(report, 'utf8')), user);
}

/** Runs wapiti without blocking this process (its HTTP connections to the app stay usable). */
function runWapiti(args, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(wapitiPython(), [join(root, 'scripts/wapiti.py'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => (output = (output + d).slice(-20_000)));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

/** The Python that wapiti runs with (the #! line of its script), for scripts/wapiti.py. */
function wapitiPython() {
  const path = spawnSync('sh', ['-c', 'command -v wapiti'], { encoding: 'utf8' }).stdout.trim();
  return /^#!\s*(\S+)/.exec(readFileSync(path, 'utf8'))?.[1] ?? 'python3';
}

/** Vulnerabilities and anomalies (wapiti's word for e.g. a 500 it provoked), one entry each. */
function findingsOf(report, user) {
  const list = [];
  for (const section of ['vulnerabilities', 'anomalies']) {
    for (const [category, items] of Object.entries(report[section] ?? {})) {
      for (const item of items) list.push({ user, section, category, method: item.method, path: item.path, parameter: item.parameter, info: item.info });
    }
  }
  return list;
}

function falsePositive(f) {
  return KNOWN.some((k) => k.category === f.category && (!k.path || new RegExp(k.path).test(f.path ?? '')) && (!k.info || (f.info ?? '').includes(k.info)));
}
