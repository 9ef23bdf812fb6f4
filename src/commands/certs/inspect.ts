import * as Args from '@oclif/core/args'

import {SniCommand} from '../../base-command.js'
import {inputFlags} from '../../flags/input-flags.js'
import {createPassphraseProvider} from '../../lib/input/passphrase-provider.js'
import {assertOneStdinReader} from '../../lib/input/read-input-file.js'
import {countErrors, renderFindings} from '../../lib/cert-lint/findings.js'
import {type PreflightReport, renderPreflightReport, toPreflightReport} from '../../lib/display/preflight-report.js'
import {ExitCode} from '../../lib/exit-codes.js'
import {preflightFiles, readJudgementFlags} from '../../lib/preflight/preflight-files.js'
import {createPassphrasePrompt} from '../../prompts/inquirer-prompts.js'

export default class CertsInspect extends SniCommand {
  static override args = {
    crt: Args.string({description: 'certificate or chain file (PEM, DER or PKCS#12), or - for stdin', ignoreStdin: true, required: true}),
    key: Args.string({description: 'private key file; checked against the certificate when given', ignoreStdin: true}),
  }

  static override description = `Runs exactly the checks that certs:add runs, without sending anything anywhere, and prints the certificate details, the ordered chain, whether it reaches a trusted root, and every finding.
Then it states one verdict: would a browser accept this chain for the --hostname names at the --at time (default now)? The path is validated as browsers and strict TLS libraries do (RFC 5280 and the CA/Browser Forum rules); the verdict does not change the exit code.
Exits 3 when certs:add would refuse the input, 0 otherwise (warnings go to stderr).`

  static override examples = [
    '<%= config.bin %> <%= command.id %> server.crt server.key',
    '<%= config.bin %> <%= command.id %> bundle.p12 --passphrase-file pass.txt --json',
    '<%= config.bin %> <%= command.id %> server.crt --hostname www.example.com --hostname example.com --at 2026-12-01',
  ]

  static override flags = {...inputFlags}

  static override summary = 'check a certificate, its chain and key locally, as certs:add would'

  async run(): Promise<PreflightReport> {
    const {args, flags} = await this.parse(CertsInspect)
    assertOneStdinReader([['CRT', args.crt], ['KEY', args.key], ['--ca', flags.ca], ['--passphrase-file', flags['passphrase-file']]])
    const judgement = await readJudgementFlags(flags)
    const passphrase = createPassphraseProvider({env: process.env, passphraseFile: flags['passphrase-file'], prompt: createPassphrasePrompt(this.jsonEnabled())})
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
      this.logToStderr(`certs:add would refuse this input: ${errors} error${errors === 1 ? '' : 's'} above; nothing was sent.`)
      process.exitCode = ExitCode.inputRejected
    }

    return report
  }
}
