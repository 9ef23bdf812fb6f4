import type {X509Certificate} from 'node:crypto'

import type {ParsedCertificate} from '../x509/types.js'
import {buildChain, type ChainResult} from '../chain/build-chain.js'
import {evaluateTrust} from '../chain/evaluate-trust.js'
import {CLOCK_SKEW_MS} from '../cert-lint/check-validity.js'
import {classifyExpiry, formatDate} from '../dates.js'
import {findCoveringNames} from '../hostname/match-hostname.js'
import type {CheckName, CheckResult, PlatformExpectation, ProtocolProbe} from './types.js'

export type HandshakeResult = {cipher: string; ok: true; protocol: string} | {ok: false; reason: string}

export interface TlsCheckInput {
  /** The name sent as SNI and verified against the leaf (A-label form). */
  hostname: string
  handshake: HandshakeResult
  /** The certificates the server sent, in the order it sent them (leaf first); empty when the handshake failed. */
  served: ParsedCertificate[]
  /** Trust anchors besides Node's bundled store (`--ca`). */
  extraRoots: X509Certificate[]
  platform: PlatformExpectation
  /** Only when `--protocols` was given. */
  protocols?: ProtocolProbe[]
  now: Date
}

const pass = (name: CheckName, detail: string): CheckResult => ({detail, name, ok: true, severity: 'info'})
const fail = (name: CheckName, detail: string): CheckResult => ({detail, name, ok: false, severity: 'error'})
const warn = (name: CheckName, detail: string): CheckResult => ({detail, name, ok: false, severity: 'warning'})
const skip = (name: CheckName, detail: string): CheckResult => ({
  detail,
  name,
  ok: true,
  severity: 'info',
  skipped: true,
})

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** RFC 6125 on the leaf's subjectAltName dNSNames only: the common name is never used. */
export function checkHostname(leaf: ParsedCertificate, hostname: string): CheckResult {
  const names = leaf.summary.dnsNames
  const covering = findCoveringNames(names, hostname)
  if (covering.length > 0)
    return pass('hostname', `${hostname} matches ${covering.join(', ')} in the certificate's subjectAltName`)
  if (names.length === 0) {
    return fail(
      'hostname',
      `the certificate has no DNS names in subjectAltName, so it covers no hostname (the common name is not used)`,
    )
  }

  const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ')
  return fail('hostname', `the certificate is for ${shown}, not ${hostname}`)
}

/**
 * The served chain itself: the leaf's issuer must be served too (or be a trust anchor), and every
 * served certificate must belong on the path. A chain that reaches an intermediate whose root is
 * unknown is left to the trust check.
 */
export function checkServedChain(leaf: ParsedCertificate, result: ChainResult): CheckResult {
  const errors = result.findings.filter((f) => f.severity === 'error').map((f) => f.message)
  const missing = !result.complete && result.chain.length === 1 && !leaf.summary.selfSigned
  if (missing) {
    errors.unshift(
      `the server does not send the intermediate certificate: the leaf is issued by ${leaf.summary.issuer}, which is neither served nor a trusted root`,
    )
  }

  if (errors.length > 0) return fail('chain', errors.join('; '))
  const served = `${plural(result.chain.length + (result.root ? 1 : 0), 'certificate')} served`
  const reordered = result.findings.find((f) => f.code === 'CHAIN_REORDERED')
  if (reordered)
    return warn('chain', `${served}, but not in order (leaf first, then each issuer); some clients refuse that`)
  const warnings = result.findings.filter(
    (f) => f.severity === 'warning' && f.code !== 'CHAIN_INCOMPLETE' && f.code !== 'CHAIN_ROOT_DROPPED',
  )
  if (warnings.length > 0) return warn('chain', `${served}; ${warnings.map((f) => f.message).join('; ')}`)
  return pass('chain', `${served}, leaf first, each issued by the next`)
}

export function checkTrust(leaf: ParsedCertificate, result: ChainResult, extraRoots: X509Certificate[]): CheckResult {
  const trust = evaluateTrust(result.chain, extraRoots)
  if (trust.verdict === 'trusted') return pass('trust', `chains to the trusted root ${trust.anchor ?? ''}`.trimEnd())
  const where =
    extraRoots.length > 0
      ? `Node's root store or the --ca certificates`
      : `Node's root store (pass a private CA's root with --ca)`
  if (trust.verdict === 'self-signed') return fail('trust', `the certificate is self-signed and not in ${where}`)
  const top = result.chain.at(-1) ?? leaf
  return fail(
    'trust',
    `the chain ends at ${top.summary.subject}, issued by ${top.summary.issuer}, which is not a trusted root in ${where}`,
  )
}

