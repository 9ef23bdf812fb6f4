import type {X509Certificate} from 'node:crypto'

import type {CertificateSummary, Finding, ParsedCertificate, ParsedPrivateKey, PublicKeyInfo, TrustVerdict} from './cert/types.js'
import type {SecretPem} from './cert/secret-pem.js'
import {formatPemBlock} from './cert/pem-blocks.js'
import {buildChain} from './chain/build-chain.js'
import {evaluateTrust} from './chain/evaluate-trust.js'
import {checkExtensions} from './checks/check-extensions.js'
import {checkKeyMatch} from './checks/check-key-match.js'
import {checkKeyPolicy} from './checks/check-key-policy.js'
import {checkLeafIsCa} from './checks/check-leaf-is-ca.js'
import {checkSelfSigned} from './checks/check-self-signed.js'
import {checkSubjectAltNames} from './checks/check-subject-alt-names.js'
import {checkValidity} from './checks/check-validity.js'

export interface PreflightInput {
  /** Every certificate decoded from the input, in file order. */
  certificates: ParsedCertificate[]
  key?: ParsedPrivateKey
  /** Roots given with `--ca`. */
  extraRoots?: X509Certificate[]
  now?: Date
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
  findings: Finding[]
  /** No finding has error severity. */
  ok: boolean
}

function checkKey(leaf: ParsedCertificate, key: ParsedPrivateKey | undefined, requireKey: boolean | undefined): Finding[] {
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

/**
 * The local pre-flight shared by certs:add, certs:update and certs:inspect: builds the chain, runs
 * every check on already-decoded input and decides trust. Pure apart from reading Node's root
 * store; returns findings instead of throwing, so callers can show them all at once.
 */
export function runPreflight(input: PreflightInput): PreflightResult {
  const now = input.now ?? new Date()
  const built = buildChain(input.certificates, {
    extraRoots: input.extraRoots,
    keySpkiSha256: input.key?.info.spkiSha256,
    now,
    strict: input.strict,
  })
  const {leaf, chain, root} = built
  const findings: Finding[] = [
    ...(input.findings ?? []),
    ...built.findings,
    ...checkKey(leaf, input.key, input.requireKey),
    ...checkKeyPolicy(leaf.summary.publicKey, {label: `${leaf.source}: the certificate's key`, strict: input.strict}),
    ...checkValidity(leaf, now),
    ...checkLeafIsCa(leaf),
    ...checkSelfSigned(leaf),
    ...checkSubjectAltNames(leaf),
    ...chain.flatMap((cert) => checkExtensions(cert)),
  ]
  const uploaded = input.includeRoot && root ? [...chain, root] : chain
  const result: PreflightResult = {
    chain: chain.map((c) => c.summary),
    chainPem: uploaded.map((c) => formatPemBlock('CERTIFICATE', c.der)).join(''),
    findings,
    leaf: leaf.summary,
    ok: !findings.some((f) => f.severity === 'error'),
    trust: evaluateTrust(chain, input.extraRoots).verdict,
  }
  if (root) result.droppedRoot = root.summary
  if (input.key) result.key = {info: input.key.info, pem: input.key.pem}
  return result
}
