#!/usr/bin/env node
// `heroku --version` with sni linked as the README says (`npm run link`), against the same CLI without
// it: target at most 1.10x. Also shows, for reference, the checkout linked as is (no manifest: the heroku
// CLI then loads tsx and every command source) and `node -e 0`, all measured in the same run.
//
//   npm run bench:plugin            (BENCH_RUNS=21 for more runs; HEROKU_CLI=/path/to/heroku to choose)
//
// The heroku CLI is HEROKU_CLI, else one installed under /tmp/heroku-cli or the OS temp folder, else
// `heroku` on PATH; if none, it is installed (npm install --prefix <tmp>/heroku-cli heroku@11.10.0)
// unless BENCH_NO_INSTALL=1. When that is not possible the benchmark says so and is skipped (exit 0).
// Every heroku run uses its own temporary HOME and XDG folders: your own heroku setup is never touched.
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {linkPlugin, preparePlugin} from '../scripts/link-heroku-plugin.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const runs = Number(process.env.BENCH_RUNS ?? 15)
const TARGET = 1.1

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** A home for the heroku CLI of its own: HOME and XDG folders under one temp folder. */
function isolatedHome(name, work) {
  const home = join(work, name)
  for (const sub of ['data', 'config', 'cache']) mkdirSync(join(home, sub), {recursive: true})
  const env = {
    ...process.env,
    HOME: home,
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
  }
  // Both setups would print the same warnings for these; without them the runs are quieter.
  for (const name of ['SSL_CERT_FILE', 'SSL_CERT_DIR', 'HEROKU_API_KEY', 'HEROKU_APP']) delete env[name]
  return env
}

function version(bin, env) {
  const result = spawnSync(bin, ['--version'], {encoding: 'utf8', env})
  return result.status === 0 ? result.stdout.trim().split('\n').pop() : undefined
}

function findOrInstallHeroku(env) {
  const candidates = [
    process.env.HEROKU_CLI,
    '/tmp/heroku-cli/node_modules/.bin/heroku',
    join(tmpdir(), 'heroku-cli', 'node_modules', '.bin', 'heroku'),
    'heroku',
  ]
  for (const bin of candidates.filter(Boolean)) {
    if (bin.includes('/') && !existsSync(bin)) continue
    const v = version(bin, env)
    if (v?.startsWith('heroku/')) return {bin, version: v}
  }

  if (process.env.BENCH_NO_INSTALL === '1') return undefined
  const prefix = join(tmpdir(), 'heroku-cli')
  console.log(`heroku CLI not found; installing heroku@11.10.0 into ${prefix} (outside the repository)...`)
  try {
    execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', 'heroku@11.10.0'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
  } catch {
    return undefined
  }

  const bin = join(prefix, 'node_modules', '.bin', 'heroku')
  const v = version(bin, env)
  return v ? {bin, version: v} : undefined
}

/** Median wall time of `runs` fresh processes per setup, the setups interleaved run by run (fairer on a noisy machine). */
function measureInterleaved(setups) {
  const times = setups.map(() => [])
  for (const setup of setups) spawnSync(setup.argv[0], setup.argv.slice(1), {env: setup.env, stdio: 'ignore'}) // warm-up
  for (let i = 0; i < runs; i++) {
    for (const [index, setup] of setups.entries()) {
      const start = process.hrtime.bigint()
      const result = spawnSync(setup.argv[0], setup.argv.slice(1), {
        env: setup.env,
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      if (result.status !== 0)
        throw new Error(`${setup.name} exited ${result.status}: ${result.stderr.toString().slice(0, 300)}`)
      times[index].push(Number(process.hrtime.bigint() - start) / 1e6)
    }
  }

  return times.map((t) => median(t))
}

const work = mkdtempSync(join(tmpdir(), 'sni-bench-plugin-'))
try {
  const plain = isolatedHome('plain', work)
  const heroku = findOrInstallHeroku(plain)
  if (!heroku) {
    console.log('skipped: no heroku CLI found and none could be installed (set HEROKU_CLI=/path/to/heroku).')
    process.exit(0)
  }

  console.log(`${heroku.version} (${heroku.bin}); ${runs} runs each, interleaved, medians`)
  const linked = isolatedHome('linked', work)
  const checkout = isolatedHome('checkout', work)
  preparePlugin({quiet: true})
  linkPlugin(heroku.bin, linked)
  // For reference only: the checkout itself, as `heroku plugins:link .` would link it.
  execFileSync(heroku.bin, ['plugins:link', '--no-install', root], {env: checkout, stdio: 'ignore'})

  const [baseline, without, withPlugin, withCheckout] = measureInterleaved([
    {argv: [process.execPath, '-e', '0'], env: plain, name: 'node -e 0'},
    {argv: [heroku.bin, '--version'], env: plain, name: 'heroku --version'},
    {argv: [heroku.bin, '--version'], env: linked, name: 'heroku --version, sni linked by npm run link'},
    {argv: [heroku.bin, '--version'], env: checkout, name: 'heroku --version, checkout linked as is'},
  ])
  const ratio = withPlugin / without
  const rows = [
    ['node -e 0 (baseline)', baseline, '-'],
    ['heroku --version, no plugin', without, '1.00x'],
    ['heroku --version, sni linked by `npm run link`', withPlugin, `${ratio.toFixed(2)}x`],
    ['heroku --version, checkout linked as is (no manifest)', withCheckout, `${(withCheckout / without).toFixed(2)}x`],
  ]
  for (const [name, ms, r] of rows) console.log(`${name.padEnd(56)} ${ms.toFixed(1).padStart(9)} ms ${r.padStart(7)}`)
  const ok = ratio <= TARGET
  console.log(
    `linked plugin: ${ratio.toFixed(2)}x of no plugin (target at most ${TARGET.toFixed(2)}x): ${ok ? 'ok' : 'OVER'}`,
  )
  if (!ok) process.exitCode = 1
} finally {
  rmSync(work, {force: true, recursive: true})
}
