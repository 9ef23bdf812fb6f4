import * as Errors from '@oclif/core/errors'
import {Command} from '@oclif/core/command'
import {ux} from '@oclif/core/ux'

import {renderErrorText} from './lib/display/error-text.js'
import {ExitCode} from './lib/exit-codes.js'
import {interruptedError, interruptionAccount, isPromptInterruption, renderInterruption} from './lib/interruption.js'
import {type SniError, toSniError} from './lib/sni-error.js'
import {StepJournal} from './lib/step-journal.js'

/** The `--json` error shape every command prints on failure (stable; see README). */
export interface ErrorJson {
  error: {code: string; details?: Record<string, unknown>; exit: number; hint?: string; message: string}
}

function isCliError(err: unknown): err is Errors.CLIError {
  return err instanceof Error && 'oclif' in err && typeof (err as Errors.CLIError).oclif === 'object'
}

/**
 * Base of every sni command: `--json` on, our error type mapped to exit codes, one-sentence
 * errors without stack traces (unless DEBUG is set), and one interruption path: SIGINT, SIGTERM and
 * Ctrl-C at a prompt exit 130 with the account of what was done (from `journal`).
 */
export abstract class SniCommand extends Command {
  static override enableJsonFlag = true

  /** The steps this run has made, as it makes them; an interruption reports them (lib/step-journal.ts). */
  protected readonly journal = new StepJournal()

  protected override async init(): Promise<void> {
    await super.init()
    this.handleInterruptSignals()
  }

  /**
   * SIGINT (Ctrl-C) and SIGTERM: print what was done and exit 130 at once. A request in flight is
   * abandoned, and the account says that its outcome is unknown and how to check it.
   */
  protected handleInterruptSignals(): void {
    const onSignal = (): void => {
      this.reportInterruption(interruptedError(this.journal.account()))
      process.exit(ExitCode.interrupted)
    }

    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
  }

  protected override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    // Ctrl-C at a prompt rejects it (the terminal is in raw mode, so no SIGINT is raised).
    const mapped = toSniError(isPromptInterruption(err) ? interruptedError(this.journal.account()) : err)
    process.exitCode = mapped.exit
    if (interruptionAccount(mapped)) {
      this.reportInterruption(mapped)
      return
    }

    if (this.jsonEnabled()) {
      // A running ux.action holds stdout back until it stops: without this the JSON error of a
      // failure inside an action (certs:info, domains:add, ...) would never be written.
      if (ux.action.running) ux.action.stop('!')
      this.logJson(this.toErrorJson(mapped))
      return
    }

    if (isCliError(err)) return super.catch(err)
    return super.catch(
      new Errors.CLIError(renderErrorText(mapped), {exit: mapped.exit, suggestions: mapped.hint ? [mapped.hint] : undefined}),
    )
  }

  /**
   * Plain `JSON.stringify` to stdout. oclif's default colourises JSON with regular expressions,
   * which takes about a second for a listing of 10,000 certificates; tools piping --json want
   * plain JSON anyway.
   */
  override logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  }

  protected override toErrorJson(err: unknown): ErrorJson {
    const mapped = toSniError(err)
    const account = interruptionAccount(mapped)
    return {
      error: {
        code: mapped.code,
        ...(account ? {details: {...account}} : {}),
        exit: mapped.exit,
        ...(mapped.hint ? {hint: mapped.hint} : {}),
        message: mapped.message,
      },
    }
  }

  /** An interruption's account: on stderr (✓ done, ? unknown, ✗ not done, commands to finish), or as the --json error. */
  protected reportInterruption(error: SniError): void {
    // A running ux.action holds output back until it stops.
    if (ux.action.running) ux.action.stop('interrupted')
    if (this.jsonEnabled()) this.logJson(this.toErrorJson(error))
    else process.stderr.write(`${renderInterruption(interruptionAccount(error) ?? this.journal.account())}\n`)
  }
}
