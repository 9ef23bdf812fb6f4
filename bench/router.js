#!/usr/bin/env node
// Router CPU per TLS handshake: the server process's CPU time over sequential full TLS 1.3
// handshakes (a new connection each, no session reuse, certificate verified against the run's own
// root), for `sni router:start` of the packed package with 1 and with 10,000 endpoints in its store,
// against a bare node:tls server with the same ECDSA P-256 certificate (bench/bare-tls-server.js),
// all in the same run. For reference, not judged: a node:https server that picks the same
// certificate in an SNICallback, i.e. what any HTTPS server choosing certificates by name costs.
// - CPU time: the sum of the scheduler's run time of every thread (/proc/<pid>/task/*/schedstat, in
//   ns), or utime + stime from /proc/<pid>/stat (1/100 s ticks) where schedstat is missing.
// - Every server gets the same warm-up (WARM_UP handshakes, and each of its names at least once), so
//   the JIT has optimized the paths of each: a server warmed less pays for compiling while it is
//   measured (before, the 10,000-endpoint router was warmed with 400 handshakes and the others with 50).
// - Batches alternate between the servers, and the order rotates each round, so drift on a shared
//   machine and the position in a round hit them alike. Target: at most 1.1x the bare server's CPU.
//   npm run bench                          (with the start-up scenarios: bench/run.js)
//   node bench/router.js                   (this part alone; BENCH_HANDSHAKES=3000 for more)
import {spawn} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {connect} from 'node:tls'
import {fileURLToPath} from 'node:url'

import {makeCertificates, packedSni, root, seedStore} from './lib.js'

export const ROUTER_TARGET = 1.1
const BATCH = 100
// Handshakes before measuring, the same for every server: a router serves handshakes for days, so
// what counts is its cost once V8 has optimized its code (and Node's HTTP code, which the bare
// server never runs). Measured here (2026-11-29): with 500, the routers gave 1.07x to 1.17x from run
// to run; with 1,000, 2,000 and 4,000, 1.04x to 1.08x, differences within that noise.
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 2000)
const TICKS_PER_SECOND = 100 // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux

/** CPU seconds the process has used so far: its threads' run time, or its utime + stime in ticks. */
function cpuSeconds(pid) {
  try {
    let ns = 0
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0])
      } catch {
        // a thread that ended between the listing and the read
      }
    }

    if (ns > 0) return ns / 1e9
  } catch {
    // no schedstat (a kernel without CONFIG_SCHEDSTATS): ticks below
  }

  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND // utime, stime (fields 14 and 15)
}

/** Starts a server process; resolves with its pid, port and a stop function once it listens. */
function startServer(argv, env, portPattern) {
  const child = spawn(argv[0], argv.slice(1), {env: {...process.env, ...env}, stdio: ['pipe', 'pipe', 'pipe']})
  let output = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk
      const match = portPattern.exec(output)
      if (match) resolve({pid: child.pid, port: Number(match[1]), stop: () => stopServer(child)})
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`${argv.join(' ')} exited ${code}: ${output}`)))
  })
}

function stopServer(child) {
  if (child.exitCode !== null) return Promise.resolve()
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.stdin.end()
  child.kill('SIGTERM')
  return exited
}

function handshake(port, servername, ca) {
  return new Promise((resolve, reject) => {
    const socket = connect({ca, host: '127.0.0.1', minVersion: 'TLSv1.3', port, servername})
    socket.once('secureConnect', () => {
      if (socket.isSessionReused()) reject(new Error('session was reused'))
      socket.destroy()
      resolve()
    })
    socket.once('error', reject)
  })
}

/**
 * Measures every server in `servers` ({label, port, pid, names}) with `handshakes` handshakes each, in
 * alternating batches; returns the CPU microseconds per handshake of each.
 */
