import {Config} from '@oclif/core/config'
import {flush} from '@oclif/core/flush'
import {Exit, handle} from '@oclif/core/handle'
import {run} from '@oclif/core/run'
import {settings} from '@oclif/core/settings'
import {ux} from '@oclif/core/ux'
import {AsyncLocalStorage} from 'node:async_hooks'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const runBin = join(root, 'bin', 'run.js')

export interface InProcessRun {
  stdout: string
  stderr: string
  exitCode: number
}

export interface InProcessOptions {
  /** The whole environment of the run (runSni has merged its defaults and the test's overrides). */
  env: Record<string, string>
  cwd: string
  timeoutMs: number
}

let config: Promise<Config> | undefined

/** oclif's Config for the repository, loaded once with NODE_ENV=test (commands come from src/ through tsx). */
function loadConfig(): Promise<Config> {
  config ??= (async () => {
    const nodeEnv = process.env.NODE_ENV
    process.env.NODE_ENV = 'test'
    try {
      return await Config.load(root)
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV
      else process.env.NODE_ENV = nodeEnv
    }
  })()
  return config
}

/** Thrown by process.exit during a run: in a child it would end the process with that code. */
class ProcessExit extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`)
  }
}

type Write = typeof process.stdout.write

/** The parts of ux.action's internals (ActionBase) that a run must scope and put back. */
interface ActionInternals {
  _stdout(toggle: boolean): void
  running: boolean
  stdmockOrigs: {stderr: Write; stdout: Write}
  task: unknown
}

const action = ux.action as unknown as ActionInternals
const STREAMS = () => [process.stdin, process.stdout, process.stderr] as Array<{isTTY?: boolean}>
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

/** Everything a run changes in this process, put back by restore(). */
function saveProcessState(): () => void {
  const env = {...process.env}
  const cwd = process.cwd()
  const {argv, exit, exitCode} = process
  const write = {stderr: process.stderr.write, stdout: process.stdout.write}
  const ttys = STREAMS().map((stream) => Object.getOwnPropertyDescriptor(stream, 'isTTY'))
  const listeners = new Map(SIGNALS.map((event) => [event, new Set(process.listeners(event))]))
  const {columns, debug} = settings
  const actionWrites = action.stdmockOrigs
  return () => {
    delete (action as Partial<ActionInternals>)._stdout
    // A ux.action left running would keep stdout mocked; the child's exit would have dropped it.
    if (action.running) {
      action.task = undefined
      action._stdout(false)
    }

    action.stdmockOrigs = actionWrites
    process.stdout.write = write.stdout
    process.stderr.write = write.stderr
    for (const [i, stream] of STREAMS().entries()) {
      const own = ttys[i]
      if (own) Object.defineProperty(stream, 'isTTY', own)
      else delete stream.isTTY
    }

    for (const [event, before] of listeners) {
      for (const listener of process.listeners(event))
        if (!before.has(listener)) process.removeListener(event, listener)
    }

    settings.columns = columns
    settings.debug = debug
    process.exit = exit
    process.exitCode = exitCode
    process.argv = argv
    process.chdir(cwd)
    for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name]
    Object.assign(process.env, env)
  }
}

interface Output {
  stderr: string[]
  stdout: string[]
}

/**
 * The output of the run whose code is executing. Writes are attributed by async context, not by
 * time: mocha's reporter keeps printing while a run started in a `before` hook is in flight.
 */
const current = new AsyncLocalStorage<Output>()

/** A write function that collects the current run's output (strings or buffers), and passes any other write on to `other`. */
function collector(name: keyof Output, other: Write): Write {
  return function (this: NodeJS.WriteStream, ...args: Parameters<Write>): boolean {
    const output = current.getStore()
    if (!output) return other.apply(this, args)
    const [chunk, encoding, callback] = args as [
      string | Uint8Array,
      BufferEncoding | ((error?: Error | null) => void) | undefined,
      ((error?: Error | null) => void) | undefined,
    ]
    output[name].push(
      typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8'),
    )
    const done = typeof encoding === 'function' ? encoding : callback
    if (done) process.nextTick(done)
    return true
  } as Write
}

/**
 * While a ux.action runs, oclif swaps process.stdout/stderr.write for functions that hold output back
 * until the action stops (then written through stdmockOrigs, the collectors). This keeps its swap
 * to the run's own writes: mocha's output goes on to `others`.
 */
function scopeActionOutput(others: Record<keyof Output, Write>): void {
  const swap = Object.getPrototypeOf(action)._stdout as ActionInternals['_stdout']
  action._stdout = function (this: ActionInternals, toggle: boolean) {
    swap.call(this, toggle)
    if (!toggle) return
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = process[name]
      const held = stream.write
      stream.write = function (this: NodeJS.WriteStream, ...args: Parameters<Write>): boolean {
        return (current.getStore() ? held : others[name]).apply(this, args)
      } as Write
    }
  }
}

/**
 * bin/run.js in this process: oclif's run() for the argv, then flush() on success or handle() on a
 * thrown error, as @oclif/core's execute() does. handle() prints the error and calls Exit.exit, which
 * here records the code instead of ending the process; without one the code is process.exitCode ?? 0,
 * as when the child's event loop ends.
 */
async function execute(argv: string[], loaded: Config): Promise<number> {
  let exitCode: number | undefined
  try {
    await run(argv, loaded)
    // flush() leaves its 'drain' listener on stdout whenever the write went through at once. A child
    // process ends after one run; runs in this process would pile them up (MaxListenersExceededWarning).
    const drainListeners = new Set(process.stdout.listeners('drain'))
    try {
      await flush()
    } finally {
      for (const listener of process.stdout.listeners('drain'))
        if (!drainListeners.has(listener)) process.stdout.removeListener('drain', listener as () => void)
    }
  } catch (error) {
    if (error instanceof ProcessExit) return error.code
    const exit = Exit.exit
    Exit.exit = ((code = 0) => {
      exitCode ??= code
    }) as typeof Exit.exit
    try {
      await handle(error as Error)
    } finally {
      Exit.exit = exit
    }
  }

  return exitCode ?? (typeof process.exitCode === 'number' ? process.exitCode : Number(process.exitCode ?? 0))
}

let queue: Promise<unknown> = Promise.resolve()

/**
 * Runs `sni ARGS` inside this process as bin/run.js would run it in a child whose stdin, stdout and
 * stderr are pipes: the environment, cwd and argv of the run, no terminal, oclif's settings as
 * bin/run.js leaves them, and its output collected. Runs go one at a time (they share the process),
 * and everything they change (env, cwd, exit code, signal handlers, oclif settings) is put back.
 * A run that outlives `timeoutMs` rejects, but holds the queue until it ends.
 */
export async function runInProcess(args: string[], options: InProcessOptions): Promise<InProcessRun> {
  let started: () => void = () => {}
  const start = new Promise<void>((resolve) => {
    started = resolve
  })
  const turn = queue.then(async () => {
    started()
    const loaded = await loadConfig()
    const restore = saveProcessState()
    try {
      for (const name of Object.keys(process.env)) if (!(name in options.env)) delete process.env[name]
      Object.assign(process.env, options.env)
      process.chdir(options.cwd)
      process.argv = [process.execPath, runBin, ...args]
      process.exitCode = undefined
      process.exit = ((code?: number | string | null) => {
        throw new ProcessExit(Number(code ?? process.exitCode ?? 0))
      }) as typeof process.exit
      for (const stream of STREAMS())
        Object.defineProperty(stream, 'isTTY', {configurable: true, value: false, writable: true})
      const others = {stderr: process.stderr.write, stdout: process.stdout.write}
      process.stdout.write = collector('stdout', others.stdout)
      process.stderr.write = collector('stderr', others.stderr)
      action.stdmockOrigs = {stderr: process.stderr.write, stdout: process.stdout.write}
      scopeActionOutput(others)
      const output: Output = {stderr: [], stdout: []}
      const exitCode = await current.run(output, () => execute(args, loaded))
      const [stdout, stderr] = [output.stdout.join(''), output.stderr.join('')]
      return {exitCode, stderr, stdout}
    } finally {
      restore()
    }
  })
  queue = turn.catch(() => {})
  // The timeout counts from the run's start, not from its place in the queue.
  let timer: NodeJS.Timeout | undefined
  const timeout = start.then(
    () =>
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`sni ${args.join(' ')} (in process) did not finish within ${options.timeoutMs} ms`)),
          options.timeoutMs,
        )
      }),
  )
  try {
    return await Promise.race([turn, timeout])
  } finally {
    clearTimeout(timer)
  }
}
