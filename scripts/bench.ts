// `npm run bench -- [--sizes 100000,1000000] [--duration 10] [--connections 50] [--processes <cores>]`
// Measures the register, search, hazard page and supervisor home against the PostgreSQL server, at each
// size, next to a hello-world route of the same server (the ceiling). Loopback only. Databases are named
// cs_bench_<size>, created and filled on first use and reused afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { encodeCursor } from '../src/lib/keyset.js';
import { migrateServer } from '../src/db/migrate.js';
import { openPostgres } from '../src/db/postgres.js';
import { seedDefaults } from '../seeds/defaults.js';
import { DEMO_PASSWORD, seedDemoOrganisation } from '../seeds/demo.js';
import { loadHazards } from '../seeds/load-hazards.js';
import { copyHazards } from '../seeds/copy-loader.js';
import { sampleCpu } from './cpu-time.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    server: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    port: { type: 'string', default: '3999' },
    // Server processes (WEB_CONCURRENCY): one per core, as a production server would run.
    processes: { type: 'string', default: String(availableParallelism()) },
  },
});
const sizes = values.sizes.split(',').map((s) => Number(s.replace(/_/g, '')));
const duration = Number(values.duration);
const connections = Number(values.connections);
const root = fileURLToPath(new URL('..', import.meta.url));

function urlFor(name: string): string {
  const url = new URL(values.server);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A database in use has been vacuumed (hint bits set, visibility map filled for index-only scans):
 * measuring straight after a bulk load or a table rewrite would measure autovacuum catching up.
 */
async function vacuum(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql`VACUUM (ANALYZE)`;
  await sql.end();
}

/** The bench database of a size: reused when it already holds that many hazards. */
async function prepare(size: number): Promise<string> {
  const name = `cs_bench_${size}`;
  const admin = postgres(values.server, { max: 1, onnotice: () => {} });
  const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
  if (exists) {
    const db = postgres(urlFor(name), { max: 1 });
    const [row] = await db`SELECT count(*)::int AS n FROM hazards`.catch(() => [{ n: 0 }]);
    await db.end();
    if ((row?.n ?? 0) >= size) {
      await admin.end();
      console.log(`Reusing ${name} (${row!.n.toLocaleString()} hazards); migrating it to the current schema.`);
      await migrateServer(urlFor(name));
      await vacuum(urlFor(name));
      return urlFor(name);
    }
    await admin.unsafe(`DROP DATABASE "${name}" WITH (FORCE)`);
  }
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = urlFor(name);
  console.log(`Filling ${name} with ${size.toLocaleString()} hazards…`);
  await migrateServer(url);
  const handle = openPostgres(url, { max: 2 });
  await seedDefaults(handle.db);
  await seedDemoOrganisation(handle.db);
  const started = Date.now();
  await loadHazards(handle.db, size, {
    copy: (generated, progress) => copyHazards(url, generated, progress),
    onProgress: (done) => done % 100_000 === 0 && console.log(`  ${done.toLocaleString()}`),
  });
  console.log(`  loaded in ${Math.round((Date.now() - started) / 1000)} s`);
  await handle.close();
  await vacuum(url);
  return url;
}

async function startServer(databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: values.port, LOG_LEVEL: 'warn', SEED_DEMO: 'false', WEB_CONCURRENCY: values.processes },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('running at')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return child;
}

async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'supervisor', password: DEMO_PASSWORD }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cs_session='));
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie.split(';')[0]!;
}

interface Row {
  size: number;
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU milliseconds per request of the server processes, of PostgreSQL and of autocannon (Linux only) */
  cpu: { server: number; database: number; load: number } | null;
}

async function measure(base: string, cookie: string, name: string, path: string, size: number, serverPid: number): Promise<Row> {
  // A warm-up (the JIT of the server and of autocannon, the statement caches), then the measured run.
  await autocannon({ url: base + path, connections: 10, duration: 5, headers: { cookie } });
  const before = sampleCpu(serverPid);
  const load = process.cpuUsage();
  const result = await autocannon({ url: base + path, connections, duration, headers: { cookie } });
  const loadUsage = process.cpuUsage(load);
  const after = sampleCpu(serverPid);
  const perRequest = (seconds: number) => Math.round((seconds * 1000 * 100) / result.requests.total) / 100;
  const cpu =
    before && after
      ? { server: perRequest(after.server - before.server), database: perRequest(after.database - before.database), load: perRequest((loadUsage.user + loadUsage.system) / 1e6) }
      : null;
  const errors = result.errors + result.non2xx;
  return { size, name, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors, cpu };
}

async function scenarios(databaseUrl: string): Promise<Array<[string, string]>> {
  const sql = postgres(databaseUrl, { max: 1 });
  const n = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM hazards`)[0]!.n;
  const [deep] = await sql<{ found_at: Date; id: number }[]>`SELECT found_at, id FROM hazards ORDER BY found_at DESC, id DESC OFFSET ${Math.floor(n * 0.9)} LIMIT 1`;
  const [mid] = await sql<{ id: number }[]>`SELECT id FROM hazards WHERE state = 'CLOSED' ORDER BY id OFFSET ${Math.floor(n / 2)} LIMIT 1`;
  const [cat] = await sql<{ id: number }[]>`SELECT id FROM hazard_categories WHERE code = 'FIRE'`;
  const [town] = await sql<{ id: number }[]>`SELECT id FROM towns ORDER BY code LIMIT 1`;
  await sql.end();
  return [
    ['hello world (GET /healthz)', '/healthz'],
    ['register, page 1', '/hazards'],
    ['register, page 90% deep', `/hazards?after=${encodeCursor([deep!.found_at.toISOString(), deep!.id])}`],
    ['register, filtered (state+category+town)', `/hazards?state=IN_PROGRESS&category=${cat!.id}&town=${town!.id}`],
    ['search, 3 Chinese characters', `/hazards?q=${encodeURIComponent('灭火器')}`],
    ['search, 1 character', `/hazards?q=${encodeURIComponent('梯')}`],
    ['hazard page', `/hazards/${mid?.id ?? 1}`],
    ["supervisor's home", '/home/supervisor'],
  ];
}

const rows: Row[] = [];
for (const size of sizes) {
  const databaseUrl = await prepare(size);
  const server = await startServer(databaseUrl);
  const base = `http://127.0.0.1:${values.port}`;
  try {
    const cookie = await signIn(base);
    for (const [name, path] of await scenarios(databaseUrl)) {
      const row = await measure(base, cookie, name, path, size, server.pid!);
      rows.push(row);
      const cpu = row.cpu ? `  CPU/req: server ${row.cpu.server} ms, PostgreSQL ${row.cpu.database} ms, autocannon ${row.cpu.load} ms` : '';
      console.log(`${size.toLocaleString().padStart(9)}  ${name.padEnd(42)} ${String(row.rps).padStart(6)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms${cpu}${row.errors ? `  (${row.errors} errors)` : ''}`);
    }
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}

// CPU per request: the server processes (Node), PostgreSQL and the load generator, in milliseconds.
console.log(`\n| hazards | scenario | req/s | p50 (ms) | p99 (ms) | CPU/req: Node | PostgreSQL | autocannon |\n|---:|---|---:|---:|---:|---:|---:|---:|`);
for (const r of rows) {
  const cpu = r.cpu ? `${r.cpu.server} | ${r.cpu.database} | ${r.cpu.load}` : '– | – | –';
  console.log(`| ${r.size.toLocaleString()} | ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${cpu} |${r.errors ? ` ${r.errors} errors` : ''}`);
}
