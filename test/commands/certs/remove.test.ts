import assert from 'node:assert/strict'

import type {SniEndpointJson} from '../../../src/lib/display/sni-endpoint-json.js'
import type {Domain, SniEndpoint} from '../../../src/lib/models.js'
import {readFixture} from '../../helpers/fixtures.js'
import {
  addWildcardEndpoint,
  chainInput,
  readLocalApp,
  storeSnapshot,
  useLocalSni,
  withLocalClient,
} from '../../helpers/local-store.js'
import {assertSchemaRefusesPrivateKeys, parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {oneLine} from '../../helpers/run-sni.js'

const SECRETS = ['leaf-rsa2048.key', 'wildcard.key'].map((name) => readFixture(name).toString('utf8'))

describe('certs:remove', () => {
  const local = useLocalSni('sni-certs-remove-', SECRETS)
  const {sni} = local
  let rsa: SniEndpoint
  let wildcard: SniEndpoint
  const readStore = (): Promise<{domains: Domain[]; endpoints: SniEndpoint[]}> => readLocalApp(local.home, 'shop')

  beforeEach(async () => {
    await withLocalClient(local.home, async (client) => {
      rsa = await client.createSniEndpoint('shop', chainInput('chain-in-order.pem', 'leaf-rsa2048.key'))
      wildcard = await addWildcardEndpoint(client)
      await client.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: rsa.name})
      await client.addDomain('shop', {hostname: 'example.com', sniEndpoint: rsa.name})
      await client.addDomain('shop', {hostname: 'api.example.com', sniEndpoint: wildcard.name})
    })
  })

  it('changes nothing without --confirm (exit 9), with a wrong --confirm, or without --name when several exist', async () => {
    const before = storeSnapshot(local.home)
    const [noConfirm, noConfirmJson, wrong, several, unknown] = await Promise.all([
      sni('certs:remove', '--app', 'shop', '--name', rsa.name),
      sni('certs:remove', '--app', 'shop', '--name', rsa.name, '--json'),
      sni('certs:remove', '--app', 'shop', '--endpoint', 'www.example.com', '--confirm', 'shop2', '--json'),
      sni('certs:remove', '--app', 'shop', '--confirm', 'shop', '--json'),
      sni('certs:remove', '--app', 'shop', '--name', 'nope-12345', '--confirm', 'shop', '--json'),
    ])
    assert.equal(noConfirm.exitCode, 9)
    assert.equal(noConfirm.stdout, '')
    assert.equal(
      oneLine(noConfirm.stderr),
      `Error: certs:remove needs confirmation and there is no terminal to ask; nothing was changed. Try this: Re-run with --confirm shop: \`sni certs:remove --app shop --name ${rsa.name} --confirm shop\``,
    )
    const required = parseJsonError(noConfirmJson)
    assert.deepEqual(
      [required.exit, required.code, required.message, required.hint],
      [
        9,
        'CONFIRMATION_REQUIRED',
        'certs:remove needs confirmation and --json was given, so sni never prompts; nothing was changed.',
        `Re-run with --confirm shop: \`sni certs:remove --app shop --name ${rsa.name} --json --confirm shop\``,
      ],
    )
    const mismatch = parseJsonError(wrong)
    assert.deepEqual(
      [mismatch.exit, mismatch.code, mismatch.message],
      [9, 'CONFIRMATION_MISMATCH', 'Confirmation shop2 did not match shop. Aborted.'],
    )
    const ambiguous = parseJsonError(several)
    assert.deepEqual([ambiguous.exit, ambiguous.message], [2, 'Must pass --name when more than one endpoint.'])
    const missing = parseJsonError(unknown)
    assert.deepEqual([missing.exit, missing.message], [5, 'Record not found.'])
    assert.equal(storeSnapshot(local.home), before, 'the store is unchanged')
  })

  it('removes with --confirm APP and names the domains that lost HTTPS; --json returns the endpoint as it was', async () => {
    const removed = await sni('certs:remove', '--app', 'shop', '--endpoint', 'www.example.com', '--confirm', 'shop')
    assert.equal(removed.exitCode, 0, removed.stderr)
    assert.equal(
      removed.stdout,
      'These domains no longer have a certificate, so HTTPS stops for them: www.example.com, example.com.\n',
    )
    assert.equal(removed.stderr, `Removing SSL certificate ${rsa.name} from shop... done\n`)
    let store = await readStore()
    assert.deepEqual(
      store.endpoints.map((e) => e.name),
      [wildcard.name],
    )
    assert.deepEqual(
      store.domains.map((d) => [d.hostname, d.sniEndpoint?.name ?? null]),
      [
        ['www.example.com', null],
        ['example.com', null],
        ['api.example.com', wildcard.name],
      ],
      'the domains stay on the app',
    )

    // Now the only endpoint: no selector needed.
    const json = await sni('certs:remove', '--app', 'shop', '--confirm', 'shop', '--json')
    assert.equal(json.exitCode, 0, json.stderr)
    const endpoint = parseJsonOutput<SniEndpointJson>('certs-remove', json.stdout)
    assertSchemaRefusesPrivateKeys('certs-remove', endpoint)
    assert.equal(endpoint.name, wildcard.name)
    assert.deepEqual(endpoint.domains, [store.domains.find((d) => d.hostname === 'api.example.com')?.id])
    assert.deepEqual(endpoint.sni.domainHostnames, ['api.example.com'])
    store = await readStore()
    assert.deepEqual(store.endpoints, [])
    assert.ok(store.domains.every((d) => d.sniEndpoint === null))
  })
})
