import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {mkdtempSync, rmSync} from 'node:fs'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type BetterSqlite3 from 'better-sqlite3'

import {SecretPem} from '../../../src/lib/x509/secret-pem.js'
import {type LocalPlatformClient, openLocalPlatformClient} from '../../../src/platform/local/local-platform-client.js'
import {readFixture} from '../../helpers/fixtures.js'
import {contractInputs, expectSniError, runPlatformContract} from '../contract.js'

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3

runPlatformContract('local', async () => {
  const home = mkdtempSync(join(tmpdir(), 'sni-contract-'))
  const client = openLocalPlatformClient({home})
  return {
    client,
    async teardown() {
      client.close()
      rmSync(home, {force: true, recursive: true})
    },
  }
})

describe('LocalPlatformClient', () => {
  let home: string
  let notices: string[]
  let client: LocalPlatformClient
  const inputs = contractInputs()

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'sni-local-'))
    notices = []
    client = openLocalPlatformClient({home, onNotice: (m) => notices.push(m)})
  })

  afterEach(() => {
    client.close()
    rmSync(home, {force: true, recursive: true})
  })

  it('creates an app on its first write and says so once', async () => {
    await client.createSniEndpoint('example', inputs.rsa)
    await client.createSniEndpoint('example', inputs.ecdsa)
    await client.addDomain('example', {hostname: 'www.example.com', sniEndpoint: null})
    await client.addDomain('other-app', {hostname: 'api.example.com', sniEndpoint: null})
    assert.deepEqual(notices, [
      'Created app example on the local platform.',
      'Created app other-app on the local platform.',
    ])
  })

  it('creates no app, and reports none, when the first write is refused', async () => {
    await expectSniError(
      client.addDomain('example', {hostname: 'www.example.com', sniEndpoint: 'tyrannosaurus-00000'}),
      {code: 'not_found', exit: 5},
    )
    await expectSniError(client.createSniEndpoint('example', {...inputs.rsa, privateKey: inputs.ecdsa.privateKey}), {
      code: 'unprocessable_entity',
      exit: 5,
    })
    assert.deepEqual(notices, [])
    await expectSniError(client.listSniEndpoints('example'), {
      code: 'not_found',
      exit: 5,
      message: "Couldn't find that app.",
    })
  })

  it('computes the stored certificate details with our library', async () => {
    const rsa = await client.createSniEndpoint('example', inputs.rsa)
    const ecdsa = await client.createSniEndpoint('example', inputs.ecdsa)
    const selfSigned = await client.createSniEndpoint('example', {
      certificateChain: readFixture('selfsigned.crt').toString(),
      privateKey: new SecretPem(readFixture('selfsigned.key').toString()),
    })
    assert.equal(rsa.sslCert?.keyType, 'RSA 2048')
    assert.equal(ecdsa.sslCert?.keyType, 'ECDSA P-256')
    assert.match(rsa.sslCert?.fingerprint256 ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    assert.equal(selfSigned.sslCert?.selfSigned, true)
    assert.equal(rsa.sslCert?.selfSigned, false)
    assert.equal(rsa.sslCert?.caSigned, false, 'fixture roots are not in the Node root store')
    assert.equal(
      rsa.sslCert?.startsAt,
      new Date(new X509Certificate(readFixture('leaf-rsa2048.crt')).validFrom).toISOString(),
    )
  })

  const refusedInputs = [
    {
      input: () => ({...inputs.rsa, certificateChain: readFixture('chain-with-key.pem').toString()}),
      message: /private key block/,
      name: 'a chain holding a private key',
    },
    {
      input: () => ({...inputs.rsa, privateKey: inputs.wildcard.privateKey}),
      message: /does not match/,
      name: 'a key for another certificate',
    },
    {
      input: () => ({...inputs.rsa, certificateChain: 'hello'}),
      message: /no certificate/,
      name: 'a chain without certificates',
    },
    {
      input: () => ({...inputs.rsa, certificateChain: readFixture('corrupted-base64.pem').toString()}),
      message: /cannot be parsed|no certificate/,
      name: 'a garbled certificate',
    },
    {
      input: () => ({
        ...inputs.rsa,
        privateKey: new SecretPem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'),
      }),
      message: /cannot be read/,
      name: 'an unreadable key',
    },
  ]
  for (const testCase of refusedInputs) {
    it(`refuses ${testCase.name} (exit 5) and stores nothing`, async () => {
      await client.createSniEndpoint('example', inputs.ecdsa)
      await expectSniError(client.createSniEndpoint('example', testCase.input()), {
        code: 'unprocessable_entity',
        exit: 5,
        message: testCase.message,
      })
      assert.equal((await client.listSniEndpoints('example')).length, 1)
    })
  }

  it('keeps hostnames unique across apps', async () => {
    await client.addDomain('example', {hostname: 'www.example.com', sniEndpoint: null})
    await expectSniError(client.addDomain('other-app', {hostname: 'WWW.Example.com', sniEndpoint: null}), {
      code: 'invalid_params',
      exit: 5,
      message: 'Domain www.example.com is already in use by another app.',
    })
  })

  it("does not let one app use another app's endpoint", async () => {
    const endpoint = await client.createSniEndpoint('example', inputs.rsa)
    await expectSniError(client.addDomain('other-app', {hostname: 'www.example.com', sniEndpoint: endpoint.name}), {
      code: 'not_found',
      exit: 5,
    })
    await expectSniError(client.getSniEndpoint('other-app', endpoint.id), {code: 'not_found', exit: 5})
  })

  it('gives each custom domain a unique DNS target under .herokudns.localhost', async () => {
    const hostnames = Array.from({length: 50}, (_, i) => `host${i}.example.com`)
    for (const hostname of hostnames) await client.addDomain('example', {hostname, sniEndpoint: null})
    const domains = await client.listDomains('example')
    const targets = new Set(domains.map((d) => d.cname))
    assert.equal(targets.size, 50)
    for (const domain of domains) {
      assert.match(domain.cname ?? '', /^[a-z]+-[a-z]+-[0-9a-f]{16}\.herokudns\.localhost$/)
      assert.equal(domain.status, 'succeeded')
      assert.equal(domain.kind, 'custom')
    }
  })

  it('finds a domain by id as well as by hostname', async () => {
    const domain = await client.addDomain('example', {hostname: 'www.example.com', sniEndpoint: null})
    assert.deepEqual(await client.getDomain('example', domain.id), domain)
    await expectSniError(client.getDomain('example', 'not a hostname'), {code: 'INVALID_HOSTNAME', exit: 2})
  })

  it('keeps the private key in its own table, out of every endpoint row', async () => {
    const endpoint = await client.createSniEndpoint('example', inputs.rsa)
    client.close()
    const db = new Database(join(home, 'platform.db'), {readonly: true})
    try {
      const endpointRow = JSON.stringify(db.prepare('SELECT * FROM sni_endpoints').all())
      assert.ok(!endpointRow.includes('PRIVATE KEY'))
      const keys = db
        .prepare('SELECT k.pem FROM private_keys k JOIN sni_endpoints e ON e.pk = k.endpoint_pk WHERE e.id = ?')
        .all(endpoint.id)
      assert.deepEqual(keys, [{pem: inputs.rsa.privateKey.reveal()}])
    } finally {
      db.close()
    }
  })

  it('stores a chain once however many endpoints use it, and drops it when none does', async () => {
    const first = await client.createSniEndpoint('example', inputs.rsa)
    const second = await client.createSniEndpoint('other-app', inputs.rsa)
    const countChains = (): number => {
      const db = new Database(join(home, 'platform.db'), {readonly: true})
      try {
        return db.prepare('SELECT count(*) FROM certificate_chains').pluck().get() as number
      } finally {
        db.close()
      }
    }

    assert.equal(countChains(), 1)
    await client.updateSniEndpoint('example', first.name, inputs.ecdsa)
    assert.equal(countChains(), 2)
    assert.equal((await client.getSniEndpoint('other-app', second.name)).certificateChain, inputs.rsa.certificateChain)
    await client.deleteSniEndpoint('other-app', second.name)
    assert.equal(countChains(), 1)
    await client.deleteSniEndpoint('example', first.name)
    assert.equal(countChains(), 0)
  })

  it('persists across clients', async () => {
    const endpoint = await client.createSniEndpoint('example', inputs.rsa)
    client.close()
    client = openLocalPlatformClient({home})
    assert.deepEqual(await client.getSniEndpoint('example', endpoint.name), endpoint)
  })

  describe('readServingMaterial', () => {
    it('serves an exact domain, else (for names that are no domain) a wildcard one label up, else nothing', async () => {
      const exact = await client.createSniEndpoint('example', inputs.rsa)
      const wildcard = await client.createSniEndpoint('example', inputs.wildcard)
      await client.addDomain('example', {hostname: 'www.example.com', sniEndpoint: exact.name})
      await client.addDomain('example', {hostname: '*.example.com', sniEndpoint: wildcard.name})
      await client.addDomain('example', {hostname: 'idle.example.org', sniEndpoint: null})
      // A domain of its own without a certificate is not served the wildcard's (no HTTPS, as on Heroku).
      await client.addDomain('example', {hostname: 'shop.example.com', sniEndpoint: null})

      const cases: Array<[string, string | undefined]> = [
        ['www.example.com', exact.name],
        ['WWW.EXAMPLE.COM', exact.name],
        ['api.example.com', wildcard.name],
        ['a.b.example.com', undefined],
        ['example.com', undefined],
        ['idle.example.org', undefined],
        ['shop.example.com', undefined],
        ['bad host', undefined],
      ]
      for (const [hostname, want] of cases) {
        const material = await client.readServingMaterial(hostname)
        assert.equal(material?.endpointName, want, hostname)
      }

      const material = await client.readServingMaterial('api.example.com')
      assert.equal(material?.certificateChain, inputs.wildcard.certificateChain)
      assert.ok(material?.privateKey instanceof SecretPem)
      assert.equal(material.privateKey.reveal(), inputs.wildcard.privateKey.reveal())
      assert.ok(!JSON.stringify(material).includes('BEGIN PRIVATE KEY'), 'the key stays wrapped')
    })

    it('serves the new key after an update and nothing after a delete', async () => {
      const endpoint = await client.createSniEndpoint('example', inputs.rsa)
      await client.addDomain('example', {hostname: 'www.example.com', sniEndpoint: endpoint.name})
      await client.updateSniEndpoint('example', endpoint.name, inputs.ecdsa)
      assert.equal(
        (await client.readServingMaterial('www.example.com'))?.privateKey.reveal(),
        inputs.ecdsa.privateKey.reveal(),
      )
      await client.deleteSniEndpoint('example', endpoint.name)
      assert.equal(await client.readServingMaterial('www.example.com'), undefined)
    })
  })
})
