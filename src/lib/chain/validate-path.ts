import {decodeCertificateExtensions, KeyPurpose} from '../x509/certificate-extensions.js'
import type {Finding, ParsedCertificate} from '../x509/types.js'
import {parseX509Structure} from '../x509/x509-structure.js'
import {checkExtensions} from '../cert-lint/check-extensions.js'
import {checkHostnames, type ReferenceName} from '../cert-lint/check-hostnames.js'
import {checkCertificateKey} from '../cert-lint/check-key-policy.js'
import {checkLeafIsCa} from '../cert-lint/check-leaf-is-ca.js'
import {checkCertificateFields, checkLeafUsage} from '../cert-lint/check-certificate-fields.js'
import {checkSelfSigned} from '../cert-lint/check-self-signed.js'
import {checkSignatureAlgorithm} from '../cert-lint/check-signature-algorithm.js'
import {checkCommonName, checkSubjectAltNames} from '../cert-lint/check-subject-alt-names.js'
import {checkIssuerValidity, checkValidity} from '../cert-lint/check-validity.js'
import {describeCertificate} from '../x509/parse-certificate.js'
import {
  checkNamesAgainstConstraints,
  checkNameConstraintsSyntax,
  MAX_CONSTRAINT_COMPARISONS,
} from './name-constraints.js'
import {isSignatureKnown, verifiesSignature} from './is-issued-by.js'
import {issuerKey, subjectKey, type TrustAnchor, type TrustStore} from './root-store.js'

/**
 * A bounded Web PKI path validator: RFC 5280 §6 path validation plus the CA/Browser Forum profile
 * rules that browsers and strict TLS libraries enforce. It builds candidate paths from the leaf
 * through the given certificates, stopping at the first trust anchor it reaches, tries alternative
 * issuers when a path fails, and answers within fixed budgets whatever the input.
 */

export interface PathValidationOptions {
  /** The time judged. */
  at: Date
  /** Clock difference tolerated: CLOCK_SKEW_MS for "now", 0 for an explicit time. */
  skewMs: number
  /** Names the leaf must cover (`--hostname`). */
  hostnames?: readonly ReferenceName[]
  /** SHA-1 and oversized RSA keys become errors (severity only; the verdict is the same). */
  strict?: boolean
  /** At most this many intermediates, self-issued ones not counted (a client's maximum depth). */
  maxIntermediates?: number
}

/** A finding on the path, and whether it alone makes clients refuse the chain. */
export interface PathProblem {
  finding: Finding
  rejects: boolean
}

export interface PathValidation {
  /** A path to a trust anchor exists on which nothing makes clients refuse it. */
  accepted: boolean
  /**
   * The path judged: the accepted one, else the one that came closest. Leaf first, then issuers; ends with the
   * anchor's certificate when one was reached (unless the leaf is the anchor itself).
   */
  path: ParsedCertificate[]
  anchor?: TrustAnchor
  problems: PathProblem[]
  /** Why the path reaches no trust anchor; absent when it does. */
  untrusted?: Finding
}

/** Path building bounds: deeper chains than this exist nowhere in the Web PKI; the budgets keep pathological inputs well under a second. */
export const MAX_PATH_INTERMEDIATES = 8
export const SIGNATURE_CHECK_BUDGET = 100
const STEP_BUDGET = 2000

/**
 * Finding codes that, on the path, make browsers or strict verifiers (pyca/cryptography,
 * rustls-webpki, Go) refuse the chain. Left out on purpose: a Common Name missing from the SANs (no
 * client looks at it), a leaf without SANs or with a public-suffix wildcard (name coverage is judged
 * against --hostname, and such a wildcard never matches), and the platform-only rules (key size
 * over 4096, validity over 398 days, a CA leaf, self-signed: the trust reason covers that).
 */
