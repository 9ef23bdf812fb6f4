import {ExitCode} from '../lib/exit-codes.js'
import {SniError} from '../lib/sni-error.js'
import {whyNoPrompt} from './may-prompt.js'

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
  /** The command line to run again with --confirm APP (the command and its arguments as given), for the hint. */
  rerun?: string
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

  const noPrompt = whyNoPrompt({json: options.json})
  if (noPrompt) {
    throw new SniError(`${options.command} needs confirmation and ${noPrompt}; nothing was changed.`, {
      code: 'CONFIRMATION_REQUIRED',
      exit: ExitCode.confirmation,
      hint: options.rerun ? `Re-run with --confirm ${app}: \`${options.rerun}\`` : `Re-run with --confirm ${app}.`,
    })
  }

  for (const line of options.warning) options.warn(` ›   Warning: ${line}`)
  const {default: input} = await import('@inquirer/input')
  // inquirer marks every submitted answer with a green check; the mark belongs to a matching answer only.
  const answer = await input(
    {
      message: `To proceed, type ${app} or re-run this command with --confirm ${app}`,
      theme: {prefix: {done: '?'}},
      transformer: (value, {isFinal}) =>
        isFinal ? `${value} ${value.trim() === app ? '✓' : `✗ (not ${app})`}` : value,
    },
    {output: process.stderr},
  )
  if (answer.trim() !== app) {
    throw new SniError(`Confirmation did not match ${app}. Aborted.`, {
      code: 'CONFIRMATION_MISMATCH',
      exit: ExitCode.confirmation,
      hint: 'Nothing was changed.',
    })
  }
}
