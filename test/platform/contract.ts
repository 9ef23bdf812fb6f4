import assert from 'node:assert/strict'

import {SecretPem} from '../../src/lib/x509/secret-pem.js'
import {SniError} from '../../src/lib/sni-error.js'
import type {Domain, SniEndpoint} from '../../src/lib/models.js'
import type {AcmEnableInput, CertificateInput, PlatformClient} from '../../src/platform/platform-client.js'
import {readFixture} from '../helpers/fixtures.js'

/** The app every contract case works on; a mock API must know it. `no-such-app` must be unknown. */
export const CONTRACT_APP = 'example'
export const UNKNOWN_APP = 'no-such-app'

const ENDPOINT_NAME = /^[a-z][a-z0-9-]{2,29}$/

function text(name: string): string {
  return readFixture(name).toString('utf8')
}

/** Certificate inputs built from the generated fixtures. */
export function contractInputs(): {rsa: CertificateInput; ecdsa: CertificateInput; wildcard: CertificateInput} {
  return {
    ecdsa: {
      certificateChain: text('leaf-ecdsa-p256.crt') + text('intermediate-ca.crt'),
      privateKey: new SecretPem(text('leaf-ecdsa-p256.key')),
    },
    rsa: {
      certificateChain: text('leaf-rsa2048.crt') + text('intermediate-ca.crt'),
      privateKey: new SecretPem(text('leaf-rsa2048.key')),
    },
    wildcard: {
      certificateChain: text('wildcard.crt') + text('intermediate-ca.crt'),
      privateKey: new SecretPem(text('wildcard.key')),
    },
  }
}

function toBase64Body(pem: string): string {
  return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')
}

/**
 * 40-character runs of a key's base64 body: any of them in output means the key leaked. Runs that
 * also occur in the public certificate (an RSA modulus, an EC public point) are left out.
 */
export function keyFragments(pem: string, publicPem: string): string[] {
  const body = toBase64Body(pem)
  const publicBody = toBase64Body(publicPem)
  const fragments: string[] = []
  for (let offset = 0; offset + 40 <= body.length; offset += 40) fragments.push(body.slice(offset, offset + 40))
  return fragments.filter((fragment) => !publicBody.includes(fragment))
}

export async function expectSniError(
  promise: Promise<unknown>,
  want: {code: string; exit: number; message?: string | RegExp},
): Promise<SniError> {
  let caught: unknown
  try {
    await promise
  } catch (error) {
    caught = error
  }

  // mocha loads test files through tsx's CommonJS hook, while src's lazy import() goes through the ESM
  // loader, so a test process can hold two copies of the SniError class: accept either.
  const {SniError: LoadedSniError} = await import('../../src/lib/sni-error.js')
  assert.ok(
    caught instanceof SniError || caught instanceof LoadedSniError,
    `expected an SniError, got ${String(caught)}`,
  )
  assert.equal(caught.code, want.code, caught.message)
  assert.equal(caught.exit, want.exit, caught.message)
  if (typeof want.message === 'string') assert.equal(caught.message, want.message)
  else if (want.message) assert.match(caught.message, want.message)
  assert.ok(caught.hint, `expected a hint on ${caught.code}`)
  return caught
}

function customDomains(domains: Domain[]): Domain[] {
  return domains.filter((d) => d.kind === 'custom')
}

export interface ContractContext {
  client: PlatformClient
  teardown: () => Promise<void>
}

/**
 * Behaviour every PlatformClient must have. Run it against each implementation (local store, Heroku
 * adapter on a mock API) so they stay in parity.
 */