export const REJECTING_CODES = new Set([
  'CERT_CA_FLAGS_INCONSISTENT',
  'CERT_DUPLICATE_EXTENSION',
  'CERT_EKU_ANY',
  'CERT_EKU_NOT_SERVER_AUTH',
  'CERT_EXPIRED',
  'CERT_EXTENSION_CRITICALITY',
  'CERT_EXTENSION_MALFORMED',
  'CERT_KEY_IDENTIFIER_INVALID',
  'CERT_KEY_USAGE_NOT_TLS',
  'CERT_NAME_EMPTY',
  'CERT_NOT_YET_VALID',
  'CERT_SERIAL_INVALID',
  'CERT_SIGNATURE_ALGORITHM_MISMATCH',
  'CERT_SIGNATURE_INSECURE',
  'CERT_SIGNATURE_SHA1',
  'CERT_UNKNOWN_CRITICAL_EXTENSION',
  'CERT_VALIDITY_INVERTED',
  'CERT_VERSION_INVALID',
  'HOSTNAME_NOT_COVERED',
  'INTERMEDIATE_EKU_NOT_SERVER_AUTH',
  'INTERMEDIATE_EXPIRED',
  'INTERMEDIATE_NOT_CA',
  'KEY_EXPLICIT_CURVE',
  'KEY_EXPONENT_WEAK',
  'KEY_SIZE_UNALIGNED',
  'KEY_TOO_SMALL',
  'KEY_UNSUPPORTED',
  'NAME_CONSTRAINTS_INVALID',
  'NAME_CONSTRAINTS_TOO_COMPLEX',
  'NAME_CONSTRAINTS_VIOLATED',
  'PATH_LENGTH_EXCEEDED',
  'ROOT_EXPIRED',
  'ROOT_HAS_EKU',
  'SAN_INVALID_NAME',
])

function isSelfIssued(cert: ParsedCertificate): boolean {
  return issuerKey(cert) === subjectKey(cert)
}

function extensionsOf(cert: ParsedCertificate) {
  return decodeCertificateExtensions(parseX509Structure(cert.der, cert.source))
}

/** The issuer must be a CA (basicConstraints cA; a v1 trust anchor without extensions is one by definition). */
function checkIssuerIsCa(issuer: ParsedCertificate, subject: ParsedCertificate, anchor: boolean): Finding[] {
  const structure = parseX509Structure(issuer.der, issuer.source)
  if (extensionsOf(issuer).basicConstraints?.value.ca) return []
  if (anchor && structure.version === 1 && !structure.hasExtensionsField) return []
  return [
    {
      code: 'INTERMEDIATE_NOT_CA',
      hint: 'Only CA certificates may issue others; check that the file holds the right intermediate.',
      message: `${describeCertificate(issuer)} issues ${describeCertificate(subject)} but is not a CA (no basicConstraints CA:TRUE).`,
      severity: 'error',
    },
  ]
}

/**
 * extendedKeyUsage nests (as browsers enforce it): an issuer that restricts its purposes must allow serverAuth;
 * a root must not restrict them at all (CA/B Forum 7.1.2.1.2).
 */
function checkIssuerPurposes(issuer: ParsedCertificate, selfSignedAnchor: boolean): Finding[] {
  const purposes = extensionsOf(issuer).extKeyUsage?.value
  if (!purposes) return []
  if (selfSignedAnchor) {
    return [
      {
        code: 'ROOT_HAS_EKU',
        hint: 'Browsers accept it today, but strict clients do not; a root certificate should carry no extended key usage.',
        message: `${describeCertificate(issuer)} is a root with an extendedKeyUsage extension, which the CA/B Forum forbids.`,
        severity: 'warning',
      },
    ]
  }

  if (purposes.includes(KeyPurpose.serverAuth) || purposes.includes(KeyPurpose.any)) return []
  return [
    {
      code: 'INTERMEDIATE_EKU_NOT_SERVER_AUTH',
      hint: 'The issuing CA may not issue TLS server certificates; get the certificate from a CA (or intermediate) meant for TLS.',
      message: `${describeCertificate(issuer)} restricts its extended key usage to purposes other than serverAuth, so nothing it issues may serve TLS.`,
      severity: 'error',
    },
  ]
}

/**
 * pathLenConstraint (RFC 5280 §6.1.4 (l)-(m)): below a CA with pathLenConstraint n come at most n
 * further CA certificates before the leaf, self-issued ones not counted.
 */
function checkPathLengths(path: ParsedCertificate[], maxIntermediates: number | undefined): Finding[] {
  const findings: Finding[] = []
  for (let i = 1; i < path.length; i++) {
    const issuer = path[i] as ParsedCertificate
    const limit = extensionsOf(issuer).basicConstraints?.value.pathLength
    if (limit === undefined) continue
    const below = path.slice(1, i).filter((c) => !isSelfIssued(c)).length
    if (below > limit) {
      findings.push({
        code: 'PATH_LENGTH_EXCEEDED',
        hint: 'The CA may not have that many intermediates below it; ask your certificate authority for the correct chain.',
        message: `${describeCertificate(issuer)} allows ${limit} CA certificate${limit === 1 ? '' : 's'} below it (pathLenConstraint), but the chain has ${below}.`,
        severity: 'error',
      })
    }
  }

  const counted = path.slice(1).filter((c) => !isSelfIssued(c)).length
  if (maxIntermediates !== undefined && counted > maxIntermediates) {
    findings.push({
      code: 'PATH_LENGTH_EXCEEDED',
      hint: 'Use a shorter chain.',
      message: `${describeCertificate(path[0] as ParsedCertificate)}: the path has ${counted} intermediate certificates, more than the ${maxIntermediates} allowed.`,
      severity: 'error',
    })
  }

  return findings
}

