import {spawn, spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

import {recordPrintedCommands} from './hint-check.js'

/** `script` (util-linux) gives a child a pseudo-terminal; tests that need one skip without it. */
export const hasScript = spawnSync('script', ['--version']).status === 0

export interface TerminalRun {
  exitCode: number
  /** stdout and stderr as the terminal showed them, interleaved (CR LF line ends). */
  output: string
}

/**
 * Runs `sni ARGS` in a pseudo-terminal (stdin, stdout and stderr are all terminals) through bin/run.js
 * with NODE_ENV=test, as runSni does, and types each answer once its prompt has appeared. `env` is
 * merged over process.env (an undefined value removes the variable); CI is removed unless given.
 */
export async function runInTerminal(
  args: string[],
  options: {
    answers?: Array<[prompt: string, answer: string]>
    cwd: string
    env?: Record<string, string | undefined>
    timeoutMs?: number
  },
): Promise<TerminalRun> {
  const loader = fileURLToPath(import.meta.resolve('tsx'))
  const bin = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
  const command = [process.execPath, '--import', loader, bin, ...args]
    .map((a) => `'${a.replaceAll("'", String.raw`'\''`)}'`)
    .join(' ')
  const env: Record<string, string | undefined> = {
    ...process.env,
    CI: undefined,
    COLUMNS: '120',
    NODE_ENV: 'test',
    NO_COLOR: '1',
    ...options.env,
  }
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name]
  const child = spawn('script', ['-qfec', command, '/dev/null'], {cwd: options.cwd, env})
  const answers = [...(options.answers ?? [])]
  let output = ''
  let searchFrom = 0
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    const next = answers[0]
    const at = next ? output.indexOf(next[0], searchFrom) : -1
    if (next && at !== -1) {
      answers.shift()
      searchFrom = output.length
      child.stdin.write(`${next[1]}\r`)
    }
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000)
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)))
  clearTimeout(timer)
  recordPrintedCommands(args, [output.replaceAll('\r\n', '\n')])
  return {exitCode, output}
}
