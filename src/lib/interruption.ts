import {ExitCode} from './exit-codes.js'
import {SniError} from './sni-error.js'
import {changedNothing, type InterruptionAccount} from './step-journal.js'

export const INTERRUPTED = 'INTERRUPTED'

/** Beyond this many, the commands to finish are summarised (a large --all-matching). */
const TO_FINISH_LIMIT = 20

/**
 * A clause as a list item; not capitalised, since many start with a hostname. Commands in it are in backticks,
 * so a full stop after them is never taken for part of the command.
 */
function item(clause: string): string {
  return /[.:]$/.test(clause) ? clause : `${clause}.`
}

/**
 * Ctrl-C at an @inquirer prompt: the prompt (in raw mode, so no SIGINT is raised) rejects with an
 * ExitPromptError, "User force closed the prompt with SIGINT"; a signal during a prompt does the same.
 */
export function isPromptInterruption(error: unknown): boolean {
  return error instanceof Error && error.name === 'ExitPromptError'
}

/** The one error of an interrupted run (exit 130): its message states what was done; details carry the account. */
export function interruptedError(account: InterruptionAccount): SniError {
  const facts = [...account.done, ...account.uncertain, ...account.notDone]
  const message = changedNothing(account) ? 'Interrupted; nothing was changed.' : `Interrupted; ${facts.join('; ')}.`
  const hint =
    account.toFinish.length > 0
      ? `To finish, run ${account.toFinish.map((command) => `\`${command}\``).join(', then ')}.`
      : undefined
  return new SniError(message, {code: INTERRUPTED, details: {interruption: account}, exit: ExitCode.interrupted, hint})
}

/** The account carried by an interruption error, if it is one. */
export function interruptionAccount(error: SniError): InterruptionAccount | undefined {
  if (error.code !== INTERRUPTED) return undefined
  const account = error.details?.interruption as InterruptionAccount | undefined
  return account ?? {done: [], notDone: [], toFinish: [], uncertain: []}
}

/**
 * What an interrupted run prints on stderr: `Interrupted.`, then each step done (✓), in flight (?)
 * and not done (✗), and the commands that finish the work; or that nothing was changed.
 */
export function renderInterruption(account: InterruptionAccount): string {
  if (changedNothing(account) && account.notDone.length === 0) return 'Interrupted. Nothing was changed.'
  const lines = [
    'Interrupted.',
    ...account.done.map((fact) => `  ✓ ${item(fact)}`),
    ...account.uncertain.map((fact) => `  ? ${item(fact)}`),
    ...account.notDone.map((fact) => `  ✗ ${item(fact)}`),
  ]
  if (changedNothing(account)) lines.push('Nothing was changed.')
  if (account.toFinish.length > 0) {
    const shown = account.toFinish.slice(0, TO_FINISH_LIMIT)
    const more = account.toFinish.length - shown.length
    lines.push(
      'To finish, run:',
      ...shown.map((command) => `  ${command}`),
      ...(more > 0 ? [`  ...and ${more} more (the same command for each remaining domain).`] : []),
    )
  }

  return lines.join('\n')
}
