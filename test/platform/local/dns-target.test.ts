import assert from 'node:assert/strict'

import {DNS_TARGET_SUFFIX, generateDnsTarget, pickDnsTarget} from '../../../src/platform/local/dns-target.js'
import {expectSniError} from '../contract.js'

describe('DNS targets', () => {
  it('are <adjective>-<noun>-<16 hex>.herokudns.localhost, within DNS limits', () => {
    const targets = Array.from({length: 1000}, () => generateDnsTarget())
    for (const target of targets) {
      assert.match(target, /^[a-z]+-[a-z]+-[0-9a-f]{16}\.herokudns\.localhost$/)
      assert.ok(target.endsWith(DNS_TARGET_SUFFIX))
      assert.ok(target.length <= 253, target)
      for (const label of target.split('.')) assert.ok(label.length >= 1 && label.length <= 63, target)
    }

    assert.equal(new Set(targets).size, targets.length)
  })

  it('regenerate on a collision', () => {
    let asked = 0
    const target = pickDnsTarget(() => ++asked < 3)
    assert.equal(asked, 3)
    assert.ok(target.endsWith(DNS_TARGET_SUFFIX))
  })

  it('fail with a store error when every try collides', async () => {
    await expectSniError(
      Promise.resolve().then(() => pickDnsTarget(() => true)),
      {code: 'STORE_DNS_TARGET_COLLISION', exit: 8},
    )
  })
})
