import assert from 'node:assert/strict'

import {describeNextStep} from '../../../src/lib/generate/next-step.js'
import {planOutputFiles} from '../../../src/lib/generate/output-files.js'

describe('describeNextStep', () => {
  it('tells a CSR user to get it signed, then add the certificate', () => {
    assert.deepEqual(describeNextStep('sni', planOutputFiles('.', 'www.example.com', false), false), {
      command: 'sni certs:add CERTFILE www.example.com.key --app APP',
      lines: [
        "Submit the CSR in 'www.example.com.csr' to your certificate authority.",
        'When you have its certificate, run:',
        '$ sni certs:add CERTFILE www.example.com.key --app APP',
      ],
    })
  })

  it('gives a self-signed user the add command with both files', () => {
    assert.deepEqual(describeNextStep('sni', planOutputFiles('.', '*.example.com', true), true), {
      command: 'sni certs:add wildcard.example.com.crt wildcard.example.com.key --app APP',
      lines: [
        'Your key and self-signed certificate have been generated.',
        'Next, run:',
        '$ sni certs:add wildcard.example.com.crt wildcard.example.com.key --app APP',
      ],
    })
  })

  it('quotes paths a shell would split', () => {
    const {command} = describeNextStep('sni', planOutputFiles("my certs/it's", 'a.example', true), true)
    assert.equal(command, `sni certs:add 'my certs/it'\\''s/a.example.crt' 'my certs/it'\\''s/a.example.key' --app APP`)
  })
})
