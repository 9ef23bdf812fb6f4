import type {Interfaces} from '@oclif/core'

import {SniCommand} from './base-command.js'
import {checkPlatformConfig, createPlatformClient, resolvePlatformKind} from './platform/create-platform-client.js'
import type {PlatformClient} from './platform/platform-client.js'
import {cliCommand, quoteForShell} from './lib/cli-command.js'

/** oclif's FlagOutput and ArgOutput (not exported by @oclif/core's Interfaces). */
type Output = Record<string, unknown>

/** Base of commands that talk to a platform: picks it (flag > SNI_PLATFORM > host CLI) and closes it afterwards. */
export abstract class PlatformCommand extends SniCommand {
  private client?: PlatformClient

  /** Right after parsing, before a command reads any file: the platform choice and its configuration (exit 2). */
  protected override async parse<F extends Output, B extends Output, A extends Output>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    const parsed = await super.parse(options, argv)
    const {platform} = parsed.flags as {platform?: string}
    await checkPlatformConfig(resolvePlatformKind({env: process.env, flag: platform, hostBin: this.config.bin}), process.env)
    return parsed
  }

  /** `-j` is --json on the commands that declare it (Heroku's domains and domains:add). */
  override jsonEnabled(): boolean {
    if (super.jsonEnabled()) return true
    const flags = this.ctor.flags as Record<string, {char?: string}> | undefined
    if (flags?.json?.char !== 'j') return false
    const end = this.argv.indexOf('--')
    return (end === -1 ? this.argv : this.argv.slice(0, end)).includes('-j')
  }

  /**
   * ` --app APP` for hints that must paste and run. Always given, also when the app came from
   * HEROKU_APP or the git remote (where Heroku prints none): the hint then runs anywhere, in another
   * directory or a CI step without that variable, and says which app it is about.
   */
  protected appArgument(app: string): string {
    return ` --app ${quoteForShell(app)}`
  }

  protected async platformClient(flags: {platform?: string}): Promise<PlatformClient> {
    const kind = resolvePlatformKind({env: process.env, flag: flags.platform, hostBin: this.config.bin})
    this.client = await createPlatformClient(kind, {env: process.env, onNotice: (message) => this.logToStderr(message)})
    return this.client
  }

  /**
   * One change on the platform as a journal step: if the run is interrupted while the request is in
   * flight, its account says that `what` may or may not have reached the platform and how to check
   * (`check`, the command and its arguments: printed as a complete, quoted command line of the
   * running CLI); once it is made, `done`.
   */
  protected async change<T>(platform: PlatformClient, step: {what: string; done: string; check: string[]}, run: () => Promise<T>): Promise<T> {
    const where = platform.kind === 'heroku' ? 'Heroku' : 'the local platform'
    const [id = '', ...words] = step.check
    const result = await this.journal.step(`${step.what} may or may not have reached ${where}; check with \`${cliCommand(id, ...words)}\``, run)
    this.journal.done(step.done)
    return result
  }

  protected override async finally(err: Error | undefined): Promise<unknown> {
    this.client?.close()
    return super.finally(err)
  }
}
