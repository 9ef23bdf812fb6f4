#!/usr/bin/env node
// Start-up and command benchmarks, printed as ratios to `node -e 0` measured in the same run, so
// figures stay comparable on a shared, noisy machine. Runs the compiled CLI (bin/run.js) with an
// oclif manifest, i.e. what `npm pack` ships; the manifest is removed again afterwards so tests
// never load stale dist/ code.
//   npm run bench              all scenarios
//   BENCH_RUNS=30 npm run bench
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {scenarios} from './scenarios.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const runs = Number(process.env.BENCH_RUNS ?? 15)
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, {cwd: root, stdio: ['ignore', 'ignore', 'inherit'], ...opts})

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Median wall time in ms of `runs` fresh processes (one warm-up run first). */
function measure(argv, env) {
  const time = () => {
    const start = process.hrtime.bigint()
    const result = spawnSync(argv[0], argv.slice(1), {cwd: root, env: {...process.env, ...env}, stdio: ['ignore', 'ignore', 'pipe']})
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (result.status !== 0 && !argv.includes('--allow-fail')) {
      throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr.toString().slice(0, 500)}`)
    }

    return ms
  }

  time()
  return median(Array.from({length: runs}, time))
}

run('npm', ['run', 'build', '--silent'])
run('npx', ['oclif', 'manifest'])
const work = mkdtempSync(join(tmpdir(), 'sni-bench-'))
try {
  const baseline = measure([process.execPath, '-e', '0'])
  console.log(`baseline: node -e 0 = ${baseline.toFixed(1)} ms (median of ${runs})`)
  if (process.env.NODE_EXTRA_CA_CERTS) {
    // Node reads that bundle at every start, the baseline's included (~30 ms here): ratios come out
    // lower than on a machine without it.
    console.log(`note: NODE_EXTRA_CA_CERTS is set (${process.env.NODE_EXTRA_CA_CERTS}); every process, node -e 0 included, loads it at start`)
  }
  console.log('scenario'.padEnd(58), 'median ms'.padStart(10), 'ratio'.padStart(8), 'target'.padStart(8), ' result')
  let failed = 0
  const results = new Map()
  for (const scenario of scenarios) {
    if (process.env.BENCH_ONLY && !scenario.name.includes(process.env.BENCH_ONLY)) continue
    const context = {bin: join(root, 'bin', 'run.js'), node: process.execPath, root, work}
    const prepared = scenario.prepare ? await scenario.prepare(context) : {}
    let ms
    try {
      ms = measure(scenario.argv(context, prepared), {...scenario.env?.(context, prepared)})
    } finally {
      scenario.cleanup?.(prepared)
    }

    results.set(scenario.name, ms)
    const reference = scenario.baseline ? results.get(scenario.baseline) : baseline
    if (reference === undefined) throw new Error(`${scenario.name}: baseline "${scenario.baseline}" has not run`)
    const ratio = ms / reference
    const ok = scenario.target === undefined || ratio <= scenario.target
    if (!ok) failed++
    console.log(
      scenario.name.padEnd(58),
      ms.toFixed(1).padStart(10),
      `${ratio.toFixed(2)}x`.padStart(8),
      scenario.target === undefined ? '-'.padStart(8) : `<=${scenario.target}x`.padStart(8),
      ok ? ' ok' : ' OVER',
      scenario.baseline ? `(ratio to "${scenario.baseline}")` : '',
    )
  }

  if (failed > 0) console.log(`${failed} scenario(s) over target`)
} finally {
  rmSync(work, {force: true, recursive: true})
  if (existsSync(join(root, 'oclif.manifest.json'))) rmSync(join(root, 'oclif.manifest.json'))
}
