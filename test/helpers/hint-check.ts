import {type Command, Config} from '@oclif/core'
import * as Flags from '@oclif/core/flags'
import {parse} from '@oclif/core/parser'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

/**
 * Every command line sni prints for the user to paste (hints, "next, run", resume commands, help
 * examples) must be accepted by sni's own parser. runSni records each run's output here; a root
 * hook (setup.ts) checks them all once the suite has run. Commands are found by the conventions of
 * src/lib/cli-command.ts: in a sentence a command is in backticks; on a line of its own it stands
 * alone (after `$ `, indentation or `resume with: `); in JSON it is a string value. A mention of
 * `sni <command>` in any other form is reported too, since nobody could copy it reliably.
 */

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const BIN = 'sni'
const TOPICS = '(?:certs|domains|router|help)'
/** `sni certs...` anywhere in a text. */
const MENTION = new RegExp(String.raw`\b${BIN} ${TOPICS}(?::[a-z:]+)?\b`, 'g')
const BACKTICKED = new RegExp(String.raw`\x60(${BIN} ${TOPICS}[^\x60]*)\x60`, 'g')
const ON_ITS_OWN = new RegExp(String.raw`^[ \t]*(?:\$ |resume with: )?(${BIN} ${TOPICS}(?::[a-z:]+)?(?: .*)?)$`, 'gm')
/**
 * Upper-case words that stand for a value sni cannot know when it prints the command: the files of
 * a certificate not yet added (CRT, KEY, CERTFILE for a CSR's future certificate), the app of a
 * freshly generated certificate (APP), a domain on an app that has none (HOSTNAME), the external
 * account binding key id a CA hands out (KID, in certs:auto:enable's example). Never NAME: an
 * endpoint's name is always known when a hint mentions one.
 */
const PLACEHOLDERS = new Set(['APP', 'CERTFILE', 'CRT', 'HOSTNAME', 'KEY', 'KID'])

interface Printed {
  command: string
  /** The sni command line whose output printed it. */
  origin: string
}

interface Registry {
  printed: Map<string, Printed>
  unextractable: Map<string, Printed>
}

// On globalThis: mocha loads setup.ts (which checks) through tsx's CommonJS hook and the test files
// (which record, through run-sni.ts) as ES modules, so this module exists twice in the process.
const REGISTRY = Symbol.for('sni.test.printed-commands')
const registry: Registry = ((globalThis as Record<symbol, Registry | undefined>)[REGISTRY] ??= {
  printed: new Map(),
  unextractable: new Map(),
})
const {printed, unextractable} = registry

function jsonStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap((v) => jsonStrings(v))
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap((v) => jsonStrings(v))
  return []
}

