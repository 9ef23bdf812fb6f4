import assert from 'node:assert/strict'

import {dnsFixFor, humanizeAcmStatus, isAcmSettled, renderDnsFix} from '../../../src/lib/acm/acm-status.js'

describe('ACM status words', () => {
  // Heroku's certs:auto humanize(): fixed words, else each `-`-separated word capitalised.
  const cases: Array<[string | null, string]> = [
    [null, 'Waiting'],
    ['ok', 'OK'],
    ['failed', 'Failed'],
    ['verified', 'In Progress'],
    ['dns-verified', 'DNS Verified'],
    ['in-progress', 'In Progress'],
    ['failing', 'Failing'],
    ['pending', 'Pending'],
    ['cert issued', 'Cert issued'],
  ]
  for (const [status, want] of cases) {
    it(`${JSON.stringify(status)} -> ${want}`, () => {
      assert.equal(humanizeAcmStatus(status), want)
    })
  }

  it("settles on cert issued and failed only (as Heroku's --wait)", () => {
    assert.deepEqual(
      [null, 'pending', 'verified', 'failing', 'cert issued', 'failed'].map((s) => isAcmSettled(s)),
      [false, false, false, false, true, true],
    )
    assert.equal(
      isAcmSettled(null, 'served by the manually uploaded certificate tyrannosaurus-12345, so ACM leaves it alone'),
      true,
    )
  })
})

describe('the DNS fix', () => {
  it('CNAME for a subdomain, ALIAS or ANAME for an apex, and a wait when there is no target yet', () => {
    assert.equal(
      renderDnsFix(dnsFixFor({cname: 'calm-bay-1.herokudns.com', hostname: 'www.example.com'}), 'shop'),
      'point www.example.com at calm-bay-1.herokudns.com with a CNAME record',
    )
    assert.equal(
      renderDnsFix(dnsFixFor({cname: 'calm-bay-1.herokudns.com', hostname: 'example.com'}), 'shop'),
      'point example.com at calm-bay-1.herokudns.com with an ALIAS or ANAME record',
    )
    assert.equal(
      renderDnsFix(dnsFixFor({cname: null, hostname: 'www.example.com'}), 'shop'),
      'www.example.com has no DNS target yet; run `sni domains:info www.example.com --app shop` in a minute to see it.',
    )
  })
})
