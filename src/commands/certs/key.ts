import * as Args from '@oclif/core/args'

import {SniCommand} from '../../base-command.js'
import {findMatchingKey, type KeySearchResult} from '../../lib/input/find-matching-key.js'
import {ExitCode} from '../../lib/exit-codes.js'
import {createPassphraseProvider} from '../../lib/input/passphrase-provider.js'
import {assertOneStdinReader} from '../../lib/input/read-input-file.js'
import {SniError} from '../../lib/sni-error.js'
import {createPassphrasePrompt} from '../../prompts/inquirer-prompts.js'
import {inputFlags} from '../../flags/input-flags.js'

export default class CertsKey extends SniCommand {
  static override args = {
    crt: Args.string({description: 'certificate file', ignoreStdin: true, required: true}),
    keys: Args.string({description: 'candidate private key files', ignoreStdin: true, required: true}),
  }

  static override description =
    'Prints the path of the key file that belongs to the certificate (never the key itself). Exits 3 when none matches.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> server.crt *.key',
    '<%= config.bin %> <%= command.id %> server.crt old.key new.key --json',
  ]

  static override flags = {'passphrase-file': inputFlags['passphrase-file']}

  static override strict = false

  static override summary = 'find the private key file that matches a certificate'

  static override usage = '<%= command.id %> CRT KEYFILE... [--passphrase-file FILE] [--json]'

  async run(): Promise<KeySearchResult> {
    const {argv, flags} = await this.parse(CertsKey)
    const [crt, ...keyFiles] = argv as string[]
    assertOneStdinReader([
      ['CRT', crt],
      ['KEYFILE', keyFiles],
      ['--passphrase-file', flags['passphrase-file']],
    ])
    const passphrase = createPassphraseProvider({
      env: process.env,
      passphraseFile: flags['passphrase-file'],
      prompt: createPassphrasePrompt(this.jsonEnabled()),
    })
    const result = await findMatchingKey(crt as string, keyFiles, passphrase)
    for (const c of result.checked) if (c.error) this.logToStderr(`Warning: ${c.error}`)
    if (result.match) {
      this.log(result.match)
      return result
    }

    if (this.jsonEnabled()) {
      process.exitCode = ExitCode.inputRejected
      return result
    }

    throw new SniError(`None of ${keyFiles.join(', ')} holds the private key of ${crt}.`, {
      code: 'KEY_NOT_FOUND',
      exit: ExitCode.inputRejected,
      hint: `Look for the key generated with the CSR for ${result.certificate.commonName ?? 'this certificate'}.`,
    })
  }
}
