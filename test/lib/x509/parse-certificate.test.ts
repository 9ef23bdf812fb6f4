import assert from 'node:assert/strict'

import {describeCertificate} from '../../../src/lib/x509/parse-certificate.js'
import {loadFixtureCertificates} from '../../helpers/parsed-fixtures.js'

describe('describeCertificate', () => {
  it('names the file, the 1-based position and the subject', () => {
    const [, intermediate] = loadFixtureCertificates('chain-in-order.pem')
    assert.equal(
      describeCertificate(intermediate!),
      'chain-in-order.pem: certificate 2 (/C=US/O=Fixture Trust/CN=Fixture Intermediate CA)',
    )
  })
})
