import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {availableParallelism} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {recordPrintedCommands} from './hint-check.js'
import {runInProcess} from './in-process-sni.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
// bin/run.js with NODE_ENV=test: oclif loads src/ through tsx (no stale dist/), but errors print
// as in production (bin/dev.js turns on oclif's debug mode, which prints stack traces).
const runBin = join(root, 'bin', 'run.js')
// Resolved here, not by the child: `--import tsx` would resolve from the child's cwd (a temp dir).
const tsxLoader = import.meta.resolve('tsx')

export interface RunSniOptions {
  /** Merged over process.env; an undefined value removes the variable. */
  env?: Record<string, string | undefined>
  /** Written to stdin, which is then closed; without it stdin is closed at once. Implies a child process. */
  input?: string
  cwd?: string
  /** The run is abandoned (a child is killed with SIGKILL) and the promise rejects after this long; default 30 s. */
  timeoutMs?: number
  /**
   * Run the real binary as a child process rather than inside the test process: for what only a
   * process shows (its exit code as the shell sees it, signals, stdin, concurrent processes, the
   * secret-leak sweep of real output). Runs that need one get one anyway (see needsChildProcess).
   */
  process?: boolean
}

export interface SniRun {
  stdout: string
  stderr: string
  exitCode: number
}

/**
 * Variables that oclif or its `debug` logger read once, when their modules load (so an in-process run
 * could not honour them); so does Node with its NODE_* variables (NODE_EXTRA_CA_CERTS, NODE_OPTIONS...).
 * A run that sets one gets a child process.
 */
const LOAD_TIME_ENV = ['DEBUG', 'FORCE_COLOR', 'OCLIF_COLUMNS', 'SNI_DEBUG', 'TERM']

function isLoadTimeVariable(name: string): boolean {
  return LOAD_TIME_ENV.includes(name) || (name.startsWith('NODE_') && name !== 'NODE_ENV')
}

/** Whether a run must be a child process: asked for, stdin given or read (`-`), or a load-time variable set. */
export function needsChildProcess(args: string[], options: RunSniOptions): boolean {
  if (options.process || options.input !== undefined || args.includes('-')) return true
  return Object.keys(options.env ?? {}).some((name) => isLoadTimeVariable(name))
}

/** runSni's environment: the test process's, then NO_COLOR, COLUMNS and NODE_ENV, then the run's own. */
function runEnv(options: RunSniOptions): Record<string, string> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    COLUMNS: '120',
    NODE_ENV: 'test',
    NO_COLOR: '1',
    ...options.env,
  }
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name]
  return env as Record<string, string>
}

/**
 * Runs `sni ARGS` as a user would and returns its stdout, stderr and exit code: by default inside
 * this process (test/helpers/in-process-sni.ts: bin/run.js's path through oclif, with pipes for
 * stdin/stdout/stderr, so never a TTY), or as a child process when the process matters (see
 * RunSniOptions.process). NO_COLOR=1 and COLUMNS=120 make output stable. Every command line the
 * output offers to paste is recorded and checked against the parser at the end of the suite.
 */
export async function runSni(args: string[], options: RunSniOptions = {}): Promise<SniRun> {
  const cwd = options.cwd ?? root
  const timeoutMs = options.timeoutMs ?? 30_000
  const run = needsChildProcess(args, options)
    ? await spawnSni(args, options)
    : await runInProcess(args, {cwd, env: runEnv(options), timeoutMs})
  recordPrintedCommands(args, [run.stdout, run.stderr])
  return run
}

/**
 * The real CLI (bin/run.js, sources through tsx) as a child process: real argv, real exit code,
 * stdin/stdout/stderr that are pipes (so never a TTY).
 */
async function spawnSni(args: string[], options: RunSniOptions = {}): Promise<SniRun> {
  const child = spawn(process.execPath, ['--import', tsxLoader, runBin, ...args], {
    cwd: options.cwd ?? root,
    env: runEnv(options),
    stdio: 'pipe',
  })
  const stdout: Buffer[] = []
  const stderr: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
  child.stdin.on('error', () => {}) // the CLI may exit before reading its input
  child.stdin.end(options.input)
  const timeoutMs = options.timeoutMs ?? 30_000
  return new Promise<SniRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(
        new Error(
          `sni ${args.join(' ')} did not finish within ${timeoutMs} ms; stderr so far: ${Buffer.concat(stderr).toString()}`,
        ),
      )
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        stderr: Buffer.concat(stderr).toString(),
        stdout: Buffer.concat(stdout).toString(),
      })
    })
  })
}

function base64Body(pem: string): string {
  return pem.replaceAll(/-----[^-]+-----/g, '').replaceAll(/\s/g, '')
}

/**
 * Fails when any text shows a PEM private key header or any of the secrets. For a PEM secret, any
 * 40-character run of its base64 body counts too, so a re-wrapped or partial key is still caught.
 */
export function assertNoSecrets(texts: string[], secrets: string[]): void {
  for (const [i, text] of texts.entries()) {
    assert.ok(!text.includes('PRIVATE KEY-----'), `text ${i} contains a PEM private key header`)
    const flat = text.replaceAll(/\s/g, '')
    for (const secret of secrets) {
      assert.ok(secret !== '', 'assertNoSecrets was given an empty secret')
      assert.ok(!text.includes(secret), `text ${i} contains a secret`)
      if (!secret.includes('-----BEGIN')) continue
      const body = base64Body(secret)
      for (let start = 0; start + 40 <= body.length; start++) {
        assert.ok(
          !flat.includes(body.slice(start, start + 40)),
          `text ${i} contains part of a PEM secret (offset ${start})`,
        )
      }
    }
  }
}

/** Runs at most `concurrency` tasks at a time. */
function createLimiter(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0
  const waiting: Array<() => void> = []
  return async (task) => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve))
    active++
    try {
      return await task()
    } finally {
      active--
      waiting.shift()?.()
    }
  }
}

const limitRuns = createLimiter(Math.min(4, Math.max(2, availableParallelism())))

/**
 * Starts `sni ARGS` now and returns the pending run: start runs in a `before` hook and await each in
 * its own `it`. Child processes overlap, a few at a time across the whole suite; in-process runs
 * take turns.
 */
export function startSni(args: string[], options: RunSniOptions = {}): Promise<SniRun> {
  const run = needsChildProcess(args, options) ? limitRuns(() => runSni(args, options)) : runSni(args, options)
  run.catch(() => {}) // awaited by the test; avoid an unhandled rejection while it waits its turn
  return run
}

/** oclif prints thrown errors as ` ›   Error: ...`, wrapped at 80 columns; this joins them back into one line. */
export function oneLine(text: string): string {
  return text
    .replaceAll(/\s*›\s*/g, ' ')
    .replaceAll(/\s+/g, ' ')
    .trim()
}

/** The `Error:` / `Warning:` finding codes printed on stderr, in order. */
export function findingCodes(stderr: string): string[] {
  return [...stderr.matchAll(/^(?:Error|Warning): .* \(([A-Z0-9_]+)\)$/gm)].map((m) => m[1] as string)
}