/** Every issuer's name constraints against every certificate below it; self-issued intermediates are exempt (RFC 5280 §6.1.3 (b)). */
function checkPathNameConstraints(path: ParsedCertificate[]): Finding[] {
  let budget = MAX_CONSTRAINT_COMPARISONS
  for (let i = 1; i < path.length; i++) {
    for (let j = i - 1; j >= 0; j--) {
      const subject = path[j] as ParsedCertificate
      if (j > 0 && isSelfIssued(subject)) continue
      const outcome = checkNamesAgainstConstraints(path[i] as ParsedCertificate, subject, budget)
      if (outcome.finding) return [outcome.finding]
      budget -= outcome.comparisons
    }
  }

  return []
}

interface Candidate {
  path: ParsedCertificate[]
  anchor?: TrustAnchor
  problems: PathProblem[]
  rejecting: number
}

class PathSearch {
  private signatureChecks = 0
  private steps = 0
  private exhausted = false
  /** A path was cut at MAX_PATH_INTERMEDIATES while it could have gone on. */
  private cut = false
  private best?: Candidate
  /** Certificates named as an issuer whose signature did not verify, by the certificate they were to issue. */
  private readonly badSignatures = new Map<ParsedCertificate, ParsedCertificate[]>()
  private readonly profiles = new Map<string, Finding[]>()

  constructor(
    private readonly leaf: ParsedCertificate,
    private readonly pool: ParsedCertificate[],
    private readonly trust: TrustStore,
    private readonly options: PathValidationOptions,
  ) {}

  run(): PathValidation {
    const pinned = this.trust.anchorFor(this.leaf)
    if (!(pinned && this.consider([this.leaf], pinned))) this.extend([this.leaf])
    const best = this.best as Candidate
    const result: PathValidation = {
      accepted: best.anchor !== undefined && best.rejecting === 0,
      path: best.path,
      problems: best.problems,
    }
    if (best.anchor) result.anchor = best.anchor
    else result.untrusted = this.untrustedReason(best.path)
    return result
  }

  private verifies(child: ParsedCertificate, issuer: ParsedCertificate): boolean {
    if (!isSignatureKnown(child.x509, issuer.x509)) {
      if (this.signatureChecks >= SIGNATURE_CHECK_BUDGET) {
        this.exhausted = true
        return false
      }

      this.signatureChecks++
    }

    const ok = verifiesSignature(child.x509, issuer.x509)
    if (!ok) this.badSignatures.set(child, [...(this.badSignatures.get(child) ?? []), issuer])
    return ok
  }

  private onPath(path: ParsedCertificate[], cert: ParsedCertificate): boolean {
    const key = subjectKey(cert)
    const spki = cert.summary.publicKey.spkiSha256
    return path.some(
      (c) =>
        c.summary.fingerprint256 === cert.summary.fingerprint256 ||
        (c.summary.publicKey.spkiSha256 === spki && subjectKey(c) === key),
    )
  }

  /**
   * Issuers of `cert` among the given certificates: the one its authorityKeyIdentifier names first, then those
   * valid at the time, then in input order.
   */
  private issuerCandidates(cert: ParsedCertificate): ParsedCertificate[] {
    const wanted = issuerKey(cert)
    const keyId = extensionsOf(cert).authorityKeyIdentifier?.value.keyIdentifier
    const at = this.options.at.getTime()
    const rank = (c: ParsedCertificate) => {
      const ski = extensionsOf(c).subjectKeyIdentifier?.value
      const matches = keyId && ski ? (keyId.equals(ski) ? 0 : 2) : 1
      const valid =
        new Date(c.summary.notBefore).getTime() <= at && at <= new Date(c.summary.notAfter).getTime() ? 0 : 1
      return matches * 2 + valid
    }

    return this.pool
      .filter((c) => c !== cert && subjectKey(c) === wanted)
      .map((c, i) => ({c, i, r: rank(c)}))
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .map(({c}) => c)
  }

