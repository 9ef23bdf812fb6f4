import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {writeFile} from 'node:fs/promises'

import {SniCommand} from '../../base-command.js'
import {type NormalizedChain, normalizeChainFiles} from '../../lib/input/normalize-chain-files.js'
import {countErrors, renderFindings} from '../../lib/cert-lint/findings.js'
import {ExitCode} from '../../lib/exit-codes.js'
import {usageError} from '../../lib/sni-error.js'
import {createPassphraseProvider} from '../../lib/input/passphrase-provider.js'
import {assertOneStdinReader} from '../../lib/input/read-input-file.js'
import {createPassphrasePrompt} from '../../prompts/inquirer-prompts.js'

/** The `certs:chain --json` result: the ordered chain, its PEM and what was changed. */
export type CertsChainResult = NormalizedChain & {output?: string}

export default class CertsChain extends SniCommand {
  static override args = {
    files: Args.string({
      description: 'certificate files in any order and encoding (PEM, DER, PKCS#12)',
      ignoreStdin: true,
      required: true,
    }),
  }

  static override description = `Orders the certificates from the leaf up by issuer and signature, drops duplicates and the root (clients already have it), and prints the chain as PEM: the file to give certs:add. Says on stderr what it changed.
Exits 3 when a certificate belongs to no path from the leaf.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> intermediate.crt server.crt > chain.pem',
    '<%= config.bin %> <%= command.id %> bundle.pem --output chain.pem --include-root',
  ]

  static override flags = {
    'include-root': Flags.boolean({description: 'keep a self-signed root certificate at the end of the chain'}),
    output: Flags.string({char: 'o', description: 'write the chain to this file instead of stdout'}),
    'passphrase-file': Flags.string({description: 'file whose first line is the passphrase of a PKCS#12 bundle'}),
  }

  static override strict = false

  static override summary = 'print the ordered certificate chain of one or more files'

  static override usage = '<%= command.id %> FILE... [--output FILE] [--include-root] [--json]'

  async run(): Promise<CertsChainResult> {
    const {argv, flags} = await this.parse(CertsChain)
    assertOneStdinReader([
      ['FILE', argv as string[]],
      ['--passphrase-file', flags['passphrase-file']],
    ])
    const passphrase = createPassphraseProvider({
      env: process.env,
      passphraseFile: flags['passphrase-file'],
      prompt: createPassphrasePrompt(this.jsonEnabled()),
    })
    const chain = await normalizeChainFiles(argv as string[], {includeRoot: flags['include-root'], passphrase})
    if (chain.findings.length > 0) this.logToStderr(renderFindings(chain.findings))
    if (countErrors(chain.findings) > 0) {
      process.exitCode = ExitCode.inputRejected
      return {...chain, pem: ''}
    }

    if (flags.output) {
      await writeFile(flags.output, chain.pem).catch((error: NodeJS.ErrnoException) => {
        throw usageError(
          `--output: '${flags.output}' cannot be written (${error.code ?? 'unknown error'}).`,
          'FILE_WRITE_FAILED',
          'Check that the directory exists and that you may write to it.',
        )
      })
      this.logToStderr(`Wrote ${chain.certificates.length} certificate(s), leaf first, to ${flags.output}.`)
      return {...chain, output: flags.output}
    }

    if (!this.jsonEnabled()) process.stdout.write(chain.pem)
    return chain
  }
}
