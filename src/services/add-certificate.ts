import {quoteForShell} from '../lib/cli-command.js'
import {ExitCode} from '../lib/exit-codes.js'
import {isOutcomeUnknown, SniError} from '../lib/sni-error.js'
import type {StepJournal} from '../lib/step-journal.js'
import type {SniEndpoint} from '../lib/models.js'
import type {CertificateInput, PlatformClient} from '../platform/platform-client.js'

export interface AddCertificateContext {
  platform: PlatformClient
  journal: StepJournal
  /** The CLI's name in the commands printed: `sni`, or `heroku` as its plugin. */
  bin: string
}

export interface AddCertificateRequest {
  app: string
  input: CertificateInput
  /** The app's endpoints that already hold this leaf certificate, oldest first (PlatformClient.listSniEndpointsWithLeaf). */
  sameLeaf: SniEndpoint[]
  /** `--allow-duplicate`: add another endpoint even when one holds the certificate. */
  allowDuplicate: boolean
}

export interface PlacedCertificate {
  endpoint: SniEndpoint
  /** False when an endpoint already holding the certificate was reused. */
  created: boolean
}

/**
 * `certs:add` is idempotent by leaf fingerprint: an endpoint that already holds the certificate is
 * reused (oldest first), so a CI retry or a re-run after a crash never piles up endpoints; with
 * `allowDuplicate` another one is added. The upload is a journal step: an interruption while it is in
 * flight says its outcome is unknown and how to check. An upload whose outcome stayed unknown (exit 7)
 * says the exact command to check, and whether running certs:add again is safe.
 */
export async function addOrReuseCertificate(
  context: AddCertificateContext,
  request: AddCertificateRequest,
): Promise<PlacedCertificate> {
  const {app} = request
  const [existing] = request.sameLeaf
  if (existing && !request.allowDuplicate) return {created: false, endpoint: existing}

  const where = context.platform.kind === 'heroku' ? 'Heroku' : 'the local platform'
  const check = `\`${context.bin} certs --app ${quoteForShell(app)}\``
  let endpoint: SniEndpoint
  try {
    endpoint = await context.journal.step(`the upload may or may not have reached ${where}; check with ${check}`, () =>
      context.platform.createSniEndpoint(app, request.input),
    )
  } catch (error) {
    if (error instanceof SniError && isOutcomeUnknown(error)) {
      const rerun = request.allowDuplicate
        ? 'look before running certs:add again: with --allow-duplicate it would add a second endpoint if the first upload arrived'
        : 'running the same certs:add again is safe: it reuses the endpoint if the upload arrived, and uploads it otherwise'
      throw new SniError(error.message, {
        code: error.code,
        details: error.details,
        exit: ExitCode.transient,
        hint: `Check with ${check}; ${rerun}.`,
      })
    }

    throw error
  }

  context.journal.done(`endpoint ${endpoint.name} was added to ${app}`)
  return {created: true, endpoint}
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g

/** The certificates of a PEM chain, as their base64 bodies without whitespace, in order. */
function chainCertificates(pem: string): string[] {
  return [...pem.matchAll(CERTIFICATE_BLOCK)].map((m) => (m[1] ?? '').replaceAll(/\s/g, ''))
}

/**
 * What certs:add says on stderr when it reuses an endpoint: which one, that others hold the same
 * certificate too, and a warning when the reused endpoint's chain differs from the one given (its
 * leaf is the same, so it is reused; certs:update replaces the chain).
 */
export function describeReuse(
  app: string,
  sameLeaf: SniEndpoint[],
  chainPem: string,
  command: {bin: string; crt: string; key: string},
): string[] {
  const [reused] = sameLeaf
  if (!reused) return []
  const lines = [
    `${app} already has this certificate as ${reused.name}; reusing it (--allow-duplicate adds another endpoint).`,
  ]
  if (sameLeaf.length > 1)
    lines.push(
      `${sameLeaf.length} endpoints hold it (${sameLeaf.map((e) => e.name).join(', ')}); the oldest is reused.`,
    )
  const given = chainCertificates(chainPem)
  const stored = chainCertificates(reused.certificateChain)
  if (given.join('\n') !== stored.join('\n')) {
    lines.push(
      `Warning: the chain of ${reused.name} differs from the one given (${stored.length} certificate${stored.length === 1 ? '' : 's'} there, ${given.length} here); to replace it, run \`${[command.bin, 'certs:update', ...[command.crt, command.key, '--name', reused.name, '--app', app].map((w) => quoteForShell(w))].join(' ')}\`.`,
    )
  }

  return lines
}