  /** Depth-first: anchors first (path building stops at a trust anchor), then given issuers. True once a path is accepted. */
  private extend(path: ParsedCertificate[]): boolean {
    if (++this.steps > STEP_BUDGET) this.exhausted = true
    if (this.exhausted) return false
    const top = path.at(-1) as ParsedCertificate
    let extended = false
    for (const anchor of this.trust.anchorsNamedAsIssuerOf(top)) {
      if (anchor.cert.summary.fingerprint256 === top.summary.fingerprint256 || !this.verifies(top, anchor.cert))
        continue
      extended = true
      if (this.consider([...path, anchor.cert], anchor)) return true
    }

    if (path.length - 1 >= MAX_PATH_INTERMEDIATES) {
      this.cut ||= this.issuerCandidates(top).length > 0
    } else {
      for (const issuer of this.issuerCandidates(top)) {
        if (this.onPath(path, issuer) || !this.verifies(top, issuer)) continue
        extended = true
        if (this.extend([...path, issuer])) return true
        if (this.exhausted) break
      }
    }

    if (!extended) this.consider(path, undefined)
    return false
  }

  /** Judges one maximal path; true when it is accepted. */
  private consider(path: ParsedCertificate[], anchor: TrustAnchor | undefined): boolean {
    // a path that reaches no anchor only matters when it is the longest so far and no anchored one exists
    if (!anchor && this.best && (this.best.anchor || this.best.path.length >= path.length)) return false
    const problems = this.evaluate(path, anchor).map((finding) => ({
      finding,
      rejects: REJECTING_CODES.has(finding.code),
    }))
    const candidate: Candidate = {
      path,
      problems,
      rejecting: problems.filter((p) => p.rejects).length,
      ...(anchor ? {anchor} : {}),
    }
    if (!this.best || this.isBetter(candidate, this.best)) this.best = candidate
    return anchor !== undefined && candidate.rejecting === 0
  }

  private isBetter(a: Candidate, b: Candidate): boolean {
    if ((a.anchor !== undefined) !== (b.anchor !== undefined)) return a.anchor !== undefined
    return a.anchor ? a.rejecting < b.rejecting : a.path.length > b.path.length
  }

  private profile(
    cert: ParsedCertificate,
    role: 'anchor' | 'intermediate' | 'leaf' | 'system',
    compute: () => Finding[],
  ): Finding[] {
    const key = `${role}:${cert.summary.fingerprint256}`
    let findings = this.profiles.get(key)
    if (!findings) this.profiles.set(key, (findings = compute()))
    return findings
  }

  private evaluate(path: ParsedCertificate[], anchor: TrustAnchor | undefined): Finding[] {
    const {at, skewMs, strict} = this.options
    const leaf = path[0] as ParsedCertificate
    const anchorCert = anchor && path.length > 1 ? (path.at(-1) as ParsedCertificate) : undefined
    const intermediates = path.slice(1, anchorCert ? -1 : undefined)
    const findings: Finding[] = [
      ...this.profile(leaf, 'leaf', () => [
        ...checkCertificateFields(leaf, 'leaf'),
        ...checkExtensions(leaf, {leaf: true}),
        ...checkCertificateKey(leaf, 'leaf', strict),
        ...checkSignatureAlgorithm(leaf, {role: 'leaf', strict}),
        ...checkValidity(leaf, at, {skewMs}),
        ...checkLeafIsCa(leaf),
        ...checkSelfSigned(leaf),
        ...checkSubjectAltNames(leaf),
        ...checkCommonName(leaf),
        ...checkLeafUsage(leaf),
        ...checkHostnames(leaf, this.options.hostnames ?? []),
      ]),
    ]
    for (const [i, cert] of intermediates.entries()) {
      findings.push(
        ...this.profile(cert, 'intermediate', () => [
          ...checkCertificateFields(cert, 'intermediate'),
          ...checkExtensions(cert),
          ...checkCertificateKey(cert, 'intermediate'),
          ...checkSignatureAlgorithm(cert, {role: 'intermediate', strict}),
          ...checkIssuerValidity(cert, 'intermediate', at, {skewMs}),
          ...checkNameConstraintsSyntax(cert),
          ...checkIssuerPurposes(cert, false),
        ]),
        ...checkIssuerIsCa(cert, path[i] as ParsedCertificate, false),
      )
    }

    if (anchorCert && anchor?.source === 'ca') {
      const selfSigned = anchorCert.summary.selfSigned
      findings.push(
        ...this.profile(anchorCert, 'anchor', () => [
          ...checkCertificateFields(anchorCert, 'anchor'),
          ...checkExtensions(anchorCert),
          ...checkCertificateKey(anchorCert, 'anchor'),
          ...checkSignatureAlgorithm(anchorCert, {role: selfSigned ? 'root' : 'intermediate', strict}),
          ...checkIssuerValidity(anchorCert, 'anchor', at, {skewMs}),
          ...checkNameConstraintsSyntax(anchorCert),
          ...checkIssuerPurposes(anchorCert, selfSigned),
        ]),
        ...checkIssuerIsCa(anchorCert, path.at(-2) as ParsedCertificate, true),
      )
    } else if (anchorCert) {
      // Node's bundled (Mozilla) roots are vetted by their store: only their validity and key are
      // judged, and only what makes clients refuse is said (a user cannot change a bundled root).
      findings.push(
        ...this.profile(anchorCert, 'system', () =>
          [
            ...checkIssuerValidity(anchorCert, 'anchor', at, {skewMs}),
            ...checkCertificateKey(anchorCert, 'anchor'),
          ].filter((f) => REJECTING_CODES.has(f.code)),
        ),
      )
    }

    findings.push(...checkPathLengths(path, this.options.maxIntermediates), ...checkPathNameConstraints(path))
    return findings
  }

