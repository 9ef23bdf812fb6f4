import {renderFindings} from '../display/findings.js'
import {createPassphraseProvider} from '../input/passphrase-provider.js'
import type {PreflightResult} from '../preflight.js'
import {preflightFiles, readJudgementFlags} from '../preflight-files.js'
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
}

/**
 * The pre-flight of `certs:add` and `certs:update`: every check runs locally, findings are
 * reported, and any error refuses the input (exit 3) before the platform is contacted.
 */
export async function checkCertificateInput(options: CheckedInputOptions): Promise<PreflightResult & {key: NonNullable<PreflightResult['key']>}> {
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
  })
  if (result.findings.length > 0) options.report(renderFindings(result.findings))
  const errors = result.findings.filter((f) => f.severity === 'error')
  if (!result.ok || !result.key) {
    throw inputError(
      `${options.crt}: the certificate was refused by local checks (${errors.map((f) => f.code).join(', ') || 'KEY_MISSING'}).`,
      errors[0]?.code ?? 'KEY_MISSING',
      'Fix the errors listed above, then run again; nothing was sent. sni certs:inspect CRT KEY shows every check.',
    )
  }

  return {...result, key: result.key}
}