export function runPlatformContract(label: string, setup: () => Promise<ContractContext>): void {
  describe(`PlatformClient contract: ${label}`, () => {
    let context: ContractContext
    let client: PlatformClient
    const inputs = contractInputs()

    beforeEach(async () => {
      context = await setup()
      client = context.client
    })

    afterEach(async () => {
      await context.teardown()
    })

    describe('SNI endpoints', () => {
      it('creates an endpoint with a generated name and the certificate details', async () => {
        const endpoint = await client.createSniEndpoint(CONTRACT_APP, inputs.rsa)
        assert.match(endpoint.name, ENDPOINT_NAME)
        assert.ok(endpoint.id)
        assert.equal(endpoint.app.name, CONTRACT_APP)
        assert.equal(endpoint.certificateChain, inputs.rsa.certificateChain)
        assert.deepEqual(endpoint.domainIds, [])
        assert.ok(endpoint.sslCert)
        assert.match(
          endpoint.sslCert.id ?? '',
          /^[0-9a-f-]{36}$/,
          'each uploaded certificate has its own id, as on Heroku',
        )
        assert.deepEqual(endpoint.sslCert.certDomains, ['www.example.com', 'example.com'])
        assert.equal(endpoint.sslCert.subject, '/C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com')
        assert.equal(endpoint.sslCert.issuer, '/C=US/O=Fixture Trust/CN=Fixture Intermediate CA')
        assert.equal(endpoint.sslCert.selfSigned, false)
        assert.equal(endpoint.sslCert.acm, false)
        assert.ok(endpoint.sslCert.expiresAt && Date.parse(endpoint.sslCert.expiresAt) > Date.now())
      })

      it('lists endpoints in creation order and gets one by name or by id', async () => {
        const first = await client.createSniEndpoint(CONTRACT_APP, inputs.rsa)
        const second = await client.createSniEndpoint(CONTRACT_APP, inputs.ecdsa)
        assert.notEqual(first.name, second.name)
        const listed = await client.listSniEndpoints(CONTRACT_APP)
        assert.deepEqual(
          listed.map((e) => e.name),
          [first.name, second.name],
        )
        assert.deepEqual(await client.getSniEndpoint(CONTRACT_APP, second.name), second)
        assert.deepEqual(await client.getSniEndpoint(CONTRACT_APP, second.id), second)
        assert.deepEqual(listed, [first, second], 'listed endpoints are the full models, chains included')
      })

      it('lists the endpoints holding a leaf certificate, by its SHA-256 fingerprint; none for an app that does not exist', async () => {
        const first = await client.createSniEndpoint(CONTRACT_APP, inputs.rsa)
        const other = await client.createSniEndpoint(CONTRACT_APP, inputs.ecdsa)
        await client.addDomain(CONTRACT_APP, {hostname: 'www.example.com', sniEndpoint: first.name})
        const again = await client.createSniEndpoint(CONTRACT_APP, inputs.rsa)
        const fingerprint = first.sslCert?.fingerprint256 ?? ''
        assert.match(fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
        const found = await client.listSniEndpointsWithLeaf(CONTRACT_APP, fingerprint)
        assert.deepEqual(
          found.map((e) => [e.name, e.domainIds.length]),
          [
            [first.name, 1],
            [again.name, 0],
          ],
        )
        assert.deepEqual(await client.listSniEndpointsWithLeaf(CONTRACT_APP, other.sslCert?.fingerprint256 ?? ''), [
          await client.getSniEndpoint(CONTRACT_APP, other.name),
        ])
        assert.deepEqual(await client.listSniEndpointsWithLeaf(CONTRACT_APP, fingerprint.replace(/^../, '00')), [])
        assert.deepEqual(await client.listSniEndpointsWithLeaf(UNKNOWN_APP, fingerprint), [])
      })

      it('updates chain, key and details, keeping name, id and domains', async () => {
        const endpoint = await client.createSniEndpoint(CONTRACT_APP, inputs.rsa)
        const www = await client.addDomain(CONTRACT_APP, {hostname: 'www.example.com', sniEndpoint: endpoint.name})
        const updated = await client.updateSniEndpoint(CONTRACT_APP, endpoint.name, inputs.ecdsa)
        assert.equal(updated.name, endpoint.name)
        assert.equal(updated.id, endpoint.id)
        assert.equal(updated.certificateChain, inputs.ecdsa.certificateChain)
        assert.notEqual(updated.sslCert?.fingerprint256, endpoint.sslCert?.fingerprint256)
        assert.deepEqual(updated.domainIds, [www.id])
        assert.deepEqual(await client.getSniEndpoint(CONTRACT_APP, endpoint.id), updated)
      })

      it('deletes an endpoint, returning it, and leaves its domains without an endpoint', async () => {
        const endpoint = await client.createSniEndpoint(CONTRACT_APP, inputs.wildcard)
        await client.addDomain(CONTRACT_APP, {hostname: '*.example.com', sniEndpoint: endpoint.id})
        const deleted = await client.deleteSniEndpoint(CONTRACT_APP, endpoint.name)
        assert.equal(deleted.name, endpoint.name)
        assert.deepEqual(await client.listSniEndpoints(CONTRACT_APP), [])
        const domain = await client.getDomain(CONTRACT_APP, '*.example.com')
        assert.equal(domain.sniEndpoint, null)
        await expectSniError(client.getSniEndpoint(CONTRACT_APP, endpoint.name), {
          code: 'not_found',
          exit: 5,
          message: "Couldn't find that SNI endpoint.",
        })
      })
    })

    describe('domains', () => {
      it('adds a domain without an endpoint, then associates and un-associates it', async () => {
        const endpoint = await client.createSniEndpoint(CONTRACT_APP, inputs.rsa)
        const added = await client.addDomain(CONTRACT_APP, {hostname: 'www.example.com', sniEndpoint: null})
        assert.equal(added.hostname, 'www.example.com')
        assert.equal(added.kind, 'custom')
        assert.equal(added.sniEndpoint, null)
        assert.equal(added.app.name, CONTRACT_APP)
        assert.ok(added.cname === null || added.cname.length > 0)

        const associated = await client.updateDomain(CONTRACT_APP, 'www.example.com', {sniEndpoint: endpoint.name})
        assert.deepEqual(associated.sniEndpoint, {id: endpoint.id, name: endpoint.name})
        assert.deepEqual((await client.getSniEndpoint(CONTRACT_APP, endpoint.name)).domainIds, [added.id])

        const released = await client.updateDomain(CONTRACT_APP, 'www.example.com', {sniEndpoint: null})
        assert.equal(released.sniEndpoint, null)
        assert.deepEqual((await client.getSniEndpoint(CONTRACT_APP, endpoint.name)).domainIds, [])
      })

      it('adds a domain with an endpoint by name, lists and gets it, and removes it', async () => {
        const endpoint = await client.createSniEndpoint(CONTRACT_APP, inputs.rsa)
        const added = await client.addDomain(CONTRACT_APP, {hostname: 'example.com', sniEndpoint: endpoint.name})
        assert.deepEqual(added.sniEndpoint, {id: endpoint.id, name: endpoint.name})
        const www = await client.addDomain(CONTRACT_APP, {hostname: 'www.example.com', sniEndpoint: endpoint.id})
        assert.deepEqual(
          customDomains(await client.listDomains(CONTRACT_APP)).map((d) => d.hostname),
          ['example.com', 'www.example.com'],
        )
        assert.deepEqual(
          (await client.listSniEndpoints(CONTRACT_APP))[0]?.domainIds,
          [added.id, www.id],
          'domain ids in creation order',
        )
        assert.deepEqual(await client.getDomain(CONTRACT_APP, 'example.com'), added)

        const removed = await client.removeDomain(CONTRACT_APP, 'example.com')
        assert.equal(removed.hostname, 'example.com')
        await expectSniError(client.getDomain(CONTRACT_APP, 'example.com'), {
          code: 'not_found',
          exit: 5,
          message: "Couldn't find that domain.",
        })
        assert.deepEqual((await client.getSniEndpoint(CONTRACT_APP, endpoint.name)).domainIds, [www.id])
      })

      it('gets domains by id in the order asked, leaving out ids no longer on the app', async () => {
        const endpoint = await client.createSniEndpoint(CONTRACT_APP, inputs.rsa)
        const apex = await client.addDomain(CONTRACT_APP, {hostname: 'example.com', sniEndpoint: endpoint.name})
        const www = await client.addDomain(CONTRACT_APP, {hostname: 'www.example.com', sniEndpoint: endpoint.name})
        const api = await client.addDomain(CONTRACT_APP, {hostname: 'api.example.com', sniEndpoint: null})
        await client.removeDomain(CONTRACT_APP, 'api.example.com')
        const found = await client.getDomainsById(CONTRACT_APP, [www.id, api.id, apex.id])
        assert.deepEqual(
          found.map((d) => d.hostname),
          ['www.example.com', 'example.com'],
        )
        assert.deepEqual(found[0], await client.getDomain(CONTRACT_APP, 'www.example.com'))
        assert.deepEqual(await client.getDomainsById(CONTRACT_APP, []), [])
      })

      it('lists the domains a certificate may cover: every covered one, none of the others', async () => {
        await client.createSniEndpoint(CONTRACT_APP, inputs.rsa)
        for (const hostname of [
          'example.com',
          'www.example.com',
          'api.example.com',
          'a.b.example.com',
          'www.example.community',
          'shop.example.org',
        ]) {
          await client.addDomain(CONTRACT_APP, {hostname, sniEndpoint: null})
        }

        const names = async (certDomains: string[]) =>
          (await client.listMatchingDomains(CONTRACT_APP, certDomains)).map((d) => d.hostname).sort()
        // A superset is allowed (callers match exactly), but nothing covered may be missing and
        // unrelated names must not appear.
        const wildcard = await names(['*.example.com'])
        for (const covered of ['api.example.com', 'www.example.com']) assert.ok(wildcard.includes(covered), covered)
        for (const unrelated of ['example.com', 'www.example.community', 'shop.example.org'])
          assert.ok(!wildcard.includes(unrelated), unrelated)
        assert.deepEqual(await names(['example.com', 'shop.example.org']), ['example.com', 'shop.example.org'])
        assert.deepEqual(await names([]), [])
        assert.deepEqual(await client.listMatchingDomains('contract-new-app', ['www.example.com']), [])
      })

      it('refuses a hostname the app already has (exit 5)', async () => {
        await client.createSniEndpoint(CONTRACT_APP, inputs.rsa)
        await client.addDomain(CONTRACT_APP, {hostname: 'www.example.com', sniEndpoint: null})
        const error = await expectSniError(
          client.addDomain(CONTRACT_APP, {hostname: 'www.example.com', sniEndpoint: null}),
          {
            code: 'invalid_params',
            exit: 5,
          },
        )
        assert.match(error.message, /www\.example\.com/)
      })
    })

    describe('Automated Certificate Management', () => {
      // Heroku takes no settings (it is its own CA client); the local platform needs them.
      const acmInput = (c: PlatformClient): AcmEnableInput | undefined =>
        c.kind === 'local'
          ? {challenge: 'http-01', directoryUrl: 'https://127.0.0.1:14000/dir', keyType: 'ecdsa'}
          : undefined

      it('is off until enabled; enable, refresh and disable answer with the new state, and domains show it', async () => {
        await client.addDomain(CONTRACT_APP, {hostname: 'www.example.com', sniEndpoint: null})
        assert.deepEqual(await client.getAcm(CONTRACT_APP), {app: CONTRACT_APP, enabled: false})
        assert.equal((await client.enableAcm(CONTRACT_APP, acmInput(client))).enabled, true)
        assert.equal((await client.getAcm(CONTRACT_APP)).enabled, true)
        const [domain] = customDomains(await client.listDomains(CONTRACT_APP))
        assert.ok(
          domain?.acmStatus === null || domain?.acmStatus === 'pending',
          `a new ACM domain is waiting or pending, not ${domain?.acmStatus}`,
        )
        assert.equal(domain?.acmStatusReason ?? null, null)
        assert.equal((await client.refreshAcm(CONTRACT_APP)).enabled, true)
        assert.deepEqual(await client.disableAcm(CONTRACT_APP), {app: CONTRACT_APP, enabled: false})
        assert.equal((await client.getAcm(CONTRACT_APP)).enabled, false)
        assert.equal(customDomains(await client.listDomains(CONTRACT_APP))[0]?.acmStatus, null)
      })

      it('fails with not_found, exit 5, for an unknown app', async () => {
        await expectSniError(client.getAcm(UNKNOWN_APP), {
          code: 'not_found',
          exit: 5,
          message: "Couldn't find that app.",
        })
        await expectSniError(client.enableAcm(UNKNOWN_APP, acmInput(client)), {
          code: 'not_found',
          exit: 5,
          message: "Couldn't find that app.",
        })
      })
    })

    describe('refusals', () => {
      const notFound = [
        {
          name: 'lists endpoints of an unknown app',
          message: "Couldn't find that app.",
          run: (c: PlatformClient) => c.listSniEndpoints(UNKNOWN_APP),
        },
        {
          name: 'lists domains of an unknown app',
          message: "Couldn't find that app.",
          run: (c: PlatformClient) => c.listDomains(UNKNOWN_APP),
        },
        {
          name: 'gets an unknown endpoint',
          message: "Couldn't find that SNI endpoint.",
          run: (c: PlatformClient) => c.getSniEndpoint(CONTRACT_APP, 'tyrannosaurus-00000'),
        },
        {
          name: 'updates an unknown endpoint',
          message: "Couldn't find that SNI endpoint.",
          run: (c: PlatformClient) => c.updateSniEndpoint(CONTRACT_APP, 'tyrannosaurus-00000', contractInputs().rsa),
        },
        {
          name: 'deletes an unknown endpoint',
          message: "Couldn't find that SNI endpoint.",
          run: (c: PlatformClient) => c.deleteSniEndpoint(CONTRACT_APP, 'tyrannosaurus-00000'),
        },
        {
          name: 'gets an unknown domain',
          message: "Couldn't find that domain.",
          run: (c: PlatformClient) => c.getDomain(CONTRACT_APP, 'nope.example.org'),
        },
        {
          name: 'associates a domain with an unknown endpoint',
          message: "Couldn't find that SNI endpoint.",
          run: (c: PlatformClient) =>
            c.updateDomain(CONTRACT_APP, 'www.example.com', {sniEndpoint: 'tyrannosaurus-00000'}),
        },
        {
          name: 'adds a domain with an unknown endpoint',
          message: "Couldn't find that SNI endpoint.",
          run: (c: PlatformClient) =>
            c.addDomain(CONTRACT_APP, {hostname: 'api.example.com', sniEndpoint: 'tyrannosaurus-00000'}),
        },
        {
          name: 'removes an unknown domain',
          message: "Couldn't find that domain.",
          run: (c: PlatformClient) => c.removeDomain(CONTRACT_APP, 'nope.example.org'),
        },
      ]
      for (const testCase of notFound) {
        it(`fails with not_found, exit 5, when it ${testCase.name}`, async () => {
          await client.createSniEndpoint(CONTRACT_APP, inputs.rsa)
          await client.addDomain(CONTRACT_APP, {hostname: 'www.example.com', sniEndpoint: null})
          await expectSniError(testCase.run(client), {code: 'not_found', exit: 5, message: testCase.message})
        })
      }

      for (const app of ['Example', 'x', '../etc', 'a'.repeat(31), 'app/../../x', '']) {
        it(`rejects the app name ${JSON.stringify(app)} before using it (exit 2)`, async () => {
          await expectSniError(client.listSniEndpoints(app), {code: 'APP_NAME_INVALID', exit: 2})
          await expectSniError(client.createSniEndpoint(app, inputs.rsa), {code: 'APP_NAME_INVALID', exit: 2})
        })
      }
    })

    it('never returns the private key, in results or errors', async () => {
      const seen: unknown[] = []
      const record = async <T>(promise: Promise<T>): Promise<T> => {
        try {
          const value = await promise
          seen.push(value)
          return value
        } catch (error) {
          const e = error as SniError
          seen.push({code: e.code, details: e.details, hint: e.hint, message: e.message})
          return undefined as T
        }
      }

      const rsa = await record(client.createSniEndpoint(CONTRACT_APP, inputs.rsa))
      const wildcard = await record(client.createSniEndpoint(CONTRACT_APP, inputs.wildcard))
      await record(client.addDomain(CONTRACT_APP, {hostname: 'www.example.com', sniEndpoint: rsa.name}))
      await record(client.addDomain(CONTRACT_APP, {hostname: '*.example.com', sniEndpoint: wildcard.name}))
      await record(client.updateSniEndpoint(CONTRACT_APP, rsa.name, inputs.ecdsa))
      await record(client.listSniEndpoints(CONTRACT_APP))
      await record(client.getSniEndpoint(CONTRACT_APP, wildcard.id))
      await record(client.listDomains(CONTRACT_APP))
      await record(client.getDomain(CONTRACT_APP, 'www.example.com'))
      await record(client.updateDomain(CONTRACT_APP, 'www.example.com', {sniEndpoint: null}))
      await record(client.createSniEndpoint(CONTRACT_APP, {...inputs.rsa, privateKey: inputs.ecdsa.privateKey}))
      await record(client.deleteSniEndpoint(CONTRACT_APP, wildcard.name))
      await record(client.removeDomain(CONTRACT_APP, '*.example.com'))

      const output = JSON.stringify(seen)
      assert.ok(seen.length >= 13)
      assert.ok(!output.includes('PRIVATE KEY'), 'a PRIVATE KEY block was returned')
      for (const input of Object.values(inputs)) {
        const fragments = keyFragments(input.privateKey.reveal(), input.certificateChain)
        assert.ok(fragments.length >= 3)
        for (const fragment of fragments) assert.ok(!output.includes(fragment), 'key material was returned')
      }
    })

    it('returns plain models whose endpoints carry domain ids and whose domains carry the app id', async () => {
      const endpoint = await client.createSniEndpoint(CONTRACT_APP, inputs.rsa)
      const domain = await client.addDomain(CONTRACT_APP, {hostname: 'www.example.com', sniEndpoint: endpoint.name})
      const listed = (await client.listSniEndpoints(CONTRACT_APP))[0] as SniEndpoint
      assert.deepEqual(listed.domainIds, [domain.id])
      assert.equal(domain.app.id, listed.app.id)
      assert.match(domain.app.id ?? '', /^[0-9a-f-]{36}$/)
      assert.equal(domain.acmStatusReason, null)
      assert.deepEqual(JSON.parse(JSON.stringify(listed)), listed)
    })
  })
}
