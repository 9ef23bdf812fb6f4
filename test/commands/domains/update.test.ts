import assert from 'node:assert/strict'

import type {DomainJson} from '../../../src/lib/display/domain-json.js'
import {readFixture} from '../../helpers/fixtures.js'
import {
  addWildcardEndpoint,
  chainInput,
  storeSnapshot,
  useLocalSni,
  withLocalClient,
} from '../../helpers/local-store.js'
import {assertSchemaRefusesPrivateKeys, parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {oneLine} from '../../helpers/run-sni.js'

const SECRETS = ['wildcard.key', 'leaf-rsa2048.key'].map((name) => readFixture(name).toString('utf8'))

describe('domains:update', () => {
  const local = useLocalSni('sni-domains-update-', SECRETS)
  const {sni} = local

  it('associates a covering certificate, and refuses one that does not cover the hostname (exit 3) or does not exist (exit 5)', async () => {
    const {rsa, wildcard} = await withLocalClient(local.home, async (client) => {
      const wildcard = await addWildcardEndpoint(client)
      const rsa = await client.createSniEndpoint('shop', chainInput('chain-in-order.pem', 'leaf-rsa2048.key'))
      for (const hostname of [
        'www.example.com',
        'api.example.com',
        'www.example.community',
        'api.example.com.evil.net',
      ]) {
        await client.addDomain('shop', {hostname, sniEndpoint: null})
      }
      return {rsa, wildcard}
    })

    const [human, json] = await Promise.all([
      sni('domains:update', 'www.example.com', '--cert', wildcard.name, '--app', 'shop'),
      sni('domains:update', 'API.example.com', '--cert', wildcard.id, '--app', 'shop', '--json'),
    ])
    assert.equal(human.exitCode, 0, human.stderr)
    assert.equal(human.stdout, '')
    assert.equal(human.stderr, `Updating www.example.com to use ${wildcard.name} certificate... done\n`)
    assert.equal(json.exitCode, 0, json.stderr)
    const api = parseJsonOutput<DomainJson>('domains-update', json.stdout)
    assertSchemaRefusesPrivateKeys('domains-update', api)
    assert.deepEqual([api.hostname, api.sni_endpoint], ['api.example.com', {id: wildcard.id, name: wildcard.name}])

    const before = storeSnapshot(local.home)
    const [community, evil, otherCert, unknownCert, unknownDomain, missingFlag, ...invalid] = await Promise.all([
      sni('domains:update', 'www.example.community', '--cert', wildcard.name, '--app', 'shop', '--json'),
      sni('domains:update', 'api.example.com.evil.net', '--cert', wildcard.name, '--app', 'shop'),
      sni('domains:update', 'api.example.com', '--cert', rsa.name, '--app', 'shop', '--json'),
      sni('domains:update', 'www.example.com', '--cert', 'nope-12345', '--app', 'shop', '--json'),
      sni('domains:update', 'shop.example.com', '--cert', wildcard.name, '--app', 'shop', '--json'),
      sni('domains:update', 'www.example.com', '--app', 'shop', '--json'),
      ...['bad_host!', 'a..b', '../x'].map((h) =>
        sni('domains:update', h, '--cert', wildcard.name, '--app', 'shop', '--json'),
      ),
    ])
    const refused = parseJsonError(community)
    assert.deepEqual([refused.exit, refused.code], [3, 'DOMAIN_NOT_COVERED'])
    assert.equal(
      refused.message,
      `Certificate ${wildcard.name} does not cover www.example.community (it covers *.example.com, example.com).`,
    )
    assert.equal(evil.exitCode, 3)
    assert.equal(evil.stdout, '')
    assert.match(
      oneLine(evil.stderr),
      new RegExp(`Error: Certificate ${wildcard.name} does not cover api\\.example\\.com\\.evil\\.net`),
    )
    const wrongCert = parseJsonError(otherCert)
    assert.deepEqual(
      [wrongCert.exit, wrongCert.message],
      [3, `Certificate ${rsa.name} does not cover api.example.com (it covers www.example.com, example.com).`],
    )
    const missing = parseJsonError(unknownCert)
    assert.deepEqual([missing.exit, missing.message], [5, "Couldn't find that SNI endpoint."])
    const noDomain = parseJsonError(unknownDomain)
    assert.deepEqual([noDomain.exit, noDomain.message], [5, "Couldn't find that domain."])
    const usage = parseJsonError(missingFlag)
    assert.equal(usage.exit, 2)
    assert.match(usage.message, /Missing required flag cert/)
    for (const run of invalid)
      assert.deepEqual([parseJsonError(run).exit, parseJsonError(run).code], [2, 'INVALID_HOSTNAME'])
    assert.equal(storeSnapshot(local.home), before, 'the store is unchanged')
  })
})
