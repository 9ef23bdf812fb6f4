import type {X509Certificate} from 'node:crypto'

import {parseCertificateDer} from '../x509/parse-certificate.js'
import type {
  CertificateSummary,
  Finding,
  ParsedCertificate,
  ParsedPrivateKey,
  PublicKeyInfo,
  TrustVerdict,
  Verdict,
} from '../x509/types.js'
import type {SecretPem} from '../x509/secret-pem.js'
import {formatPemBlock} from '../x509/pem-blocks.js'
import {describeHostname} from '../display-text.js'
import {buildChain} from '../chain/build-chain.js'
import {TrustStore} from '../chain/root-store.js'
import {type PathValidation, validatePath} from '../chain/validate-path.js'
import {parseReferenceNames} from '../cert-lint/check-hostnames.js'
import {checkKeyMatch} from '../cert-lint/check-key-match.js'
import {CLOCK_SKEW_MS} from '../cert-lint/check-validity.js'

export interface PreflightInput {
  /** Every certificate decoded from the input, in file order. */
  certificates: ParsedCertificate[]
  key?: ParsedPrivateKey
  /** Trust anchors given with `--ca`, as parsed (messages name their file). */
  caCertificates?: ParsedCertificate[]
  /** Trust anchors given with `--ca` as Node certificates (older callers); named `--ca` in messages. */
  extraRoots?: X509Certificate[]
  /** Also trust Node's bundled (Mozilla) root store. Default true. */
  systemRoots?: boolean
  /** The current time, with 5 minutes of clock skew allowed; defaults to the clock. */
  now?: Date
  /** `--at`: judge the chain at exactly this time instead of now (no skew allowance). */
  at?: Date
  /** `--hostname`: names (or IP addresses) the leaf must cover; validated here (usage error when malformed). */
  hostnames?: readonly string[]
  /** At most this many intermediates on the path (a client's maximum depth); the conformance suite sets it. */
  maxIntermediates?: number
  /** Escalate the warnings that have a strict form (SHA-1, RSA > 4096) to errors. */
  strict?: boolean
  /** A missing key is an error (certs:add, certs:update). */
  requireKey?: boolean
  /** Keep a given self-signed root in chainPem. */
  includeRoot?: boolean
  /** Findings from decoding, carried over in front of ours. */
  findings?: Finding[]
}

export interface PreflightResult {
  leaf: CertificateSummary
  /** Leaf first, then each intermediate; never the root. */
  chain: CertificateSummary[]
  droppedRoot?: CertificateSummary
  /** Normalised PEM (LF, 64 columns), leaf first; the root only with includeRoot. What gets uploaded. */
  chainPem: string
  key?: {info: PublicKeyInfo; pem: SecretPem}
  trust: TrustVerdict
  /** Would a browser (and a strict TLS library) accept this chain for the names at the time? */
  verdict: Verdict
  findings: Finding[]
  /** No finding has error severity. */
  ok: boolean
}

function checkKey(
  leaf: ParsedCertificate,
  key: ParsedPrivateKey | undefined,
  requireKey: boolean | undefined,
): Finding[] {
  if (key) return checkKeyMatch(leaf, key)
  if (!requireKey) return []
  return [
    {
      code: 'KEY_MISSING',
      hint: 'Give the private key file as the second argument (or in the same file as the certificate).',
      message: `${leaf.source}: no private key was given for the certificate.`,
      severity: 'error',
    },
  ]
}

function uniqueFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>()
  return findings.filter((f) => {
    const key = `${f.code}\u0000${f.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * The local pre-flight shared by certs:add, certs:update and certs:inspect: orders the chain for
 * upload, validates the best path to a trust anchor (every certificate of it, the names, the time),
 * and states the verdict. Pure apart from reading Node's root store when a name there is asked
 * for; returns findings instead of throwing (bad `hostnames` are a usage error), so callers can
 * show them all at once.
 */
export function runPreflight(input: PreflightInput): PreflightResult {
  const at = input.at ?? input.now ?? new Date()
  const skewMs = input.at ? 0 : CLOCK_SKEW_MS
  const references = parseReferenceNames(input.hostnames ?? [])
  const anchors = [
    ...(input.caCertificates ?? []),
    ...(input.extraRoots ?? []).map((x509, i) => parseCertificateDer(x509.raw, '--ca', i)),
  ]
  const extraRoots = input.caCertificates
    ? [...input.caCertificates.map((c) => c.x509), ...(input.extraRoots ?? [])]
    : input.extraRoots
  const trust = new TrustStore(anchors, input.systemRoots ?? true)
  const chainOptions = {
    checkCertificates: false,
    extraRoots,
    keySpkiSha256: input.key?.info.spkiSha256,
    now: at,
    strict: input.strict,
  }
  const ordered = buildChain(input.certificates, chainOptions)
  const given = input.certificates.filter((c) => c !== ordered.leaf)
  const validation = validatePath(ordered.leaf, given, trust, {
    at,
    hostnames: references,
    maxIntermediates: input.maxIntermediates,
    skewMs,
    strict: input.strict,
  })
  // where several given certificates could issue one, upload the path the validator chose
  const chosen = validation.path.filter((c) => input.certificates.includes(c))
  const agrees = chosen.every((c, i) => ordered.chain[i] === c || (i === ordered.chain.length && ordered.root === c))
  const built = agrees ? ordered : buildChain(input.certificates, {...chainOptions, preferred: validation.path})
  const {leaf, chain, root} = built
  const findings = uniqueFindings([
    ...(input.findings ?? []),
    ...built.findings,
    ...checkKey(leaf, input.key, input.requireKey),
    ...validation.problems.map((p) => p.finding),
  ])
  const uploaded = input.includeRoot && root ? [...chain, root] : chain
  const result: PreflightResult = {
    chain: chain.map((c) => c.summary),
    chainPem: uploaded.map((c) => formatPemBlock('CERTIFICATE', c.der)).join(''),
    findings,
    leaf: leaf.summary,
    ok: !findings.some((f) => f.severity === 'error'),
    trust: validation.anchor ? 'trusted' : leaf.summary.selfSigned ? 'self-signed' : 'untrusted',
    verdict: describeVerdict(validation, {at, hostnames: references.map((r) => (r.kind === 'dns' ? r.name : r.shown))}),
  }
  if (root) result.droppedRoot = root.summary
  if (input.key) result.key = {info: input.key.info, pem: input.key.pem}
  return result
}

/** Turns a path validation into the verdict shown to users and scripts. */
function describeVerdict(validation: PathValidation, context: {at: Date; hostnames: string[]}): Verdict {
  const verdict: Verdict = {
    accepted: validation.accepted,
    at: context.at.toISOString(),
    hostnames: context.hostnames,
    reasons: [],
  }
  if (validation.accepted && validation.anchor) {
    const {anchor, path} = validation
    const where = anchor.source === 'ca' ? 'given with --ca' : 'in the bundled root store'
    const intermediates = Math.max(0, path.length - 2)
    const via =
      path.length === 1
        ? 'is itself a trust anchor'
        : `chains${intermediates > 0 ? ` through ${intermediates} intermediate${intermediates === 1 ? '' : 's'}` : ''} to ${anchor.cert.summary.subject} (${where})`
    const names =
      context.hostnames.length > 0
        ? `the leaf covers ${context.hostnames.map((h) => describeHostname(h)).join(', ')}`
        : 'no --hostname was given, so no name was checked'
    verdict.reasons.push({
      code: 'PATH_VALID',
      message: `it ${via}, every signature verifies, every certificate is valid at that time and meets the rules clients enforce, and ${names}.`,
    })
    return verdict
  }

  if (validation.untrusted)
    verdict.reasons.push({code: validation.untrusted.code, message: validation.untrusted.message})
  for (const problem of validation.problems) {
    if (problem.rejects) verdict.reasons.push({code: problem.finding.code, message: problem.finding.message})
  }

  return verdict
}
