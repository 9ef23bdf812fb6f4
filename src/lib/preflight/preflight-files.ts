import {checkDecodedCaInput, refuseKeyInCaSource} from '../x509/ca-input.js'
import {decodeInput} from '../x509/decode-input.js'
import {loadCertificateInput} from '../x509/load-certificate-input.js'
import type {InputSource, ParsedCertificate, PassphraseProvider} from '../x509/types.js'
import {parseReferenceNames} from '../cert-lint/check-hostnames.js'
import {readInputFile, assertOneStdinReader} from '../input/read-input-file.js'
import {type PreflightResult, runPreflight} from './run-preflight.js'
import {renderFindings} from '../cert-lint/findings.js'
import {createPassphraseProvider} from '../input/passphrase-provider.js'
import {cliCommand} from '../cli-command.js'
import {inputError} from '../sni-error.js'

/** What the checks judge besides the files: the names, the time, the trust store. */
export interface PreflightJudgement {
  /** `--hostname` values the leaf must cover. */
  hostnames?: readonly string[]
  /** `--at`: judge at this time (exact); otherwise now, with clock skew allowed. */
  at?: Date
  now?: Date
  /** Trust Node's bundled roots besides `--ca`. Default true; the conformance suite trusts only its own anchors. */
  systemRoots?: boolean
  maxIntermediates?: number
  requireKey?: boolean
  strict?: boolean
  /** The running command's synopsis (`certs:inspect CRT [KEY]`), for messages about swapped arguments. */
  usage?: string
}

export interface PreflightFilesOptions extends PreflightJudgement {
  certificatePath: string
  keyPath?: string
  /** `--ca` files, read by this call; or `ca`, read once already (--each, for every file). */
  caPaths?: string[]
  ca?: InputSource[]
  passphrase: PassphraseProvider
}

export interface PreflightSources extends PreflightJudgement {
  certificate: InputSource
  key?: InputSource
  ca?: InputSource[]
  passphrase: PassphraseProvider
}

/**
 * The `--hostname` and `--at` flags, checked before any file is read (exit 2 on a bad value).
 * Hostnames stay as given: the pre-flight normalises them again and shows them that way.
 */
export async function readJudgementFlags(flags: {
  at?: string
  hostname?: string[]
}): Promise<Pick<PreflightJudgement, 'at' | 'hostnames'>> {
  const hostnames = flags.hostname ?? []
  parseReferenceNames(hostnames)
  if (flags.at === undefined) return {hostnames}
  const {parseIsoTime} = await import('../input/iso-time.js') // loaded only when --at is given
  return {at: parseIsoTime(flags.at), hostnames}
}

/**
 * Reads extra trust anchors given with `--ca` (any certificate encoding we read). A private key there
 * is refused before anything is decoded (the arguments were mixed up), and so is a file without a certificate.
 */
export async function readCaCertificates(
  sources: InputSource[],
  passphrase: PassphraseProvider,
): Promise<ParsedCertificate[]> {
  const anchors: ParsedCertificate[] = []
  for (const source of sources) {
    refuseKeyInCaSource(source)
    const decoded = await decodeInput(source, passphrase)
    checkDecodedCaInput(decoded, source.label)
    anchors.push(...decoded.certificates)
  }

  return anchors
}

/**
 * What every pre-flight of files takes from the command line before reading anything: at most one
 * input from stdin (`-`) among the files, --ca and --passphrase-file; the judgement flags (--at,
 * --hostname); and where a passphrase comes from (--passphrase-file, SNI_KEY_PASSPHRASE, a prompt).
 */
export async function readPreflightFlags(options: {
  files: Array<[name: string, path: string | undefined]>
  ca?: string[]
  passphraseFile?: string
  at?: string
  hostname?: string[]
  env: NodeJS.ProcessEnv
  prompt?: (message: string) => Promise<string>
}): Promise<{judgement: Pick<PreflightJudgement, 'at' | 'hostnames'>; passphrase: PassphraseProvider}> {
  assertOneStdinReader([...options.files, ['--ca', options.ca], ['--passphrase-file', options.passphraseFile]])
  const judgement = await readJudgementFlags(options)
  const passphrase = createPassphraseProvider({
    env: options.env,
    passphraseFile: options.passphraseFile,
    prompt: options.prompt,
  })
  return {judgement, passphrase}
}

