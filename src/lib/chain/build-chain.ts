import type {X509Certificate} from 'node:crypto'

import type {Finding, ParsedCertificate} from '../x509/types.js'
import {checkSignatureAlgorithm} from '../cert-lint/check-signature-algorithm.js'
import {isExpired} from '../cert-lint/check-validity.js'
import {describeCertificate} from '../x509/parse-certificate.js'
import {formatDate} from '../dates.js'
import {inputError} from '../sni-error.js'
import {readCertificateNames} from './der-names.js'
import {isIssuedBy} from './is-issued-by.js'
import {findTrustedIssuer, findTrustedSelf} from './root-store.js'

export interface BuildChainOptions {
  /** SPKI SHA-256 of the private key: the certificate with this key is the leaf. */
  keySpkiSha256?: string
  /** Roots given with `--ca`, besides Node's bundled store. */
  extraRoots?: X509Certificate[]
  /** For intermediate expiry; defaults to the current time. */
  now?: Date
  /** SHA-1 signatures become errors. */
  strict?: boolean
  /**
   * Judge each certificate (intermediate expiry and CA flag, signature algorithms); the pre-flight
   * turns this off because its path validator judges every certificate of the path. Default true.
   */
  checkCertificates?: boolean
  /** The path the validator chose: where several given certificates could issue one, its choice wins. */
  preferred?: ParsedCertificate[]
}

export interface ChainResult {
  leaf: ParsedCertificate
  /** Leaf first, then each issuer; a self-signed root is never included. */
  chain: ParsedCertificate[]
  /** A self-signed root that was given and dropped (clients already have it). */
  root?: ParsedCertificate
  findings: Finding[]
  /** The chain reaches a self-signed certificate or a trust anchor. */
  complete: boolean
}

function dropDuplicates(certs: ParsedCertificate[], findings: Finding[]): ParsedCertificate[] {
  const first = new Map<string, ParsedCertificate>()
  for (const cert of certs) {
    const kept = first.get(cert.summary.fingerprint256)
    if (!kept) {
      first.set(cert.summary.fingerprint256, cert)
      continue
    }

    findings.push({
      code: 'CHAIN_DUPLICATE_DROPPED',
      hint: 'Each certificate needs to appear only once; you can remove the copy from the file.',
      message: `${describeCertificate(cert)} repeats certificate ${kept.index + 1} of ${kept.source}; the copy was dropped.`,
      severity: 'warning',
    })
  }

  return [...first.values()]
}

function issuesAnother(cert: ParsedCertificate, certs: ParsedCertificate[]): boolean {
  return certs.some((other) => other !== cert && isIssuedBy(other.x509, cert.x509))
}

/** The key's certificate when there is one; else the certificate that issued no other, a non-CA first. */
function chooseLeaf(certs: ParsedCertificate[], keySpkiSha256: string | undefined): ParsedCertificate {
  const keyed = certs.filter((c) => c.summary.publicKey.spkiSha256 === keySpkiSha256)
  const pool = keyed.length > 0 ? keyed : certs
  const bottoms = pool.filter((c) => !issuesAnother(c, certs))
  const candidates = bottoms.length > 0 ? bottoms : pool
  return candidates.find((c) => !c.summary.isCA) ?? (candidates[0] as ParsedCertificate)
}

function walkIssuers(
  leaf: ParsedCertificate,
  certs: ParsedCertificate[],
  preferred: ParsedCertificate[] = [],
): ParsedCertificate[] {
  const path = [leaf]
  let current = leaf
  const ordered = [...certs.filter((c) => preferred.includes(c)), ...certs.filter((c) => !preferred.includes(c))]
  while (!current.summary.selfSigned) {
    const issuer = ordered.find((c) => !path.includes(c) && isIssuedBy(current.x509, c.x509))
    if (!issuer) break
    path.push(issuer)
    current = issuer
  }

  return path
}

/** A given certificate with the name of `cert`'s issuer whose key does not verify `cert`'s signature. */
function findImpostor(cert: ParsedCertificate, certs: ParsedCertificate[]): ParsedCertificate | undefined {
  try {
    const {issuer} = readCertificateNames(cert.der)
    return certs.find(
      (c) => c !== cert && readCertificateNames(c.der).subject === issuer && !isIssuedBy(cert.x509, c.x509),
    )
  } catch {
    return undefined
  }
}

/** Where the chain meets a trust anchor: the index of the first certificate that is one or is issued by one (-1 when none). */
function anchorIndex(chain: ParsedCertificate[], extraRoots: X509Certificate[] | undefined): number {
  return chain.findIndex(
    (c) => findTrustedSelf(c.x509, extraRoots) !== undefined || findTrustedIssuer(c.x509, extraRoots) !== undefined,
  )
}

function checkIntermediate(cert: ParsedCertificate, now: Date): Finding[] {
  const findings: Finding[] = []
  if (isExpired(cert, now)) {
    findings.push({
      code: 'INTERMEDIATE_EXPIRED',
      hint: 'Download the current intermediate certificate from your certificate authority.',
      message: `${describeCertificate(cert)} is an intermediate that expired on ${formatDate(cert.summary.notAfter)}.`,
      severity: 'error',
    })
  }

  if (!cert.summary.isCA) {
    findings.push({
      code: 'INTERMEDIATE_NOT_CA',
      hint: 'Only CA certificates may issue others; check that the file holds the right intermediate.',
      message: `${describeCertificate(cert)} issues another certificate in the chain but is not a CA (no basicConstraints CA:TRUE).`,
      severity: 'error',
    })
  }

  return findings
}

