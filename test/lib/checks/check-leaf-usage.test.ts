import assert from 'node:assert/strict'

import {KeyPurpose} from '../../../src/lib/cert/certificate-extensions.js'
import {checkLeafUsage} from '../../../src/lib/checks/check-leaf-usage.js'
import {type ExtensionSpec, ext, issueCertificate, issueRoot, testKey} from '../../helpers/certificate-builder.js'

const root = issueRoot()
const usage = (extensions: ExtensionSpec[], spec: Parameters<typeof issueCertificate>[0] = {}) =>
  checkLeafUsage(issueCertificate({extensions, issuer: root, ...spec}).parse()).map((f) => `${f.severity}:${f.code}`)

describe('checkLeafUsage', () => {
  const rows: Array<[string, ExtensionSpec[], string[], Parameters<typeof issueCertificate>[0]?]> = [
    ['serverAuth', [ext.eku([KeyPurpose.serverAuth])], []],
    ['serverAuth and clientAuth', [ext.eku([KeyPurpose.serverAuth, KeyPurpose.clientAuth])], []],
    ['clientAuth only', [ext.eku([KeyPurpose.clientAuth])], ['error:CERT_EKU_NOT_SERVER_AUTH']],
    ['codeSigning only', [ext.eku([KeyPurpose.codeSigning])], ['error:CERT_EKU_NOT_SERVER_AUTH']],
    ['emailProtection only', [ext.eku([KeyPurpose.emailProtection])], ['error:CERT_EKU_NOT_SERVER_AUTH']],
    ['anyExtendedKeyUsage', [ext.eku([KeyPurpose.any])], ['warning:CERT_EKU_ANY']],
    ['no extendedKeyUsage (any use, RFC 5280)', [], [], {without: ['2.5.29.37']}],
    ['keyCertSign only', [ext.keyUsage([5])], ['error:CERT_KEY_USAGE_NOT_TLS']],
    ['keyEncipherment only on an ECDSA key', [ext.keyUsage([2])], ['error:CERT_KEY_USAGE_NOT_TLS']],
    ['keyEncipherment only on an RSA key', [ext.keyUsage([2])], [], {key: testKey('rsa:2048')}],
    ['no keyUsage', [], [], {without: ['2.5.29.15']}],
    ['nameConstraints on a non-CA', [ext.nameConstraints({permitted: [{dns: 'example.com'}]})], ['error:NAME_CONSTRAINTS_INVALID']],
    ['a CA in the leaf position keeps its CA key usage', [ext.basicConstraints(true), ext.keyUsage([5, 6])], []],
  ]
  for (const [label, extensions, expected, spec] of rows) it(label, () => assert.deepEqual(usage(extensions, spec), expected))

  it('names the purposes it has', () => {
    const [finding] = checkLeafUsage(issueCertificate({extensions: [ext.eku([KeyPurpose.clientAuth, KeyPurpose.codeSigning])], issuer: root}).parse())
    assert.match(finding?.message ?? '', /may only be used for clientAuth, codeSigning \(extended key usage\), not as a TLS server certificate/)
  })
})
