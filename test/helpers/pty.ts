import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const runBin = join(root, 'bin', 'run.js')
const tsxLoader = import.meta.resolve('tsx')

/** Ctrl-C as a terminal sends it: the byte ETX. */
export const CTRL_C = '\u0003'

const running = new Set<ChildProcessWithoutNullStreams>()

/** Kills (SIGKILL) every pseudo-terminal run still going, e.g. after a failed test: call it in afterEach. */
export function killPtyRuns(): void {
  for (const child of running) {
    try {
      process.kill(-(child.pid ?? 0), 'SIGKILL')
    } catch {
      child.kill('SIGKILL')
    }
  }

  running.clear()
}

export interface PtyRun {
  /** Everything the terminal showed so far (stdout and stderr together), without ANSI escape sequences. */
  output(): string
  /** Types into the terminal. */
  write(text: string): void
  /** Resolves once the output matches; rejects (with the output) after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>
  /** The exit code of sni (script -e passes it on; 128 + n when sni was killed by signal n). */
  exited: Promise<number>
  /** The pid of the sni process itself (the child of script). */
  sniPid(): number
  child: ChildProcessWithoutNullStreams
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", String.raw`'\''`)}'`
}

/** Terminal control sequences (colours, cursor movement, erase) and carriage returns removed. */
export function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replaceAll(/\u001B\[[0-9;?]*[A-Za-z]|\u001B[()][A-Z0-9]|\u001B[=>]/g, '').replaceAll('\r', '')
}

/**
 * Runs `sni ARGS` (bin/run.js through tsx) inside a pseudo-terminal made by util-linux `script`, so
 * stdin, stdout and stderr are a TTY as for a person at a terminal: prompts appear, and Ctrl-C is
 * either a keypress to a prompt (raw mode) or SIGINT from the terminal's line discipline.
 */
export function runSniInPty(
  args: string[],
  options: {env?: Record<string, string | undefined>; cwd?: string} = {},
): PtyRun {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'test',
    NO_COLOR: '1',
    TERM: 'xterm',
    ...options.env,
  }
  delete env.COLUMNS // the terminal's own size (set below) is what a user has
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name]
  const command = `stty cols 120 rows 40 2>/dev/null; exec ${[process.execPath, '--import', tsxLoader, runBin, ...args].map((w) => shellQuote(w)).join(' ')}`
  // detached: script leads its own process group, so killPtyRuns can end it and what it started.
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: options.cwd ?? root,
    detached: true,
    env,
    stdio: 'pipe',
  })
  running.add(child)
  let output = ''
  const waiters = new Set<() => void>()
  const onData = (chunk: Buffer): void => {
    output += chunk.toString()
    for (const check of waiters) check()
  }

  child.stdout.on('data', onData)
  child.stderr.on('data', onData)
  const exited = new Promise<number>((resolve) => {
    child.on('close', (code, signal) => {
      running.delete(child)
      resolve(code ?? (signal ? 128 : 1))
    })
  })
  return {
    child,
    exited,
    output: () => plainText(output),
    sniPid() {
      const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
      if (children.length !== 1)
        throw new Error(`expected one child of script, found: ${children.join(', ') || 'none'}`)
      return Number(children[0])
    },
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (!pattern.test(plainText(output))) return
          waiters.delete(check)
          clearTimeout(timer)
          resolve()
        }

        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(
            new Error(`the terminal did not show ${pattern} within ${timeoutMs} ms; it shows:\n${plainText(output)}`),
          )
        }, timeoutMs)
        waiters.add(check)
        check()
      })
    },
    write(text) {
      child.stdin.write(text)
    },
  }
}