/**
 * The pre-flight on inputs already read: decode them by content, then run every check. The
 * conformance suite enters here with in-memory inputs; the commands through preflightFiles.
 * Throws SniError (exit 3) for undecodable input; check failures come back as findings.
 */
export async function preflightSources(sources: PreflightSources): Promise<PreflightResult> {
  const input = await loadCertificateInput({
    certificate: sources.certificate,
    key: sources.key,
    passphrase: sources.passphrase,
    usage: sources.usage,
  })
  const caCertificates = await readCaCertificates(sources.ca ?? [], sources.passphrase)
  return runPreflight({
    at: sources.at,
    caCertificates,
    certificates: input.certificates,
    findings: input.findings,
    hostnames: sources.hostnames,
    key: input.key,
    maxIntermediates: sources.maxIntermediates,
    now: sources.now,
    requireKey: sources.requireKey,
    strict: sources.strict,
    systemRoots: sources.systemRoots,
  })
}

/**
 * The whole local pre-flight that `certs:add`, `certs:update` and `certs:inspect` share: read the
 * files (regular files or stdin, size-capped), decode them by content, then run every check.
 * Throws SniError (exit 3) for unreadable input; check failures come back as findings.
 */
export async function preflightFiles(options: PreflightFilesOptions): Promise<PreflightResult> {
  const {ca: caRead, caPaths, certificatePath, keyPath, ...rest} = options
  const certificate = await readInputFile(certificatePath, 'certificate')
  const key = keyPath === undefined ? undefined : await readInputFile(keyPath, 'key')
  const ca = caRead ?? (await readCaFiles(caPaths))
  return preflightSources({...rest, ca, certificate, ...(key ? {key} : {})})
}

/** Reads `--ca` files (regular files, or `-` for stdin), each size-capped. */
export async function readCaFiles(paths: readonly string[] = []): Promise<InputSource[]> {
  const ca: InputSource[] = []
  for (const path of paths) ca.push(await readInputFile(path, 'ca'))
  return ca
}

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
export async function checkCertificateInput(
  options: CheckedInputOptions,
): Promise<PreflightResult & {key: NonNullable<PreflightResult['key']>}> {
  const {judgement, passphrase} = await readPreflightFlags({
    ...options,
    files: [
      ['CRT', options.crt],
      ['KEY', options.key],
    ],
  })
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
  const errors = result.findings.filter((f) => f.severity === 'error')
  const refused = !result.ok || !result.key
  const [first, ...others] = errors
  // A refusal's final error is its first error finding, message and hint (it names the file that is
  // wrong: the key for KEY_MISMATCH), so that finding is not listed above it as well. Every finding
  // is still in the JSON error's details.findings.
  const listed = refused ? result.findings.filter((f) => f !== first) : result.findings
  if (listed.length > 0) options.report(renderFindings(listed))
  if (!result.ok || !result.key) {
    const more =
      others.length > 0
        ? ` (and ${others.length} more error${others.length === 1 ? '' : 's'}: ${others.map((f) => f.code).join(', ')})`
        : ''
    const message = first
      ? `${first.message.replace(/\.$/, '')}${more}.`
      : `${options.crt}: no private key was given for the certificate.`
    const inspect = cliCommand(
      'certs:inspect',
      options.crt,
      options.key,
      ...(options.ca ?? []).flatMap((ca) => ['--ca', ca]),
      ...(options.hostname ?? []).flatMap((hostname) => ['--hostname', hostname]),
      ...(options.at === undefined ? [] : ['--at', options.at]),
    )
    throw inputError(
      message,
      first?.code ?? 'KEY_MISSING',
      `${first?.hint ? `${first.hint.replace(/\.?$/, '.')} ` : ''}Nothing was sent. Fix ${errors.length > 1 ? 'these errors' : 'it'} and run again; \`${inspect}\` shows every check.`,
      {
        findings: result.findings,
      },
    )
  }

  return {...result, key: result.key}
}