function isInputOrder(unique: ParsedCertificate[], ordered: ParsedCertificate[]): boolean {
  const given = unique.filter((c) => ordered.includes(c))
  return given.every((c, i) => c === ordered[i])
}

/**
 * Orders the given certificates into leaf -> intermediates (-> root), verifying each link by issuer
 * name and signature. Warns about what it fixed (duplicates, order, a root) and reports what it
 * cannot fix (unrelated certificates, broken intermediates). An incomplete chain is only a warning:
 * private CAs are legitimate.
 */
export function buildChain(certs: ParsedCertificate[], options: BuildChainOptions = {}): ChainResult {
  if (certs.length === 0) {
    throw inputError(
      'No certificate was given to check.',
      'CERT_MISSING',
      'Give a PEM, DER or PKCS#12 file that holds your certificate.',
    )
  }

  const findings: Finding[] = []
  const now = options.now ?? new Date()
  const unique = dropDuplicates(certs, findings)
  const leaf = chooseLeaf(unique, options.keySpkiSha256)
  const path = walkIssuers(leaf, unique, options.preferred)
  const top = path.at(-1) as ParsedCertificate
  const root = path.length > 1 && top.summary.selfSigned ? top : undefined
  const chain = root ? path.slice(0, -1) : path

  if (!isInputOrder(unique, path)) {
    findings.push({
      code: 'CHAIN_REORDERED',
      hint: 'Nothing to do; the chain is sent leaf first, then each issuer.',
      message: `${leaf.source}: the certificates were not in order (leaf first, then each issuer) and were reordered.`,
      severity: 'warning',
    })
  }

  if (root) {
    findings.push({
      code: 'CHAIN_ROOT_DROPPED',
      hint: 'Nothing to do; clients already have the root, so it is not sent.',
      message: `${describeCertificate(root)} is a self-signed root and was left out of the chain.`,
      severity: 'warning',
    })
  }

  const impostor = findImpostor(
    path.at(-1) as ParsedCertificate,
    unique.filter((c) => !path.includes(c)),
  )
  if (impostor) {
    findings.push({
      code: 'CHAIN_SIGNATURE_INVALID',
      hint: "It has the issuer's name but another key: give the intermediate that really issued the certificate (download it again from your certificate authority).",
      message: `${describeCertificate(impostor)} has the name of the issuer of ${describeCertificate(path.at(-1) as ParsedCertificate)}, but the signature does not verify with its key.`,
      severity: 'error',
    })
  }

  for (const cert of unique.filter((c) => !path.includes(c) && c !== impostor)) {
    findings.push({
      code: 'CHAIN_UNRELATED_CERTIFICATE',
      hint: 'Remove it from the file; only the leaf and the intermediates that issued it belong in the chain.',
      message: `${describeCertificate(cert)} is not on the path from the leaf (${leaf.summary.subject}) to its root.`,
      severity: 'error',
    })
  }

  const last = chain.at(-1) as ParsedCertificate
  const complete =
    root !== undefined ||
    last.summary.selfSigned ||
    findTrustedSelf(last.x509, options.extraRoots) !== undefined ||
    findTrustedIssuer(last.x509, options.extraRoots) !== undefined
  if (!complete && !impostor) {
    findings.push({
      code: 'CHAIN_INCOMPLETE',
      hint: 'Append the missing intermediate certificate(s) to the certificate file, leaf first; for a private CA, pass its root with --ca.',
      message: `${last.source}: chain ends at ${last.summary.issuer}, which is neither given nor a known root; add the intermediate certificate.`,
      severity: 'warning',
    })
  }

  // Clients stop at the first trust anchor: certificates beyond it (a cross-signed copy of the root,
  // say) are sent along but never judged by them, so only an expired one is mentioned.
  const anchored = anchorIndex(chain, options.extraRoots)
  const judged = anchored === -1 ? chain : chain.slice(0, anchored + 1)
  for (const cert of chain.slice(judged.length)) {
    if (!isExpired(cert, now)) continue
    findings.push({
      code: 'CHAIN_EXPIRED_CROSS_SIGN',
      hint: 'Nothing to do for clients that trust the root; you may leave the expired certificate out of the file.',
      message: `${describeCertificate(cert)} expired on ${formatDate(cert.summary.notAfter)}, but it lies beyond the trust anchor that issued ${describeCertificate(judged.at(-1) as ParsedCertificate)}, where clients stop.`,
      severity: 'warning',
    })
  }

  if (options.checkCertificates ?? true) {
    for (const cert of judged.slice(1)) findings.push(...checkIntermediate(cert, now))
    for (const [i, cert] of path.entries()) {
      if (i > judged.length - 1 && cert !== root) continue
      const role = cert === root ? 'root' : i === 0 ? 'leaf' : 'intermediate'
      findings.push(...checkSignatureAlgorithm(cert, {role, strict: options.strict}))
    }
  }

  return {chain, complete, findings, leaf, ...(root ? {root} : {})}
}
