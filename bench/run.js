#!/usr/bin/env node
// `npm run bench`: the published package as users get it (npm pack, installed into a temp folder:
// scripts/packed-package.js), measured against `node -e 0` in the same run, each ratio printed with
// its target. Works on a fresh clone after `npm ci`: it builds, makes its own certificates with
// openssl, seeds its own stores and starts a loopback fake Heroku API (test/helpers through tsx).
// Start-up scenarios run interleaved (one run of each per round, BENCH_RUNS rounds, medians after a
// warm-up round), so load from other work on a shared machine hits them alike; then the router's
// CPU per handshake (bench/router.js). Exit 0 even when a target is missed: the table says OVER.
//   npm run bench                 BENCH_RUNS=31 for more rounds, BENCH_ONLY=inspect for some scenarios
//   BENCH_SKIP_ROUTER=1           start-up only
import {execFileSync, spawnSync} from 'node:child_process'
import {copyFileSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {makeCertificates, median, packedSni, root, seedStore, startFakeHeroku} from './lib.js'
import {benchRouter} from './router.js'

const runs = Number(process.env.BENCH_RUNS ?? 21)
const EACH_FILES = 100

function timeRun(argv, env, allowExit = [0], before = undefined) {
  before?.()
  const start = process.hrtime.bigint()
  const result = spawnSync(argv[0], argv.slice(1), {
    cwd: tmpdir(),
    env: {...process.env, ...env},
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (!allowExit.includes(result.status))
    throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr.toString().slice(0, 500)}`)
  return ms
}

const work = mkdtempSync(join(tmpdir(), 'sni-bench-'))
const cleanups = []
try {
  execFileSync('npm', ['run', 'build', '--silent'], {cwd: root, stdio: ['ignore', 'ignore', 'inherit']}) // for seeding stores
  const sni = packedSni(work)
  const certs = makeCertificates(join(work, 'certs'))
  const eachDir = join(work, 'each')
  mkdirSync(eachDir)
  const eachFiles = Array.from({length: EACH_FILES}, (_, i) => join(eachDir, `cert-${String(i).padStart(3, '0')}.pem`))
  for (const file of eachFiles) copyFileSync(certs.fullchain, file)
  const local = join(work, 'local')
  await seedStore(local, 1, certs)
  const heroku = await startFakeHeroku(10, certs)
  cleanups.push(heroku.stop)

  // The package's V8 code cache (bin/compile-cache.js) lives in the run's own cache directory: the
  // warm-up round fills it, as a user's first run does. The "first run" scenario empties its own
  // before each run, so the table shows what a run costs without it too.
  const codeCache = join(work, 'cache')
  const coldCache = join(work, 'cold-cache')
  const localEnv = {SNI_HOME: local, SNI_PLATFORM: 'local'}
  const herokuEnv = {HEROKU_API_KEY: 'test-token', HEROKU_HOST: heroku.url, SNI_PLATFORM: 'heroku'}
  // ca: the run's own root, so the verdict is a full one (trusted chain), as for a real certificate.
  const inspectArgv = [sni, 'certs:inspect', certs.fullchain, certs.key, '--ca', certs.root]
  const scenarios = [
    {argv: [process.execPath, '-e', '0'], name: 'node -e 0 (baseline)'},
    {argv: [sni, '--version'], name: 'sni --version', target: 1.8},
    {
      argv: [sni, 'certs', '--app', 'bench-app'],
      env: localEnv,
      name: 'sni certs --app bench-app (local, 1 endpoint)',
      target: 2.3,
    },
    {
      argv: [sni, 'certs', '--app', 'example'],
      env: herokuEnv,
      name: 'sni certs --app example --platform heroku (loopback API, 10 endpoints)',
      target: 2.3,
    },
    {argv: inspectArgv, name: 'sni certs:inspect fullchain.pem leaf.key (ECDSA P-256)', target: 2.3},
    {
      argv: inspectArgv,
      before: () => rmSync(coldCache, {force: true, recursive: true}),
      env: {SNI_CACHE_DIR: coldCache},
      name: '  the same, first run after install (empty code cache, then written)',
    },
    {
      argv: [sni, 'certs:inspect', ...eachFiles, '--each', '--ca', certs.root],
      name: `sni certs:inspect ${EACH_FILES} files --each`,
    },
  ].filter((s, i) => i === 0 || !process.env.BENCH_ONLY || s.name.includes(process.env.BENCH_ONLY))

  console.error(`measuring ${scenarios.length} scenarios, ${runs} interleaved rounds...`)
  const times = scenarios.map(() => [])
  for (let round = -1; round < runs; round++) {
    for (const [i, scenario] of scenarios.entries()) {
      const ms = timeRun(scenario.argv, {SNI_CACHE_DIR: codeCache, ...scenario.env}, [0], scenario.before)
      if (round >= 0) times[i].push(ms) // round -1 warms the page cache
    }
  }

  const medians = times.map((t) => median(t))
  const baseline = medians[0]
  const rows = scenarios.map((scenario, i) => ({
    name: scenario.name,
    ratio: medians[i] / baseline,
    target: scenario.target,
    unit: 'ms',
    value: medians[i],
  }))
  const single = rows.find((r) => r.name.startsWith('sni certs:inspect fullchain'))
  const each = rows.find((r) => r.name.includes('--each'))
  if (single && each)
    rows.push({
      name: `  ${EACH_FILES} files in one --each run, in single inspect runs`,
      ratio: each.value / single.value,
      target: 5,
      unit: 'runs',
      value: each.value / single.value,
    })

  if (!process.env.BENCH_SKIP_ROUTER && !process.env.BENCH_ONLY) rows.push(...(await benchRouter({certs, sni, work})))

  console.log(
    `\nnpm run bench, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, packed package; start-up: medians of ${runs} interleaved rounds, ratios to node -e 0 (${baseline.toFixed(1)} ms)`,
  )
  if (process.env.NODE_EXTRA_CA_CERTS)
    console.log(
      `note: NODE_EXTRA_CA_CERTS is set; every process, node -e 0 included, reads ${process.env.NODE_EXTRA_CA_CERTS} at start`,
    )
  console.log(
    `${'scenario'.padEnd(78)} ${'median'.padStart(10)} ${'ratio'.padStart(7)} ${'target'.padStart(8)}  result`,
  )
  let over = 0
  for (const row of rows) {
    const ok = row.target === undefined || row.ratio <= row.target
    if (!ok) over++
    const value =
      row.unit === 'runs'
        ? `${row.value.toFixed(2)} runs`
        : `${row.value.toFixed(row.unit === 'us' ? 0 : 1)} ${row.unit}`
    console.log(
      `${row.name.padEnd(78)} ${value.padStart(10)} ${`${row.ratio.toFixed(2)}x`.padStart(7)} ${(row.target === undefined ? '-' : `<=${row.target}x`).padStart(8)}  ${row.target === undefined ? '' : ok ? 'ok' : 'OVER'}`,
    )
  }

  console.log(over > 0 ? `${over} target(s) missed` : 'every target met')
} finally {
  for (const cleanup of cleanups) cleanup()
  rmSync(work, {force: true, recursive: true})
}
