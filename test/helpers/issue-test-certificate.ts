import forge from 'node-forge'

import {parseCertificateDer} from '../../src/lib/x509/parse-certificate.js'
import type {ParsedCertificate} from '../../src/lib/x509/types.js'
import {readFixture} from './fixtures.js'

export interface TestCertificateSpec {
  /** Common Name of the subject (and of the issuer unless `issuer` is given). */
  subject: string
  issuer?: string
  /** RSA key fixture whose public key the certificate carries. */
  keyFixture: string
  /** RSA key fixture that signs; defaults to keyFixture (self-signed). */
  signerFixture?: string
  ca?: boolean
  notBefore?: Date
  notAfter?: Date
  dnsNames?: string[]
  /** Further forge extension objects, appended as given (duplicates allowed on purpose). */
  extensions?: object[]
  source?: string
  index?: number
}

function rsaKey(name: string): forge.pki.rsa.PrivateKey {
  return forge.pki.privateKeyFromPem(readFixture(name).toString('utf8')) as forge.pki.rsa.PrivateKey
}

/**
 * Builds certificates the openssl fixtures cannot express (duplicate extensions, NUL in a SAN, a
 * non-CA issuer, inverted dates) with forge, signed by fixture RSA keys so no key is generated.
 */
export function issueTestCertificate(spec: TestCertificateSpec): ParsedCertificate {
  const key = rsaKey(spec.keyFixture)
  const signer = rsaKey(spec.signerFixture ?? spec.keyFixture)
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e)
  cert.serialNumber = forge.util.bytesToHex(forge.random.getBytesSync(8)).replace(/^[89a-f]/, '1')
  cert.validity.notBefore = spec.notBefore ?? new Date(Date.now() - 24 * 3600 * 1000)
  cert.validity.notAfter = spec.notAfter ?? new Date(Date.now() + 90 * 24 * 3600 * 1000)
  cert.setSubject([{shortName: 'CN', value: spec.subject}])
  cert.setIssuer([{shortName: 'CN', value: spec.issuer ?? spec.subject}])
  const extensions: object[] = [{cA: spec.ca ?? false, critical: true, name: 'basicConstraints'}]
  if (spec.dnsNames)
    extensions.push({altNames: spec.dnsNames.map((value) => ({type: 2, value})), name: 'subjectAltName'})
  cert.setExtensions([...extensions, ...(spec.extensions ?? [])])
  cert.sign(signer, forge.md.sha256.create())
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary')
  return parseCertificateDer(der, spec.source ?? 'test.pem', spec.index ?? 0)
}
