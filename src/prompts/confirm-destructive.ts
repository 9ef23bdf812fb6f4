import {ExitCode} from '../lib/exit-codes.js'
import {SniError} from '../lib/sni-error.js'

export interface ConfirmOptions {
  app: string
  /** The value of --confirm, if given. */
  confirm?: string
  /** The command, for the message (`certs:remove`). */
  command: string
  /** Lines printed on stderr before the prompt (Heroku's warning text). */
  warning: string[]
  /** --json was given: never prompt. */
  json: boolean
  /** Writes a line to stderr. */
  warn: (line: string) => void
}

/**
 * Heroku's confirmation: `--confirm APP` must repeat the app name; without it, a terminal user types
 * the app name. Unlike Heroku (which exits 0 doing nothing when stdin is closed), a run with no
 * terminal and no --confirm fails with exit 9, so CI never mistakes a skipped change for success.
 */
export async function confirmDestructive(options: ConfirmOptions): Promise<void> {
  const {app} = options
  if (options.confirm !== undefined) {
    if (options.confirm === app) return
    throw new SniError(`Confirmation ${options.confirm} did not match ${app}. Aborted.`, {
      code: 'CONFIRMATION_MISMATCH',
      exit: ExitCode.confirmation,
      hint: `Pass --confirm ${app}; nothing was changed.`,
    })
  }

  const interactive = !options.json && process.stdin.isTTY === true && process.stderr.isTTY === true
  if (!interactive) {
    throw new SniError(`${options.command} needs confirmation and there is no terminal to ask; nothing was changed.`, {
      code: 'CONFIRMATION_REQUIRED',
      exit: ExitCode.confirmation,
      hint: `Re-run with --confirm ${app}.`,
    })
  }

  for (const line of options.warning) options.warn(` ›   Warning: ${line}`)
  const {default: input} = await import('@inquirer/input')
  const answer = await input({message: `To proceed, type ${app} or re-run this command with --confirm ${app}`}, {output: process.stderr})
  if (answer.trim() !== app) {
    throw new SniError(`Confirmation did not match ${app}. Aborted.`, {
      code: 'CONFIRMATION_MISMATCH',
      exit: ExitCode.confirmation,
      hint: 'Nothing was changed.',
    })
  }
}
