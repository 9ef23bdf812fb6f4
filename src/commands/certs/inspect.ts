import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {SniCommand} from '../../base-command.js'
import {renderErrorText, toErrorJson} from '../../error-output.js'
import {inputFlags} from '../../flags/input-flags.js'
import {countErrors, renderFindings} from '../../lib/cert-lint/findings.js'
import {type PreflightReport, renderPreflightReport, toPreflightReport} from '../../lib/display/preflight-report.js'
import {type InspectEachFile, type InspectEachResult, renderInspectEachLine} from '../../lib/display/inspect-each.js'
import {ExitCode} from '../../lib/exit-codes.js'
import {preflightFiles, readCaFiles, readPreflightFlags} from '../../lib/preflight/preflight-files.js'
import {SniError, usageError} from '../../lib/sni-error.js'
import {createPassphrasePrompt} from '../../prompts/inquirer-prompts.js'

export default class CertsInspect extends SniCommand {
  static override args = {
    crt: Args.string({
      description: 'certificate or chain file (PEM, DER or PKCS#12), or - for stdin',
      ignoreStdin: true,
      required: true,
    }),
    key: Args.string({description: 'private key file; checked against the certificate when given', ignoreStdin: true}),
  }

  static override description = `Runs exactly the checks that certs:add runs, without sending anything anywhere, and prints the certificate details, the ordered chain, whether it reaches a trusted root, and every finding.
Then it states one verdict: would a browser accept this chain for the --hostname names at the --at time (default now)? The path is validated as browsers and strict TLS libraries do (RFC 5280 and the CA/Browser Forum rules); the verdict does not change the exit code.
Exits 3 when certs:add would refuse the input, 0 otherwise (warnings go to stderr).
--each checks every argument as a certificate or chain file on its own, in one run (a CI loop over a directory pays start-up once): one line per file on stdout, the findings on stderr, exit 3 if certs:add would refuse any of them. A key is checked when it is inside the file (PEM with the key, PKCS#12); separate key files need one run per pair, since nothing would say which key goes with which certificate.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> server.crt server.key',
    '<%= config.bin %> <%= command.id %> bundle.p12 --passphrase-file pass.txt --json',
    '<%= config.bin %> <%= command.id %> server.crt --hostname www.example.com --hostname example.com --at 2026-12-01',
    '<%= config.bin %> <%= command.id %> certs/*.pem --each --at 2026-12-01 --json',
  ]

  static override flags = {
    ...inputFlags,
    each: Flags.boolean({
      description:
        'check every argument as a certificate or chain file on its own (CRT... instead of CRT [KEY]): one verdict per file',
    }),
  }

  // Any number of files with --each; without it, run() refuses more than CRT and KEY as oclif would.
  static override strict = false

  static override usage = [
    '<%= command.id %> CRT [KEY] [--hostname NAME...] [--at TIME] [--ca FILE...] [--strict] [--json]',
    '<%= command.id %> FILE... --each [--hostname NAME...] [--at TIME] [--ca FILE...] [--strict] [--json]',
  ]

  static override summary = 'check a certificate, its chain and key locally, as certs:add would'

  async run(): Promise<InspectEachResult | PreflightReport> {
    const {args, argv, flags} = await this.parse(CertsInspect)
    const files = argv as string[]
    // Not strict: oclif leaves unknown flags among the arguments, so they are refused here.
    const unknownFlag = files.find((arg) => arg.startsWith('-') && arg !== '-')
    if (unknownFlag)
      throw usageError(
        `Nonexistent flag: ${unknownFlag}`,
        'USAGE',
        `See \`${this.config.bin} ${this.id} --help\` for its flags.`,
      )
    if (flags.each) return this.inspectEach(files, flags)
    if (files.length > 2) {
      throw usageError(
        `Unexpected argument: ${files[2]}; usage: ${this.synopsis()}`,
        'USAGE',
        'To check several certificate files, each on its own, add --each.',
      )
    }

    const {judgement, passphrase} = await readPreflightFlags({
      ...flags,
      env: process.env,
      files: [
        ['CRT', args.crt],
        ['KEY', args.key],
      ],
      passphraseFile: flags['passphrase-file'],
      prompt: createPassphrasePrompt(this.jsonEnabled()),
    })
    const result = await preflightFiles({
      caPaths: flags.ca,
      certificatePath: args.crt,
      keyPath: args.key,
      passphrase,
      strict: flags.strict,
      usage: this.synopsis(),
      ...judgement,
    })
    const report = toPreflightReport(result)
    this.log(renderPreflightReport(report))
    if (report.findings.length > 0) this.logToStderr(renderFindings(report.findings))
    const errors = countErrors(report.findings)
    if (errors > 0) {
      this.logToStderr(
        `certs:add would refuse this input: ${errors} error${errors === 1 ? '' : 's'} above; nothing was sent.`,
      )
      process.exitCode = ExitCode.inputRejected
    }

    return report
  }

  /**
   * --each: every argument is a certificate or chain file judged on its own with the same flags. A
   * file that cannot be read or decoded is that file's refusal (its error in the result), not the
   * end of the run; anything else (a usage error, an interruption) still stops the run.
   */
  private async inspectEach(
    files: string[],
    flags: Record<string, unknown> & {ca?: string[]; 'passphrase-file'?: string; strict: boolean},
  ): Promise<InspectEachResult> {
    if (files.length === 0)
      throw usageError(
        '--each needs at least one certificate file.',
        'USAGE',
        `Example: \`${this.config.bin} ${this.id} certs/*.pem --each\`.`,
      )
    const {judgement, passphrase} = await readPreflightFlags({
      ...(flags as {at?: string; hostname?: string[]}),
      ca: flags.ca,
      env: process.env,
      files: files.map((file, i): [string, string] => [`FILE ${i + 1}`, file]),
      passphraseFile: flags['passphrase-file'],
      prompt: createPassphrasePrompt(this.jsonEnabled()),
    })
    // Read once for every file (stdin, too, can be read only once); unreadable, it ends the run.
    const ca = await readCaFiles(flags.ca)
    const results: InspectEachFile[] = []
    for (const file of files) {
      try {
        const result = await preflightFiles({
          ca,
          certificatePath: file,
          passphrase,
          strict: flags.strict,
          usage: `${this.id} FILE... --each`,
          ...judgement,
        })
        const report = toPreflightReport(result)
        results.push({file, ok: countErrors(report.findings) === 0, report})
        if (report.findings.length > 0) this.logToStderr(renderFindings(report.findings))
      } catch (error) {
        if (!(error instanceof SniError) || error.exit !== ExitCode.inputRejected) throw error
        results.push({file, ok: false, error: toErrorJson(error).error})
        this.logToStderr(renderErrorText(error, {debug: false}).trimEnd())
      }

      this.log(renderInspectEachLine(results.at(-1) as InspectEachFile))
    }

    const refused = results.filter((r) => !r.ok).length
    if (refused > 0) {
      this.logToStderr(
        `certs:add would refuse ${refused} of ${results.length} file${results.length === 1 ? '' : 's'}; nothing was sent.`,
      )
      process.exitCode = ExitCode.inputRejected
    }

    return {files: results, ok: refused === 0, refused}
  }
}
