import {neutralizeForTerminal} from './lib/display-text.js'
import {redactPrivateKeys} from './lib/x509/secret-pem.js'
import {renderErrorText as renderMessageWithErrorId} from './lib/display/error-text.js'
import {ExitCode, type ExitCodeValue} from './lib/exit-codes.js'
import {cliCommand} from './lib/cli-command.js'
import {interruptionAccount} from './lib/interruption.js'
import {isOclifError, SniError, toSniError} from './lib/sni-error.js'

/** The `--json` error shape every command prints on failure (stable; schemas/error.json). */
export interface ErrorJson {
  error: {code: string; details?: Record<string, unknown>; exit: number; hint?: string; message: string}
}

/** Every string in a JSON-like value, mapped. */
export function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value)
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, map))
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, map)]))
  return value
}

/**
 * `{error: {code, exit, message, hint?, details?}}`: details carry what caused the failure (the
 * findings of a refused input, the API request id...; for an interruption, its account: done,
 * uncertain, notDone, toFinish). Private key material is redacted from every string (an API message
 * may echo the uploaded key).
 */
export function toErrorJson(error: SniError): ErrorJson {
  const account = interruptionAccount(error)
  const facts: Record<string, unknown> | undefined = account ? {...account} : error.details
  const details =
    facts && Object.keys(facts).length > 0
      ? {details: mapStrings(facts, redactPrivateKeys) as Record<string, unknown>}
      : {}
  const hint = error.hint ? {hint: redactPrivateKeys(error.hint)} : {}
  return {error: {code: error.code, ...details, exit: error.exit, ...hint, message: redactPrivateKeys(error.message)}}
}

/** `DEBUG` set to anything (the hints say "run again with DEBUG=*"), or oclif's own SNI_DEBUG. */
export function isDebugEnabled(env: NodeJS.ProcessEnv, oclifDebug = false): boolean {
  return oclifDebug || (env.DEBUG ?? '') !== ''
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g

/** The stack of the error as thrown and of each cause, for DEBUG only (never an error's own properties). */
function describeCauses(error: unknown): string[] {
  const lines: string[] = []
  let current: unknown = error
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    lines.push(`${depth === 0 ? '' : 'Caused by: '}${current.stack ?? `${current.name}: ${current.message}`}`)
    current = current.cause
  }

  return lines
}

/**
 * The error on stderr: oclif's layout (` ›   Error: ...`, ` ›   Try this: ...`) but never wrapped, so
 * a message or a hinted command copied from a terminal stays one line and no line ends in spaces.
 * A platform error id follows the message as Heroku's CLI shows it (` ›`, ` ›   Error ID: not_found`).
 * Control and bidi characters are escaped. Under DEBUG the original error's stack and its causes follow.
 */
export function renderErrorText(error: SniError, options: {debug: boolean; thrown?: unknown}): string {
  // Messages echo arguments and API text; whatever was not escaped where it was built is escaped here.
  const lines = [`Error: ${renderMessageWithErrorId(error)}`, ...(error.hint ? [`Try this: ${error.hint}`] : [])]
    .flatMap((text) => neutralizeForTerminal(text).split('\n'))
    .map((line) => (line.trim() === '' ? ' ›' : ` ›   ${line.trimEnd()}`))
  if (options.debug) lines.push(...describeCauses(options.thrown ?? error))
  return redactPrivateKeys(`${lines.join('\n')}\n`)
}

/** What oclif's parser errors carry (RequiredArgsError, NonExistentFlagsError, FailedFlagValidationError...). */
interface ParseErrorLike extends Error {
  args?: Array<{description?: string; name?: string}> | string[]
  flags?: string[]
  oclif?: {exit?: number | false}
  parse?: unknown
}

/** An error thrown by oclif's flag and argument parser (they all carry the parse state). */
export function isParseError(error: unknown): error is ParseErrorLike {
  return isOclifError(error) && 'parse' in error
}

/** The flags oclif's "Note: --a, --b allow multiple values" names, when the user used one of them. */
function multipleValueNote(message: string, argv: string[]): string | undefined {
  const note = /\n\nNote: (.+?) allows? multiple values\./.exec(message)
  if (!note?.[1]) return undefined
  const named = note[1].split(', ')
  const used = named.filter((flag) => argv.some((arg) => arg === flag || arg.startsWith(`${flag}=`)))
  if (used.length === 0) return undefined
  return `${used.join(', ')} take${used.length === 1 ? 's' : ''} several values, so give the arguments before ${used.length === 1 ? 'it' : 'them'} (or put -- before the arguments).`
}

/**
 * oclif's parse errors as one sentence and a hint: no multi-line lists, no "See more help" line,
 * and the multiple-values note only when the flag it is about was used. Exit 2.
 */
export function describeParseError(error: ParseErrorLike, context: {argv: string[]; id: string}): SniError {
  const raw = error.message.replace(ANSI, '').replace(/\nSee more help with --help$/, '')
  let message: string
  if (
    /^Missing \d+ required args?/.test(raw) &&
    Array.isArray(error.args) &&
    error.args.every((a) => typeof a === 'object')
  ) {
    const args = error.args as Array<{description?: string; name?: string}>
    const list = args.map((a) => `${(a.name ?? '').toUpperCase()}${a.description ? `, ${a.description}` : ''}`)
    message = `Missing ${args.length} required argument${args.length === 1 ? '' : 's'}: ${list.join('; ')}.`
  } else {
    // "The following error occurred:\n  Missing required flag app" and other multi-line texts.
    const body = raw.replace(/^The following errors? occurred:\s*/, '').replace(/\n\nNote: [\s\S]*$/, '')
    message = body
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .join('; ')
    if (!/[.!?]$/.test(message)) message += '.'
  }

  const note = multipleValueNote(raw, context.argv)
  const help = `See \`${cliCommand(context.id, '--help')}\`.`
  const exit = (typeof error.oclif?.exit === 'number' ? error.oclif.exit : ExitCode.usage) as ExitCodeValue
  return new SniError(message, {code: 'USAGE', exit, hint: note ? `${note} ${help}` : help})
}

/** oclif's wrapping of an error thrown by a flag's own parse function (it rewrites the message in place). */
const FLAG_PARSE = /^Parsing --([\w-]+) \n\t([\s\S]*?)(?:\nSee more help with --help)?$/

/**
 * A flag value its parser refused (`--dir` naming no directory, a custom flag's own check): a
 * usage error naming the flag (exit 2), never "Unexpected error" (exit 1). An SniError thrown by the
 * flag keeps its code and exit; only oclif's rewording of its message is undone.
 */
function describeFlagParseError(error: Error, context: {id: string}): SniError | undefined {
  const match = FLAG_PARSE.exec(error.message)
  if (!match) return undefined
  const [, flag, inner = ''] = match
  const message = inner.trim()
  if (error instanceof SniError) {
    return new SniError(message, {code: error.code, details: error.details, exit: error.exit, hint: error.hint})
  }

  return new SniError(`--${flag}: ${message.replace(/\.?$/, '.')}`, {
    code: 'USAGE',
    exit: ExitCode.usage,
    hint: `See \`${cliCommand(context.id, '--help')}\`.`,
  })
}

/** Any thrown value as our error, parse errors reworded (see describeParseError). */
export function describeError(error: unknown, context: {argv: string[]; id: string}): SniError {
  const flagError = error instanceof Error ? describeFlagParseError(error, context) : undefined
  if (flagError) return flagError
  return isParseError(error) && !(error instanceof SniError) ? describeParseError(error, context) : toSniError(error)
}
