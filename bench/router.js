#!/usr/bin/env node
// Router benchmark: TLS handshakes per second through `sni router:start` with 1 endpoint and with
// 10,000 endpoints in the local store (target: the large store at >= 0.8x the small one), and
// p50/p99 handshake latency. Each handshake is a new TCP connection, no session reuse, TLS 1.3,
// certificate verified against the fixture root. Both routers run at once and are measured in
// alternating batches, so drift on a shared machine hits both alike.
//   npm run build && node bench/router.js
//   BENCH_HANDSHAKES=3000 BENCH_SECONDS=20 node bench/router.js
//   BENCH_SOURCES=1 node --import tsx bench/router.js     (src/ through tsx, no build needed)
import {execFileSync, spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {connect} from 'node:tls'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const sources = Boolean(process.env.BENCH_SOURCES)
const handshakes = Number(process.env.BENCH_HANDSHAKES ?? 2000)
const maxSeconds = Number(process.env.BENCH_SECONDS ?? 30)
const largeCount = Number(process.env.BENCH_ENDPOINTS ?? 10_000)
const BATCH = 50
const TARGET = 0.8
const fixtures = join(root, 'test', 'fixtures', 'generated')
const lib = (path) => join(root, sources ? 'src' : 'dist', `${path}${sources ? '.ts' : '.js'}`)

/** As bench/seed-local-store.js: `count` endpoints on one app, 2 domains each (e<i>-d<0|1>.example.com), wildcard certificate. */
async function seed(home, count) {
  const {openLocalPlatformClient} = await import(lib('platform/local/local-platform-client'))
  const {SecretPem} = await import(lib('lib/x509/secret-pem'))
  const chain = readFileSync(join(fixtures, 'chain-wildcard.pem'), 'utf8')
  const privateKey = new SecretPem(readFileSync(join(fixtures, 'wildcard.key'), 'utf8'))
  const client = openLocalPlatformClient({home})
  try {
    for (let i = 0; i < count; i++) {
      const endpoint = await client.createSniEndpoint('bench-app', {certificateChain: chain, privateKey})
      for (let d = 0; d < 2; d++) await client.addDomain('bench-app', {hostname: `e${i}-d${d}.example.com`, sniEndpoint: endpoint.name})
      if (i > 0 && i % 2000 === 0) process.stderr.write(`  seeded ${i} endpoints\n`)
    }
  } finally {
    client.close()
  }
}

/** Starts `sni router:start --port 0` on the store; resolves with its port once it listens. */
function startRouter(home) {
  const args = [...(sources ? ['--import', 'tsx'] : []), join(root, 'bin', 'run.js'), 'router:start', '--port', '0']
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {...process.env, SNI_HOME: home, SNI_PLATFORM: 'local', ...(sources ? {NODE_ENV: 'test'} : {})},
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk
      const match = /Router listening on https:\/\/127\.0\.0\.1:(\d+) /.exec(stderr)
      if (match) resolve({child, port: Number(match[1])})
    })
    child.on('exit', (code) => reject(new Error(`router exited ${code}: ${stderr}`)))
  })
}

const ca = readFileSync(join(fixtures, 'root-ca.crt'))

/** One full handshake on a new connection; resolves with its duration in ms. */
function handshake(port, servername) {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const socket = connect({ca, host: '127.0.0.1', port, servername})
    socket.once('secureConnect', () => {
      const ms = performance.now() - start
      if (socket.isSessionReused()) reject(new Error('session was reused'))
      socket.destroy()
      resolve(ms)
    })
    socket.once('error', reject)
  })
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

const work = mkdtempSync(join(tmpdir(), 'sni-bench-router-'))
const routers = []
try {
  execFileSync('bash', [join(root, 'test', 'fixtures', 'generate.sh'), fixtures], {stdio: 'inherit'})
  const stores = [
    {count: 1, label: '1 endpoint'},
    {count: largeCount, label: `${largeCount.toLocaleString('en-US')} endpoints`},
  ]
  for (const store of stores) {
    store.home = join(work, String(store.count))
    mkdirSync(store.home)
    const started = performance.now()
    await seed(store.home, store.count)
    console.error(`seeded ${store.label} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    const router = await startRouter(store.home)
    routers.push(router.child)
    store.port = router.port
    store.samples = []
    store.ms = 0
    // Names spread over the whole store: every handshake is a different lookup in the large one.
    store.names = Array.from({length: Math.min(store.count, 5000) * 2}, (_, i) => `e${Math.floor(i / 2) * Math.max(1, Math.floor(store.count / 5000))}-d${i % 2}.example.com`)
    for (let i = 0; i < 100; i++) await handshake(store.port, store.names[i % store.names.length]) // warm-up
  }

  const deadline = performance.now() + maxSeconds * 1000
  let n = 0
  while (n < handshakes && performance.now() < deadline) {
    for (const store of stores) {
      const batchStart = performance.now()
      for (let i = 0; i < BATCH; i++) store.samples.push(await handshake(store.port, store.names[(n + i) % store.names.length]))
      store.ms += performance.now() - batchStart
    }

    n += BATCH
  }

  console.log(`router handshakes: ${n} per store, sequential, new connection each, TLS 1.3, RSA 2048 wildcard certificate`)
  console.log('store'.padEnd(20), 'handshakes/s'.padStart(13), 'p50 ms'.padStart(9), 'p99 ms'.padStart(9))
  for (const store of stores) {
    const sorted = [...store.samples].sort((a, b) => a - b)
    store.rate = (store.samples.length / store.ms) * 1000
    console.log(store.label.padEnd(20), store.rate.toFixed(0).padStart(13), percentile(sorted, 50).toFixed(2).padStart(9), percentile(sorted, 99).toFixed(2).padStart(9))
  }

  const ratio = stores[1].rate / stores[0].rate
  const ok = ratio >= TARGET
  console.log(`ratio large/small: ${ratio.toFixed(2)}x (target >= ${TARGET}x) ${ok ? 'ok' : 'UNDER'}`)
  if (!ok) process.exitCode = 1
} finally {
  for (const child of routers) child.kill('SIGTERM')
  await Promise.all(routers.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined)))
  rmSync(work, {force: true, recursive: true})
}