/** Days left on the served leaf: expired or not yet valid fails, under 30 days (or a third of a shorter lifetime) warns. */
export function checkExpiry(leaf: ParsedCertificate, now: Date): CheckResult {
  const {notAfter, notBefore} = leaf.summary
  const {days = 0, state} = classifyExpiry(notAfter, now, notBefore)
  if (state === 'expired') {
    const ago = Math.floor((now.getTime() - new Date(notAfter).getTime()) / 86_400_000)
    return fail(
      'expiry',
      `the certificate expired on ${formatDate(notAfter)} (${ago === 0 ? 'today' : `${plural(ago, 'day')} ago`})`,
    )
  }

  if (new Date(notBefore).getTime() - CLOCK_SKEW_MS > now.getTime()) {
    return fail('expiry', `the certificate is not valid until ${formatDate(notBefore)}`)
  }

  if (state === 'expiring')
    return warn(
      'expiry',
      `${days === 0 ? 'expires today' : `${plural(days, 'day')} left`} (expires ${formatDate(notAfter)}); renew it soon`,
    )
  return pass('expiry', `${plural(days, 'day')} left (expires ${formatDate(notAfter)})`)
}

function bareFingerprint(fingerprint: string): string {
  return fingerprint.replaceAll(':', '').toUpperCase()
}

/** The served leaf is the certificate the platform has associated with the hostname (SHA-256 of the DER). */
export function checkPlatformMatch(leaf: ParsedCertificate | undefined, expectation: PlatformExpectation): CheckResult {
  if (expectation.kind === 'skipped') return skip('platform', expectation.reason)
  if (expectation.kind === 'missing') return fail('platform', expectation.reason)
  if (!leaf) return skip('platform', 'no certificate was served to compare')
  const served = leaf.summary.fingerprint256
  if (bareFingerprint(served) === bareFingerprint(expectation.fingerprint256)) {
    return pass(
      'platform',
      `the served certificate is ${expectation.endpoint}, the one the platform associates with this hostname (SHA-256 ${served})`,
    )
  }

  return fail(
    'platform',
    `the server sends a different certificate (SHA-256 ${served}) from ${expectation.endpoint}, the one the platform associates with this hostname (SHA-256 ${expectation.fingerprint256})`,
  )
}

const PROTOCOL_CHECKS: Record<ProtocolProbe['version'], {label: string; name: CheckName}> = {
  TLSv1: {label: 'TLS 1.0', name: 'tls1.0'},
  'TLSv1.1': {label: 'TLS 1.1', name: 'tls1.1'},
}

export function checkProtocolRefused(probe: ProtocolProbe): CheckResult {
  const {label, name} = PROTOCOL_CHECKS[probe.version]
  const why = probe.detail ? ` (${probe.detail})` : ''
  switch (probe.outcome) {
    case 'refused': {
      return pass(name, `${label} is refused${why}`)
    }

    case 'accepted': {
      return fail(name, `the server accepts ${label}, which browsers no longer allow; require TLS 1.2 or later`)
    }

    case 'untestable': {
      return warn(name, `${label} could not be tested: this Node's OpenSSL cannot offer it${why}`)
    }

    case 'unreachable': {
      return warn(name, `${label} could not be tested: the connection failed${why}`)
    }
  }
}

/**
 * Every check of `certs:check` on what one handshake showed. Pure: the caller connects, parses the
 * served certificates and looks up the platform; this only judges. Checks that need a certificate
 * are skipped when the handshake failed (that failure is the one reported).
 */
export function evaluateTlsCheck(input: TlsCheckInput): CheckResult[] {
  const results: CheckResult[] = []
  const leaf = input.served[0]
  const {handshake} = input
  if (!handshake.ok || !leaf) {
    const reason = handshake.ok ? 'the server sent no certificate' : handshake.reason
    results.push(fail('handshake', `the TLS handshake failed: ${reason}`))
    const none = 'no certificate to check: the handshake failed'
    for (const name of ['hostname', 'chain', 'trust', 'expiry'] as const) results.push(skip(name, none))
    results.push(checkPlatformMatch(undefined, input.platform))
  } else {
    results.push(pass('handshake', `${handshake.protocol}, ${handshake.cipher}`))
    const chain = buildChain(input.served, {
      extraRoots: input.extraRoots,
      keySpkiSha256: leaf.summary.publicKey.spkiSha256,
      now: input.now,
    })
    results.push(
      checkHostname(leaf, input.hostname),
      checkServedChain(leaf, chain),
      checkTrust(leaf, chain, input.extraRoots),
      checkExpiry(leaf, input.now),
      checkPlatformMatch(leaf, input.platform),
    )
  }

  for (const probe of input.protocols ?? []) results.push(checkProtocolRefused(probe))
  return results
}

/** True when no check failed with severity error (warnings do not fail the check). */
export function allPassed(checks: CheckResult[]): boolean {
  return checks.every((c) => c.ok || c.severity !== 'error')
}
