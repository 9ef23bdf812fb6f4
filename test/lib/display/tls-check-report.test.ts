import assert from 'node:assert/strict'

import {renderFailureSummary, renderTlsCheckReport} from '../../../src/lib/display/tls-check-report.js'
import type {TlsCheckReport} from '../../../src/lib/tls-check/types.js'

const REPORT: TlsCheckReport = {
  chain: [
    {
      fingerprint256: 'AA',
      issuer: '/CN=Fixture Intermediate CA',
      notAfter: '2030-01-02T03:04:05.000Z',
      notBefore: '2029-01-01T00:00:00.000Z',
      subject: '/CN=www.example.com',
    },
  ],
  checks: [
    {detail: 'TLSv1.3, TLS_AES_128_GCM_SHA256', name: 'handshake', ok: true, severity: 'info'},
    {
      detail: 'the certificate is for api.example.org, not www.example.com',
      name: 'hostname',
      ok: false,
      severity: 'error',
    },
    {detail: '10 days left', name: 'expiry', ok: false, severity: 'warning'},
    {detail: 'no --app given', name: 'platform', ok: true, severity: 'info', skipped: true},
    {detail: 'the server accepts TLS 1.1', name: 'tls1.1', ok: false, severity: 'error'},
  ],
  cipher: 'TLS_AES_128_GCM_SHA256',
  hostname: 'www.example.com',
  ok: false,
  protocol: 'TLSv1.3',
  target: {host: '::1', port: 8443},
}

describe('renderTlsCheckReport', () => {
  it('shows the connection, the served chain and one marked line per check', () => {
    assert.equal(
      renderTlsCheckReport(REPORT),
      [
        'Checked www.example.com at [::1]:8443',
        'Protocol: TLSv1.3',
        'Cipher:   TLS_AES_128_GCM_SHA256',
        '',
        'Served chain (as sent):',
        '  1. /CN=www.example.com',
        '     issuer:  /CN=Fixture Intermediate CA',
        '     expires: 2030-01-02 03:04 UTC',
        '',
        'Checks:',
        '  ✓ handshake  TLSv1.3, TLS_AES_128_GCM_SHA256',
        '  ✗ hostname   the certificate is for api.example.org, not www.example.com',
        '  ! expiry     10 days left',
        '  - platform   no --app given',
        '  ✗ tls1.1     the server accepts TLS 1.1',
      ].join('\n'),
    )
  })

  it('leaves out protocol and chain when the handshake failed', () => {
    const failed: TlsCheckReport = {
      ...REPORT,
      chain: [],
      checks: [{detail: 'the TLS handshake failed: x', name: 'handshake', ok: false, severity: 'error'}],
      cipher: null,
      protocol: null,
    }
    assert.equal(
      renderTlsCheckReport(failed),
      ['Checked www.example.com at [::1]:8443', '', 'Checks:', '  ✗ handshake  the TLS handshake failed: x'].join('\n'),
    )
  })

  it('sums up the failed checks (not warnings) for stderr', () => {
    assert.equal(renderFailureSummary(REPORT), '2 checks failed: hostname, tls1.1.')
    assert.equal(renderFailureSummary({...REPORT, checks: REPORT.checks.slice(0, 1), ok: true}), undefined)
  })
})