async function measure(servers, handshakes, ca) {
  for (const server of servers) {
    server.cpu = 0
    // Warm-up: as a server that has been serving a while, every name seen, the JIT done.
    for (let i = 0; i < Math.max(WARM_UP, server.names.length); i++)
      await handshake(server.port, server.names[i % server.names.length], ca)
  }

  for (let done = 0; done < handshakes; done += BATCH) {
    const round = done / BATCH
    for (const server of servers.map((_, i) => servers[(i + round) % servers.length])) {
      const before = cpuSeconds(server.pid)
      for (let i = 0; i < BATCH; i++) await handshake(server.port, server.names[(done + i) % server.names.length], ca)
      server.cpu += cpuSeconds(server.pid) - before
    }
  }

  return servers.map((server) => (server.cpu / handshakes) * 1e6)
}

/**
 * The router part of `npm run bench`: returns rows {name, value, unit, ratio, target} for the
 * table. `sni` is the packed package's bin; `certs` from makeCertificates.
 */
export async function benchRouter({
  certs,
  handshakes = Number(process.env.BENCH_HANDSHAKES ?? 2000),
  large = Number(process.env.BENCH_ENDPOINTS ?? 10_000),
  sni,
  work,
}) {
  const ca = readFileSync(certs.root)
  const started = []
  try {
    const bare = await startServer(
      [process.execPath, join(root, 'bench', 'bare-tls-server.js'), certs.chain, certs.key],
      {},
      /^(\d+)\n/,
    )
    started.push(bare)
    const https = await startServer(
      [process.execPath, join(root, 'bench', 'bare-tls-server.js'), certs.chain, certs.key, '--https-sni'],
      {},
      /^(\d+)\n/,
    )
    started.push(https)
    const servers = [
      {...bare, label: 'bare node:tls', names: ['www.example.com']},
      {...https, label: 'node:https, certificate from an SNICallback (reference)', names: ['www.example.com']},
    ]
    for (const count of [1, large]) {
      const home = join(work, `router-${count}`)
      console.error(`seeding a store of ${count.toLocaleString('en-US')} endpoint(s) for the router...`)
      await seedStore(home, count, certs)
      const router = await startServer(
        [sni, 'router:start', '--port', '0', '--http-port', '0'],
        {SNI_HOME: home, SNI_PLATFORM: 'local'},
        /Router listening on https:\/\/127\.0\.0\.1:(\d+) /,
      )
      started.push(router)
      // 400 names spread over the whole store (in the large one, from endpoint 0 to 9,975).
      const step = Math.max(1, Math.floor(count / 200))
      const names = Array.from(
        {length: Math.min(count, 200) * 2},
        (_, i) => `e${Math.floor(i / 2) * step}-d${i % 2}.example.com`,
      )
      servers.push({
        ...router,
        label: `sni router:start, ${count.toLocaleString('en-US')} endpoint${count === 1 ? '' : 's'}`,
        names,
      })
    }

    console.error(`measuring ${handshakes} handshakes per server...`)
    const [bareUs, httpsUs, ...routerUs] = await measure(servers, handshakes, ca)
    return [
      {
        name: `server CPU per TLS 1.3 handshake: bare node:tls (${handshakes} handshakes)`,
        ratio: 1,
        value: bareUs,
        unit: 'us',
      },
      {name: `server CPU per handshake: ${servers[1].label}`, ratio: httpsUs / bareUs, unit: 'us', value: httpsUs},
      ...routerUs.map((us, i) => ({
        name: `server CPU per handshake: ${servers[i + 2].label}`,
        ratio: us / bareUs,
        target: ROUTER_TARGET,
        unit: 'us',
        value: us,
      })),
    ]
  } finally {
    await Promise.all(started.map((server) => server.stop()))
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const work = mkdtempSync(join(tmpdir(), 'sni-bench-router-'))
  try {
    const {execFileSync} = await import('node:child_process')
    execFileSync('npm', ['run', 'build', '--silent'], {cwd: root, stdio: ['ignore', 'ignore', 'inherit']})
    const sni = process.env.BENCH_SNI ?? packedSni(work)
    const rows = await benchRouter({certs: makeCertificates(join(work, 'certs')), sni, work})
    for (const row of rows)
      console.log(
        `${row.name.padEnd(70)} ${row.value.toFixed(0).padStart(6)} ${row.unit} ${row.ratio.toFixed(2)}x${row.target ? ` (target <= ${row.target}x)` : ''}`,
      )
  } finally {
    rmSync(work, {force: true, recursive: true})
  }
}
