import {Command} from '@oclif/core/command'
import {CommandHelp} from '@oclif/core/help'
import {settings} from '@oclif/core/settings'
import {ux} from '@oclif/core/ux'

import {describeError, type ErrorJson, isDebugEnabled, isParseError, mapStrings, renderErrorText, toErrorJson} from './error-output.js'
import {cliCommand, setCliBin} from './lib/cli-command.js'
import {ExitCode} from './lib/exit-codes.js'
import {redactPrivateKeyBlocks, redactPrivateKeys} from './lib/cert/secret-pem.js'
import {toSniError} from './lib/sni-error.js'

export type {ErrorJson} from './error-output.js'

/**
 * Base of every sni command: `--json` on, our error type mapped to exit codes, one-sentence
 * errors without stack traces (unless DEBUG is set), and exit 130 on Ctrl-C.
 */
export abstract class SniCommand extends Command {
  static override enableJsonFlag = true

  protected override async init(): Promise<void> {
    await super.init()
    setCliBin(this.config.bin)
    process.once('SIGINT', () => {
      process.stderr.write('\nInterrupted.\n')
      process.exit(ExitCode.interrupted)
    })
  }

  protected override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    const mapped = describeError(err, {argv: this.argv, id: this.id ?? ''})
    // When parsing itself failed, oclif would also warn (in development) that the command never parsed.
    if (isParseError(err)) this.parsed = true
    process.exitCode = mapped.exit
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
    const args = Object.entries(this.ctor.args ?? {}).map(([name, arg]) => (arg.required ? name.toUpperCase() : `[${name.toUpperCase()}]`))
    return [this.id ?? '', ...args].join(' ')
  }

  /** After a parse error, as oclif and Heroku do: the command's usage and arguments (the hint names --help for the rest). */
  private showUsage(): void {
    const command = this.id ? this.config.findCommand(this.id) : undefined
    if (!command) return
    const usage = new CommandHelp(command, this.config, {maxWidth: process.stderr.isTTY ? process.stderr.columns : Number.MAX_SAFE_INTEGER, sections: ['usage', 'arguments']}).generate()
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
}
