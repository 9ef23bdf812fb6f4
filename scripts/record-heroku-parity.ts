// Records what the official heroku CLI (11.10.x) prints for every scenario of the Heroku parity suite
// (test/commands/heroku/parity-scenarios.ts), each against its own deterministic fake Heroku API on
// loopback, and writes test/fixtures/heroku-parity/heroku-11.10.json, which the suite compares sni with.
//
//   npm run parity:record                     (HEROKU_CLI=/path/to/heroku to choose the binary)
//
// The heroku CLI is looked for in HEROKU_CLI, then /tmp/heroku-cli (npm install --prefix /tmp/heroku-cli
// heroku@11.10.0; never inside this repository), then on PATH. Without it the script says so and exits 0.
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {
  makeGitRemoteRepo,
  type ParityRecording,
  type ParityRun,
  RECORDING_FILE,
  SCENARIOS,
  startScenarioApi,
} from '../test/commands/heroku/parity-scenarios.js'

const WANTED = /^heroku\/11\.10\./

function findHeroku(): {bin: string; version: string} | undefined {
  const candidates = [process.env.HEROKU_CLI, '/tmp/heroku-cli/node_modules/.bin/heroku', 'heroku'].filter(
    (c): c is string => Boolean(c),
  )
  for (const bin of candidates) {
    if (bin.includes('/') && !existsSync(bin)) continue
    const result = spawnSync(bin, ['--version'], {encoding: 'utf8', env: cliEnv(home, {})})
    const version = result.stdout?.trim().split('\n').pop() ?? ''
    if (result.status === 0 && WANTED.test(version)) return {bin, version}
  }

  return undefined
}

/** The heroku CLI's environment: its own HOME, no colours, no warnings about our environment. */
function cliEnv(homeDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COLUMNS: '120',
    DISABLE_TELEMETRY: 'true',
    HOME: homeDir,
    NO_COLOR: '1',
    ...extra,
  }
  for (const name of [
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
    'NODE_EXTRA_CA_CERTS',
    'HEROKU_APP',
    'HEROKU_API_KEY',
    'HEROKU_HOST',
    'FORCE_COLOR',
  ]) {
    if (!(name in extra)) delete env[name]
  }

  return env
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Omit<ParityRun, 'requests'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {cwd, env, stdio: ['pipe', 'pipe', 'pipe']})
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => out.push(c))
    child.stderr.on('data', (c: Buffer) => err.push(c))
    child.stdin.end()
    child.on('error', reject)
    child.on('close', (code) =>
      resolve({exitCode: code ?? 1, stderr: Buffer.concat(err).toString(), stdout: Buffer.concat(out).toString()}),
    )
  })
}

const home = mkdtempSync(join(tmpdir(), 'heroku-parity-home-'))
try {
  const heroku = findHeroku()
  if (!heroku) {
    console.log(
      'heroku CLI 11.10.x not found (HEROKU_CLI, /tmp/heroku-cli, PATH); install it outside this repository with',
    )
    console.log('  npm install --prefix /tmp/heroku-cli heroku@11.10.0')
    console.log('and run this again. Nothing was recorded.')
    process.exit(0)
  }

  // The first run ever prints a terms-of-service notice; let it happen here, not in a recording.
  await run(heroku.bin, ['--version'], cliEnv(home, {}), home)
  const recording: ParityRecording = {
    how: `scripts/record-heroku-parity.ts: the official CLI (${heroku.version}) run as a child process with stdin closed, NO_COLOR=1, COLUMNS=120, its own HOME, HEROKU_API_KEY and HEROKU_HOST pointing at a fresh deterministic fake Heroku API per scenario (test/helpers/fake-heroku-api.ts), seeded by parity-scenarios.ts`,
    recordedAt: new Date().toISOString().slice(0, 10),
    recordedWith: heroku.version,
    scenarios: {},
  }
  for (const scenario of SCENARIOS) {
    const api = await startScenarioApi(scenario)
    const repo = scenario.gitRemoteApp ? makeGitRemoteRepo(scenario.gitRemoteApp) : undefined
    try {
      // HEROKU_GIT_HOST: with HEROKU_HOST on loopback, heroku would look for remotes on the loopback host.
      const env = cliEnv(home, {HEROKU_API_KEY: api.token, HEROKU_GIT_HOST: 'git.heroku.com', HEROKU_HOST: api.url})
      const result = await run(heroku.bin, scenario.args, env, repo ?? home)
      recording.scenarios[scenario.name] = {
        args: scenario.args,
        ...result,
        requests: api.requests.map((r) => `${r.method} ${r.path}`),
      }
      console.log(`${scenario.name}: exit ${result.exitCode}, ${api.requests.length} requests`)
    } finally {
      await api.close()
      if (repo) rmSync(repo, {force: true, recursive: true})
    }
  }

  writeFileSync(RECORDING_FILE, `${JSON.stringify(recording, null, 2)}\n`)
  console.log(`wrote ${RECORDING_FILE}`)
} finally {
  rmSync(home, {force: true, recursive: true})
}
