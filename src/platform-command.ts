import type {Interfaces} from '@oclif/core'

import {SniCommand} from './base-command.js'
import type {PlatformKind} from './lib/models.js'
import {
  checkPlatformConfig,
  createLocalPlatformClient,
  createPlatformClient,
  resolvePlatformKind,
} from './platform/create-platform-client.js'
import type {LocalPlatformClient} from './platform/local/local-platform-client.js'
import type {PlatformClient} from './platform/platform-client.js'
import {cliCommand, quoteForShell} from './lib/cli-command.js'
import {type CheckedInputOptions, checkCertificateInput} from './lib/preflight/preflight-files.js'
import {createPassphrasePrompt} from './prompts/inquirer-prompts.js'

/** oclif's FlagOutput and ArgOutput (not exported by @oclif/core's Interfaces). */
type Output = Record<string, unknown>

/**
 * Base of commands that talk to a platform: decides which one once per run, right after parsing
 * (flag > SNI_PLATFORM > host CLI), hands that kind to whatever needs it (`platformKind`), builds the
 * client through the one factory and closes it afterwards.
 */
export abstract class PlatformCommand extends SniCommand {
  /** The platform of this run, decided in parse(). */
  protected platformKind!: PlatformKind
  private client?: PlatformClient

  /** Right after parsing, before a command reads any file: the platform choice and its configuration (exit 2). */
  protected override async parse<F extends Output, B extends Output, A extends Output>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    const parsed = await super.parse(options, argv)
    const {platform} = parsed.flags as {platform?: string}
    this.platformKind = resolvePlatformKind({env: process.env, flag: platform, hostBin: this.config.bin})
    await this.checkPlatform(this.platformKind)
    return parsed
  }

  /** Refuses a platform this command cannot use, or its configuration (exit 2), before any file is read. */
  protected async checkPlatform(kind: PlatformKind): Promise<void> {
    await checkPlatformConfig(kind, process.env)
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

  protected async platformClient(): Promise<PlatformClient> {
    this.client = await createPlatformClient(this.platformKind, {
      env: process.env,
      onNotice: (message) => this.logToStderr(message),
    })
    return this.client
  }

  /** The local platform itself (for the router), when platformKind is local. */
  protected async localPlatformClient(): Promise<LocalPlatformClient> {
    const client = await createLocalPlatformClient({env: process.env, onNotice: (message) => this.logToStderr(message)})
    this.client = client
    return client
  }

  /**
   * The pre-flight of `certs:add` and `certs:update`: CRT and KEY checked with the input flags (--ca,
   * --strict, --hostname, --at, --passphrase-file), findings on stderr, any error refused with exit 3
   * before the platform is contacted.
   */
  protected checkInputFiles(
    args: {crt: string; key: string},
    flags: Pick<CheckedInputOptions, 'at' | 'ca' | 'hostname' | 'strict'> & {'passphrase-file'?: string},
  ): ReturnType<typeof checkCertificateInput> {
    return checkCertificateInput({
      ...flags,
      crt: args.crt,
      env: process.env,
      key: args.key,
      passphraseFile: flags['passphrase-file'],
      prompt: createPassphrasePrompt(this.jsonEnabled()),
      report: (text) => this.logToStderr(text),
      usage: this.synopsis(),
    })
  }

  /**
   * One change on the platform as a journal step: if the run is interrupted while the request is in
   * flight, its account says that `what` may or may not have reached the platform and how to check
   * (`check`, the command and its arguments: printed as a complete, quoted command line of the
   * running CLI); once it is made, `done`.
   */
  protected async change<T>(
    platform: PlatformClient,
    step: {what: string; done: string; check: string[]},
    run: () => Promise<T>,
  ): Promise<T> {
    const where = platform.kind === 'heroku' ? 'Heroku' : 'the local platform'
    const [id = '', ...words] = step.check
    const result = await this.journal.step(
      `${step.what} may or may not have reached ${where}; check with \`${cliCommand(id, ...words)}\``,
      run,
    )
    this.journal.done(step.done)
    return result
  }

  protected override async finally(err: Error | undefined): Promise<unknown> {
    this.client?.close()
    return super.finally(err)
  }
}