  private untrustedReason(path: ParsedCertificate[]): Finding {
    const top = path.at(-1) as ParsedCertificate
    const hint =
      'Append the missing intermediate certificate(s), leaf first; for a private CA, pass its root with --ca.'
    if (this.exhausted) {
      return {
        code: 'CHAIN_TOO_COMPLEX',
        hint: 'Give only the leaf and the intermediates of one path to the root.',
        message: `${describeCertificate(this.leaf)}: building a path to a trust anchor was given up after ${this.signatureChecks} signature checks; clients give up too.`,
        severity: 'error',
      }
    }

    if (this.cut && path.length - 1 >= MAX_PATH_INTERMEDIATES) {
      return {
        code: 'PATH_LENGTH_EXCEEDED',
        hint: 'Give only the leaf and the intermediates of one path to the root.',
        message: `${describeCertificate(this.leaf)}: no trust anchor is reached within ${MAX_PATH_INTERMEDIATES} intermediates; clients do not build longer paths.`,
        severity: 'error',
      }
    }

    const impostors = this.badSignatures.get(top) ?? []
    if (impostors.length > 0) {
      const issuer = impostors[0] as ParsedCertificate
      return {
        code: 'CHAIN_SIGNATURE_INVALID',
        hint: 'The certificate named as the issuer has another key: give the intermediate (or --ca root) that really issued it.',
        message: `${describeCertificate(top)}: the signature does not verify with the key of ${describeCertificate(issuer)}, which has the issuer's name but is not the issuing certificate.`,
        severity: 'error',
      }
    }

    if (top.summary.selfSigned) {
      return top === this.leaf
        ? {
            code: 'CERT_SELF_SIGNED',
            hint: 'Fine for staging; to trust it anyway, pass the certificate itself with --ca.',
            message: `${describeCertificate(top)} is self-signed and is not a trust anchor.`,
            severity: 'warning',
          }
        : {
            code: 'CHAIN_ROOT_UNTRUSTED',
            hint: 'Pass the root with --ca if you trust it (a private CA); browsers only trust roots in their store.',
            message: `${describeCertificate(top)} is a root that is neither in the bundled store nor given with --ca.`,
            severity: 'warning',
          }
    }

    return {
      code: 'CHAIN_INCOMPLETE',
      hint,
      message: `${describeCertificate(top)} is issued by ${top.summary.issuer}, which is neither given nor a trust anchor (the bundled store or --ca).`,
      severity: 'warning',
    }
  }
}

/**
 * Finds and judges the best path from `leaf` to a trust anchor through `intermediates` (any
 * order, unrelated ones ignored). Pure apart from reading the bundled root store through `trust`.
 */
export function validatePath(
  leaf: ParsedCertificate,
  intermediates: ParsedCertificate[],
  trust: TrustStore,
  options: PathValidationOptions,
): PathValidation {
  return new PathSearch(leaf, intermediates, trust, options).run()
}
