/**
 * Queries over HTTP with autocannon (50 connections) against the register at
 * DATABASE_URL, whose read models must be up to date (`npx sijill projections rebuild
 * all` first). The server runs in a child process of its own (`sijill serve`, projections
 * off: nothing is being appended), so that the load generator does not share its event
 * loop. Each request draws a different person, name, or statistics cell from a sample of
 * the register; every person read is authorised and written to the access log, as in
 * production.
 *
 * The machine is shared and noisy, so beside latency each scenario reports the CPU the
 * server and its PostgreSQL backends spent per request (from /proc, Linux only): that
 * moves far less with the load of other processes. SIJILL_BENCH_CPU_PROF=<dir> runs the
 * server under `node --cpu-prof`, writing its profile there when it stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { PostgresDatabase } from '../eventstore';
import { TokenService, type Principal } from '../api/auth/tokens';

interface Sample {
  idcs: string[];
  names: string[];
  years: number[];
}

/** Births drawn from the register when `--sample` does not say: 2 % of its pages. */
const SAMPLE = 5000;

async function sampleRegister(url: string, size: number): Promise<Sample> {
  const db = new PostgresDatabase(url, 1);
  try {
    // Persons born in a register book, drawn across the whole log: 2 % of its pages hold
    // some 19,000 births at a million persons, shuffled (by a hash of their stream, the same
    // every run) before the limit, so that the sample is not the births of the first pages
    // sampled, the oldest. A larger sample reads more pages. Half the searches in Latin
    // script, half in Arabic: given and family name.
    const percent = Math.min(100, (2 * size) / SAMPLE);
    const rows = await db.query<{ idcs: string; family: string | null; year: number }>(
      `select data->>'idcs' as idcs,
              case when random() < 0.5
                then (data#>>'{child,name,given,lat}') || ' ' || (data#>>'{child,name,family,lat}')
                else (data#>>'{child,name,given,ar}') || ' ' || (data#>>'{child,name,family,ar}')
              end as family,
              extract(year from occurred_at)::int as year
         from events tablesample system (${percent}) repeatable (7)
        where type = 'BirthRegistered' order by hashtext(stream_id) limit $1`,
      [size],
    );
    return {
      idcs: rows.map((r) => r.idcs).filter(Boolean),
      names: rows.map((r) => r.family).filter((n): n is string => !!n),
      years: rows.map((r) => r.year).filter((y) => y > 1950),
    };
  } finally {
    await db.close();
  }
}

/** The server's PostgreSQL sessions carry this name, so that their CPU can be counted. */
const APPLICATION = `sijill-http-bench-${process.pid}`;

