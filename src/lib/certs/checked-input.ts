import {renderFindings} from '../display/findings.js'
import {createPassphraseProvider} from '../input/passphrase-provider.js'
import {assertOneStdinReader} from '../input/stdin-use.js'
import type {PreflightResult} from '../preflight/run-preflight.js'
import {preflightFiles, readJudgementFlags} from '../preflight/preflight-files.js'
import {cliCommand} from '../cli-command.js'
import {inputError} from '../sni-error.js'

export interface CheckedInputOptions {
  crt: string
  key: string
  ca?: string[]
  /** Where SNI_KEY_PASSPHRASE is read from (the command passes process.env). */
  env: NodeJS.ProcessEnv
  passphraseFile?: string
  strict?: boolean
  /** `--hostname`: names the certificate must cover. */
  hostname?: string[]
  /** `--at`: judge at this ISO 8601 time instead of now. */
  at?: string
  prompt?: (message: string) => Promise<string>
  /** Receives the rendered findings (warnings and errors), for stderr. */
  report: (text: string) => void
  /** The running command's synopsis (`certs:update CRT KEY`), for messages about swapped arguments. */
  usage?: string
}

/**
 * The pre-flight of `certs:add` and `certs:update`: every check runs locally, findings are
 * reported, and any error refuses the input (exit 3) before the platform is contacted.
 */
export async function checkCertificateInput(options: CheckedInputOptions): Promise<PreflightResult & {key: NonNullable<PreflightResult['key']>}> {
  assertOneStdinReader([['CRT', options.crt], ['KEY', options.key], ['--ca', options.ca], ['--passphrase-file', options.passphraseFile]])
  const judgement = await readJudgementFlags(options)
  const passphrase = createPassphraseProvider({env: options.env, passphraseFile: options.passphraseFile, prompt: options.prompt})
  const result = await preflightFiles({
    ...judgement,
    caPaths: options.ca,
    certificatePath: options.crt,
    keyPath: options.key,
    passphrase,
    requireKey: true,
    strict: options.strict,
    usage: options.usage,
  })
  if (result.findings.length > 0) options.report(renderFindings(result.findings))
  const errors = result.findings.filter((f) => f.severity === 'error')
  if (!result.ok || !result.key) {
    // The first error's own message names the file that is wrong (the key for KEY_MISMATCH); every
    // finding is on stderr and, for --json, in details.findings.
    const [first, ...others] = errors
    const more = others.length > 0 ? ` (and ${others.length} more error${others.length === 1 ? '' : 's'}: ${others.map((f) => f.code).join(', ')})` : ''
    const message = first ? `${first.message.replace(/\.$/, '')}${more}.` : `${options.crt}: no private key was given for the certificate.`
    const inspect = cliCommand(
      'certs:inspect',
      options.crt,
      options.key,
      ...(options.ca ?? []).flatMap((ca) => ['--ca', ca]),
      ...(options.hostname ?? []).flatMap((hostname) => ['--hostname', hostname]),
      ...(options.at === undefined ? [] : ['--at', options.at]),
    )
    throw inputError(message, first?.code ?? 'KEY_MISSING', `Nothing was sent. Fix ${errors.length > 1 ? 'these errors' : 'it'} and run again; \`${inspect}\` shows every check.`, {
      findings: result.findings,
    })
  }

  return {...result, key: result.key}
}
