import {Command} from '@oclif/core/command'
import {CommandHelp} from '@oclif/core/help'
import {settings} from '@oclif/core/settings'
import {ux} from '@oclif/core/ux'

import {
  describeError,
  type ErrorJson,
  isDebugEnabled,
  isParseError,
  mapStrings,
  renderErrorText,
  toErrorJson,
} from './error-output.js'
import {cliCommand, setCliBin} from './lib/cli-command.js'
import {ExitCode} from './lib/exit-codes.js'
import {redactPrivateKeyBlocks, redactPrivateKeys} from './lib/x509/secret-pem.js'
import {interruptedError, interruptionAccount, isPromptInterruption, renderInterruption} from './lib/interruption.js'
import {type SniError, toSniError} from './lib/sni-error.js'
import {StepJournal} from './lib/step-journal.js'

export type {ErrorJson} from './error-output.js'

/**
 * Base of every sni command: `--json` on, our error type mapped to exit codes, one-line errors
 * without stack traces (unless DEBUG is set), and one interruption path: SIGINT, SIGTERM and
 * Ctrl-C at a prompt exit 130 with the account of what was done (from `journal`).
 */
export abstract class SniCommand extends Command {
  static override enableJsonFlag = true

  /** The steps this run has made, as it makes them; an interruption reports them (lib/step-journal.ts). */
  protected readonly journal = new StepJournal()

  protected override async init(): Promise<void> {
    await super.init()
    setCliBin(this.config.bin)
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
    const mapped = isPromptInterruption(err)
      ? interruptedError(this.journal.account())
      : describeError(err, {argv: this.argv, id: this.id ?? ''})
    // When parsing itself failed, oclif would also warn (in development) that the command never parsed.
    if (isParseError(err)) this.parsed = true
    process.exitCode = mapped.exit
    if (interruptionAccount(mapped)) {
      this.reportInterruption(mapped)
      return
    }

    // A running ux.action holds stdout back until it stops: without this the JSON error of a
    // failure inside an action (certs:info, domains:add, ...) would never be written.
    if (ux.action.running) ux.action.stop('!')
    if (this.jsonEnabled()) {
      this.logJson(toErrorJson(mapped))
      return
    }

    // Printed here rather than by oclif's handler, which hard-wraps at 80 columns (or the terminal's
    // width) and leaves trailing spaces: a hinted command copied from the terminal must stay whole.
    process.stderr.write(renderErrorText(mapped, {debug: isDebugEnabled(process.env, settings.debug), thrown: err}))
    if (isParseError(err)) this.showUsage()

    return this.exit(mapped.exit)
  }

  /** This command line as the user typed it, plus `extra` (`--confirm APP`): a hint they can paste to run it again. */
  protected rerunWith(...extra: string[]): string {
    return cliCommand(this.id ?? '', ...this.argv, ...extra)
  }

  /** The command and its arguments as the help shows them: `certs:inspect CRT [KEY]`. */
  protected synopsis(): string {
    const args = Object.entries(this.ctor.args ?? {}).map(([name, arg]) =>
      arg.required ? name.toUpperCase() : `[${name.toUpperCase()}]`,
    )
    return [this.id ?? '', ...args].join(' ')
  }

  /** After a parse error, as oclif and Heroku do: the command's usage and arguments (the hint names --help for the rest). */
  private showUsage(): void {
    const command = this.id ? this.config.findCommand(this.id) : undefined
    if (!command) return
    const usage = new CommandHelp(command, this.config, {
      maxWidth: process.stderr.isTTY ? process.stderr.columns : Number.MAX_SAFE_INTEGER,
      sections: ['usage', 'arguments'],
    }).generate()
    process.stderr.write(`\n${usage}\n`)
  }

  /**
   * Progress, notices and warnings go to stderr with or without --json (oclif drops them under
   * --json): --json keeps stdout for the JSON alone, and a script's log still shows the warnings.
   */
  override logToStderr(message = '', ...args: string[]): void {
    ux.stderr(redactPrivateKeys(message), ...args)
  }

  /** stdout carries certificates on purpose, so only whole private key blocks are taken out there. */
  override log(message = '', ...args: string[]): void {
    super.log(redactPrivateKeyBlocks(message), ...args)
  }

  /**
   * Plain `JSON.stringify` to stdout. oclif's default colourises JSON with regular expressions,
   * which takes about a second for a listing of 10,000 certificates; tools piping --json want
   * plain JSON anyway.
   */
  override logJson(json: unknown): void {
    let text = JSON.stringify(json, null, 2)
    // Never expected; if it happens, redact inside the strings so the output stays valid JSON.
    if (text.includes('PRIVATE KEY-----')) text = JSON.stringify(mapStrings(json, redactPrivateKeyBlocks), null, 2)
    process.stdout.write(`${text}\n`)
  }

  protected override toErrorJson(err: unknown): ErrorJson {
    return toErrorJson(toSniError(err))
  }

  /** An interruption's account: on stderr (✓ done, ? unknown, ✗ not done, commands to finish), or as the --json error. */
  protected reportInterruption(error: SniError): void {
    // A running ux.action holds output back until it stops.
    if (ux.action.running) ux.action.stop('interrupted')
    if (this.jsonEnabled()) this.logJson(this.toErrorJson(error))
    else
      process.stderr.write(
        `${redactPrivateKeys(renderInterruption(interruptionAccount(error) ?? this.journal.account()))}\n`,
      )
  }
}