async function startServer(url: string, port: number, secret: string): Promise<ChildProcess> {
  const profile = process.env.SIJILL_BENCH_CPU_PROF;
  const child = spawn(
    process.execPath,
    [
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
      join(__dirname, '..', '..', 'bin', 'sijill.js'),
      'serve',
    ],
    {
      env: {
        PGAPPNAME: APPLICATION,
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        HOST: '127.0.0.1',
        SIJILL_JWT_SECRET: secret,
        SIJILL_PROJECTIONS: 'off',
        SIJILL_MIGRATE_ON_START: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill();
      throw new Error('the server did not start');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** CPU seconds (user + system) a process has used, or 0 where /proc cannot tell. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return 0;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0; // the process has ended
  }
}

/** The server process and its PostgreSQL backends, as CPU seconds used so far. */
async function cpuOf(db: PostgresDatabase, server: ChildProcess) {
  const backends = await db.query<{ pid: number }>(
    'select pid from pg_stat_activity where application_name = $1',
    [APPLICATION],
  );
  return {
    server: cpuSeconds(server.pid),
    db: new Map(backends.map((b) => [b.pid, cpuSeconds(b.pid)])),
  };
}

const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;

export async function httpBench(
  url: string,
  options: {
    seconds: number;
    connections: number;
    only?: string;
    sample?: number;
    warmup?: number;
  },
) {
  const secret = `bench-${Math.random().toString(36).slice(2)}-${Date.now()}`.padEnd(40, 'x');
  process.env.SIJILL_JWT_SECRET = secret;
  const sign = (principal: Principal) => new TokenService().sign(principal, '2h');
  const legal = await sign({ userId: 'bench-legal', role: 'legal' });
  const planner = await sign({ userId: 'bench-planner', role: 'planner' });
  const sample = await sampleRegister(url, options.sample ?? SAMPLE);
  if (sample.idcs.length === 0) throw new Error('no births in this register: generate one first');
  const port = 3900 + Math.floor(Math.random() * 100);
  const server = await startServer(url, port, secret);
  const scenarios: { name: string; token: string; path: () => string; goalP99Ms: number }[] = [
    {
      name: 'person-record',
      token: legal,
      path: () => `/persons/${pick(sample.idcs)}`,
      goalP99Ms: 10,
    },
    {
      name: 'family',
      token: legal,
      path: () => `/persons/${pick(sample.idcs)}/family`,
      goalP99Ms: 20,
    },
    {
      name: 'name-search',
      token: legal,
      path: () => `/persons/search?name=${encodeURIComponent(pick(sample.names))}&limit=20`,
      goalP99Ms: 25,
    },
    {
      name: 'statistics',
      token: planner,
      path: () => {
        const year = pick(sample.years);
        return `/statistics/births?from=${year}-01&to=${year}-12&groupBy=month,sex`;
      },
      goalP99Ms: 50,
    },
  ];
  const results: object[] = [];
  const monitor = new PostgresDatabase(url, 1);
  try {
    for (const scenario of scenarios.filter((s) => !options.only || s.name === options.only)) {
      const load = (seconds: number) =>
        autocannon({
          url: `http://127.0.0.1:${port}`,
          connections: options.connections,
          duration: seconds,
          headers: { authorization: `Bearer ${scenario.token}`, 'x-sijill-purpose': 'benchmark' },
          requests: [
            {
              method: 'GET',
              setupRequest: (request) => ({ ...request, path: scenario.path() }),
            },
          ],
        });
      // The same load first, reported apart: the server's code is not yet optimised, its
      // connections have not prepared the route's statements, and the pages it reads are
      // not yet in memory.
      const warmup = options.warmup ? await load(options.warmup) : null;
      // Every read writes the access log, whose GIN index grows with it: a search cost
      // PostgreSQL ~30 % more with 1.8 million reads logged than with none. Reported, so
      // that runs on one database are compared knowing what the log held.
      const [log] = await monitor.query<{ mb: number }>(
        `select round(pg_total_relation_size('access_log') / 1048576.0)::int as mb`,
      );
      const before = await cpuOf(monitor, server);
      const result = await load(options.seconds);
      const after = await cpuOf(monitor, server);
      let dbSeconds = 0;
      for (const [pid, seconds] of after.db) dbSeconds += seconds - (before.db.get(pid) ?? 0);
      const perRequest = (seconds: number) =>
        Math.round((seconds * 1e6) / Math.max(1, result.requests.total));
      results.push({
        scenario: `http-${scenario.name}`,
        connections: options.connections,
        seconds: options.seconds,
        requests: result.requests.total,
        requestsPerSec: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        maxMs: result.latency.max,
        non2xx: result.non2xx,
        errors: result.errors,
        goalP99Ms: scenario.goalP99Ms,
        ...(warmup && {
          warmupSeconds: options.warmup,
          warmupRequests: warmup.requests.total,
          warmupP99Ms: warmup.latency.p99,
          warmupMaxMs: warmup.latency.max,
        }),
        serverCpuUsPerRequest: perRequest(after.server - before.server),
        dbCpuUsPerRequest: perRequest(dbSeconds),
        accessLogMB: log?.mb ?? null,
      });
    }
  } finally {
    await monitor.close();
    server.kill('SIGTERM');
    // Let it write its profile (and close its pool) before the next run starts one.
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
  }
  return results;
}
