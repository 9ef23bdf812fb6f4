import * as Errors from '@oclif/core/errors'
import {Command} from '@oclif/core/command'
import {ux} from '@oclif/core/ux'

import {renderErrorText} from './lib/display/error-text.js'
import {ExitCode} from './lib/exit-codes.js'
import {toSniError} from './lib/sni-error.js'

/** The `--json` error shape every command prints on failure (stable; see README). */
export interface ErrorJson {
  error: {code: string; exit: number; hint?: string; message: string}
}

function isCliError(err: unknown): err is Errors.CLIError {
  return err instanceof Error && 'oclif' in err && typeof (err as Errors.CLIError).oclif === 'object'
}

/**
 * Base of every sni command: `--json` on, our error type mapped to exit codes, one-sentence
 * errors without stack traces (unless DEBUG is set), and exit 130 on Ctrl-C.
 */
export abstract class SniCommand extends Command {
  static override enableJsonFlag = true

  protected override async init(): Promise<void> {
    await super.init()
    process.once('SIGINT', () => {
      process.stderr.write('\nInterrupted.\n')
      process.exit(ExitCode.interrupted)
    })
  }

  protected override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    const mapped = toSniError(err)
    process.exitCode = mapped.exit
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
    return {error: {code: mapped.code, exit: mapped.exit, ...(mapped.hint ? {hint: mapped.hint} : {}), message: mapped.message}}
  }
}
