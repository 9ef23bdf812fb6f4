import assert from 'node:assert/strict'

import {renderCertificateDetails, renderTrustSentence} from '../../../src/lib/display/certificate-details.js'

const selfSigned = {
  caSigned: false,
  certDomains: ['www.example.com', 'example.com'],
  expiresAt: '2027-11-27T02:32:54Z',
  issuer: '/C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com',
  startsAt: '2026-11-27T02:32:54Z',
  subject: '/C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com',
}

describe('renderCertificateDetails', () => {
  it("prints Heroku's block exactly", () => {
    assert.equal(
      renderCertificateDetails(selfSigned),
      [
        'Certificate details:',
        'Common Name(s): www.example.com',
        '                example.com',
        'Expires At:     2027-11-27 02:32 UTC',
        'Issuer:         /C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com',
        'Starts At:      2026-11-27 02:32 UTC',
        'Subject:        /C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com',
        'SSL certificate is self signed.',
      ].join('\n'),
    )
  })

  it("puts the endpoint's name first when there is one", () => {
    const out = renderCertificateDetails(selfSigned, {name: 'tyrannosaurus-12345'})
    assert.match(out, /^Certificate details:\nName: {11}tyrannosaurus-12345\nCommon Name\(s\): www\.example\.com\n/)
  })

  it('adds Domain(s) and a custom heading, and shows IDNs in both forms', () => {
    const out = renderCertificateDetails(
      {...selfSigned, certDomains: ['xn--bcher-kva.example']},
      {domains: ['xn--bcher-kva.example'], heading: 'Updated certificate details:'},
    )
    assert.match(out, /^Updated certificate details:\n/)
    assert.match(out, /^Common Name\(s\): xn--bcher-kva\.example \(bücher\.example\)$/m)
    assert.match(out, /^Domain\(s\): {6}xn--bcher-kva\.example \(bücher\.example\)$/m)
  })

  it('survives missing details (Heroku may return ssl_cert: {})', () => {
    const out = renderCertificateDetails({caSigned: false, certDomains: []})
    assert.match(out, /^Expires At: +unknown$/m)
    assert.match(out, /SSL certificate is not trusted\.$/)
  })
})

describe('renderTrustSentence', () => {
  const cases: Array<[string, Parameters<typeof renderTrustSentence>[0], string]> = [
    [
      'CA-signed',
      {caSigned: true, issuer: '/CN=a', subject: '/CN=b'},
      'SSL certificate is verified by a root authority.',
    ],
    ['self-signed', {caSigned: false, issuer: '/CN=a', subject: '/CN=a'}, 'SSL certificate is self signed.'],
    ['untrusted', {caSigned: false, issuer: '/CN=ca', subject: '/CN=a'}, 'SSL certificate is not trusted.'],
  ]
  for (const [name, input, want] of cases) it(name, () => assert.equal(renderTrustSentence(input), want))
})