/** The command lines a text offers: JSON string values are searched one by one. */
export function extractCommands(text: string): {commands: string[]; stray: string[]} {
  let texts = [text]
  try {
    texts = jsonStrings(JSON.parse(text))
  } catch {
    // not JSON: the text itself
  }

  const commands: string[] = []
  const stray: string[] = []
  for (const t of texts) {
    let rest = t
    for (const pattern of [BACKTICKED, ON_ITS_OWN]) {
      // A usage synopsis (`sni certs:add CRT KEY -a <value> [--json]`) describes; it is not a command to paste.
      for (const match of rest.matchAll(pattern))
        if (!/<value>|\[-/.test(match[1] ?? '')) commands.push((match[1] ?? '').trim())
      rest = rest.replace(pattern, '')
    }

    stray.push(...[...rest.matchAll(MENTION)].map((m) => m[0]))
  }

  return {commands, stray}
}

/** Called by runSni with each run's stdout and stderr. */
export function recordPrintedCommands(args: string[], texts: string[]): void {
  const origin = `sni ${args.join(' ')}`
  for (const text of texts) {
    const {commands, stray} = extractCommands(text)
    for (const command of commands) if (!printed.has(command)) printed.set(command, {command, origin})
    for (const mention of stray)
      unextractable.set(`${mention} (in the output of ${origin})`, {command: mention, origin})
  }
}

/** Words as a POSIX shell splits them: single and double quotes, backslash escapes. */
export function shellWords(line: string): string[] {
  const words: string[] = []
  let word: string | undefined
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string
    if (ch === "'") {
      const end = line.indexOf("'", i + 1)
      if (end === -1) throw new Error(`unterminated ' in: ${line}`)
      word = (word ?? '') + line.slice(i + 1, end)
      i = end
    } else if (ch === '"') {
      let j = i + 1
      let text = ''
      for (; j < line.length && line[j] !== '"'; j++)
        text += line[j] === '\\' && /["\\$`]/.test(line[j + 1] ?? '') ? (line[++j] as string) : line[j]
      if (j >= line.length) throw new Error(`unterminated " in: ${line}`)
      word = (word ?? '') + text
      i = j
    } else if (ch === '\\') {
      word = (word ?? '') + (line[++i] ?? '')
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else {
      word = (word ?? '') + ch
    }
  }

  if (word !== undefined) words.push(word)
  return words
}

async function checkCommand(
  config: Config,
  loaded: Map<string, Command.Class>,
  line: string,
): Promise<string | undefined> {
  let words: string[]
  try {
    words = shellWords(line)
  } catch (error) {
    return (error as Error).message
  }

  // A trailing `&` (run in the background) is the shell's, not sni's (`sni router:start --port 8443 &`).
  if (words.at(-1) === '&') words = words.slice(0, -1)
  // A trailing output redirection is the shell's, not sni's (`sni domains --app shop --csv > shop-domains.csv`).
  const redirect = words.length - 2
  if (redirect > 1 && (words[redirect] === '>' || words[redirect] === '>>')) words = words.slice(0, redirect)
  const [bin, id, ...argv] = words
  if (bin !== BIN || id === undefined) return 'does not start with sni and a command'
  if (id === 'help')
    return argv.every((a) => config.findCommand(a) || config.findTopic(a)) ? undefined : 'help for an unknown command'
  const found = config.findCommand(id)
  if (!found) return `unknown command ${id}`
  if (argv.includes('--help') || argv.includes('-h')) return undefined
  const placeholders = argv.filter((w) => /^[A-Z][A-Z_]{2,}$/.test(w) && !PLACEHOLDERS.has(w))
  if (placeholders.length > 0)
    return `placeholder${placeholders.length === 1 ? '' : 's'} ${placeholders.join(', ')} where sni knows the value`
  let command = loaded.get(id)
  if (!command) {
    command = await found.load()
    loaded.set(id, command)
  }

  try {
    await parse(argv, {
      args: command.args ?? {},
      context: undefined,
      flags: {...command.baseFlags, ...command.flags, ...(command.enableJsonFlag ? {json: Flags.boolean()} : {})},
      strict: command.strict ?? true,
    })
    return undefined
  } catch (error) {
    return `rejected by the parser: ${(error as Error).message.split('\n')[0]}`
  }
}

/** oclif's Config and the command classes, loaded on the first check (the root hook may check after every file). */
let config: Promise<Config> | undefined
const loadedCommands = new Map<string, Command.Class>()

/** The problem with each command line that sni's parser refuses, as `\`line\`: problem`; [] when all parse. */
export async function checkCommandLines(lines: Array<{command: string; origin?: string}>): Promise<string[]> {
  const problems: string[] = []
  if (lines.length === 0) return problems
  const nodeEnv = process.env.NODE_ENV
  const app = process.env.HEROKU_APP
  process.env.NODE_ENV = 'test' // oclif loads src/ through tsx
  delete process.env.HEROKU_APP // --app must be in the command itself
  try {
    config ??= Config.load(root)
    const loaded = await config
    for (const {command, origin} of lines) {
      const problem = await checkCommand(loaded, loadedCommands, command)
      if (problem) problems.push(`\`${command}\`${origin ? ` (printed by \`${origin}\`)` : ''}: ${problem}`)
    }
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
    if (app !== undefined) process.env.HEROKU_APP = app
  }

  return problems
}

/**
 * Every command recorded since the last check that sni's parser refuses, or that nobody could copy;
 * [] when all are fine. The check takes what it checks out of the record (in parallel mode the root
 * hook runs after each file, in each worker).
 */
export async function checkPrintedCommands(): Promise<string[]> {
  const stray = [...unextractable.keys()].map(
    (m) => `${m}: a command mentioned in a form that cannot be copied; put it in backticks or on its own line`,
  )
  const lines = [...printed.values()]
  unextractable.clear()
  printed.clear()
  return [...stray, ...(await checkCommandLines(lines))]
}

/** How many distinct commands were recorded (the check's own test makes sure it saw some). */
export function printedCommandCount(): number {
  return printed.size
}
