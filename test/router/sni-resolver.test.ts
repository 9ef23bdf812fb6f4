import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {SecureContext} from 'node:tls'

import {SecretPem} from '../../src/lib/x509/secret-pem.js'
import type {ServingMaterial} from '../../src/lib/models.js'
import {openLocalPlatformClient} from '../../src/platform/local/local-platform-client.js'
import {SniResolver} from '../../src/router/sni-resolver.js'
import {readFixture} from '../helpers/fixtures.js'
import {chainInput} from '../helpers/local-store.js'

function material(endpointName: string, chain: string, key: string): ServingMaterial {
  return {
    certificateChain: readFixture(chain).toString(),
    endpointName,
    privateKey: new SecretPem(readFixture(key).toString()),
  }
}

const rsa = material('rsa-1', 'chain-in-order.pem', 'leaf-rsa2048.key')
const ecdsa = material('ecdsa-1', 'chain-ecdsa-p256.pem', 'leaf-ecdsa-p256.key')

describe('SniResolver', () => {
  it('asks the store on every handshake and caches contexts by content', async () => {
    const served = new Map<string, ServingMaterial>([['www.example.com', rsa]])
    const asked: string[] = []
    const resolver = new SniResolver({lookup: async (name) => (asked.push(name), served.get(name))})
    const first = await resolver.resolve('WWW.example.com')
    const second = await resolver.resolve('www.example.com')
    assert.deepEqual(asked, ['www.example.com', 'www.example.com'])
    assert.equal(first?.endpointName, 'rsa-1')
    assert.equal(first?.context, second?.context, 'same chain and key: the parsed context is reused')
    assert.equal(resolver.cachedContexts, 1)
    assert.equal(resolver.endpointFor('www.EXAMPLE.com'), 'rsa-1')

    // Rotated in place (same endpoint name): a new context, never the cached one.
    served.set('www.example.com', {...ecdsa, endpointName: 'rsa-1'})
    const rotated = await resolver.resolve('www.example.com')
    assert.notEqual(rotated?.context, first?.context)

    // Removed: nothing, and the name is forgotten.
    served.delete('www.example.com')
    assert.equal(await resolver.resolve('www.example.com'), undefined)
    assert.equal(resolver.endpointFor('www.example.com'), undefined)
  })

  it('shares one context between endpoints with the same chain and key', async () => {
    const resolver = new SniResolver({lookup: async (name) => ({...rsa, endpointName: name})})
    const a = await resolver.resolve('a.example.com')
    const b = await resolver.resolve('b.example.com')
    assert.equal(a?.context, b?.context)
    assert.deepEqual([a?.endpointName, b?.endpointName], ['a.example.com', 'b.example.com'])
  })

  it('keeps at most maxContexts, dropping the least recently used', async () => {
    const byName: Record<string, ServingMaterial> = {
      a: rsa,
      b: ecdsa,
      c: material('wild', 'chain-wildcard.pem', 'wildcard.key'),
    }
    const resolver = new SniResolver({lookup: async (name) => byName[name], maxContexts: 2})
    const a = await resolver.resolve('a')
    await resolver.resolve('b')
    await resolver.resolve('a') // a is now the most recent
    await resolver.resolve('c') // drops b
    assert.equal(resolver.cachedContexts, 2)
    assert.equal((await resolver.resolve('a'))?.context, a?.context)
  })

  it('serves nothing, and reports, when the lookup fails or the key cannot be used', async () => {
    const errors: string[] = []
    const unusable = {...rsa, privateKey: new SecretPem(readFixture('truncated.pem').toString())}
    const mismatched = {...rsa, privateKey: ecdsa.privateKey}
    const resolver = new SniResolver({
      lookup: async (name) => {
        if (name === 'store.example.com') throw new Error('store busy')
        return name === 'broken.example.com' ? unusable : mismatched
      },
      onError: (name, error) => errors.push(`${name}: ${error.message}`),
    })
    assert.equal(await resolver.resolve('store.example.com'), undefined)
    assert.equal(await resolver.resolve('broken.example.com'), undefined)
    assert.equal(errors[0], 'store.example.com: store busy')
    assert.equal(await resolver.resolve('other.example.com'), undefined)
    assert.match(errors[1] ?? '', /^broken\.example\.com: endpoint rsa-1: /)
    assert.equal(errors[2], 'other.example.com: endpoint rsa-1: the private key does not match the certificate')
    assert.ok(!errors.join('\n').includes('PRIVATE KEY'))
  })

  it('SNICallback: a context for a served name, none (so a handshake_failure alert) otherwise', async () => {
    const resolver = new SniResolver({lookup: async (name) => (name === 'www.example.com' ? rsa : undefined)})
    const call = (name: string) =>
      new Promise<[Error | null, SecureContext | undefined]>((resolve) =>
        resolver.SNICallback(name, (error, context) => resolve([error, context])),
      )
    const [error, context] = await call('www.example.com')
    assert.equal(error, null)
    assert.ok(context)
    assert.deepEqual(await call('nope.example.com'), [null, undefined])
  })

  describe('with storeVersion: the SNI map', () => {
    it('answers from memory while the store is unchanged, and looks up again after any change', async () => {
      const served = new Map<string, ServingMaterial>([['www.example.com', rsa]])
      const asked: string[] = []
      let version = 1
      const resolver = new SniResolver({
        lookup: async (name) => (asked.push(name), served.get(name)),
        storeVersion: () => String(version),
      })
      const first = await resolver.resolve('www.example.com')
      assert.equal(await resolver.resolve('nope.example.com'), undefined)
      assert.equal((await resolver.resolve('WWW.example.com'))?.context, first?.context)
      assert.equal(await resolver.resolve('nope.example.com'), undefined, 'an unserved name is remembered too')
      assert.deepEqual(asked, ['www.example.com', 'nope.example.com'])

      served.set('www.example.com', {...ecdsa, endpointName: 'rsa-1'})
      served.set('nope.example.com', ecdsa)
      version++
      assert.notEqual((await resolver.resolve('www.example.com'))?.context, first?.context)
      assert.equal((await resolver.resolve('nope.example.com'))?.endpointName, 'ecdsa-1')
      assert.deepEqual(asked.slice(2), ['www.example.com', 'nope.example.com'])
    })

    it('never remembers a failed lookup, or a name read while the store changed', async () => {
      let fail = true
      let version = 1
      const asked: string[] = []
      const resolver = new SniResolver({
        lookup: async (name) => {
          asked.push(name)
          if (fail) throw new Error('store busy')
          version++ // another process commits while this lookup runs
          return rsa
        },
        onError: () => {},
        storeVersion: () => String(version),
      })
      assert.equal(await resolver.resolve('www.example.com'), undefined)
      fail = false
      assert.ok(await resolver.resolve('www.example.com'))
      assert.ok(await resolver.resolve('www.example.com'))
      assert.equal(asked.length, 3)
    })

    it('sees a commit by another connection to the store (another sni process) at the next lookup', async () => {
      const home = mkdtempSync(join(tmpdir(), 'sni-resolver-'))
      const router = openLocalPlatformClient({home})
      const other = openLocalPlatformClient({home})
      try {
        const resolver = new SniResolver({
          lookup: (name) => router.readServingMaterial(name),
          storeVersion: () => router.storeVersion(),
        })
        assert.equal(await resolver.resolve('www.example.com'), undefined)
        const endpoint = await other.createSniEndpoint('shop', chainInput('chain-in-order.pem', 'leaf-rsa2048.key'))
        await other.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: endpoint.name})
        assert.equal((await resolver.resolve('www.example.com'))?.endpointName, endpoint.name)
        await other.deleteSniEndpoint('shop', endpoint.name)
        assert.equal(await resolver.resolve('www.example.com'), undefined)
      } finally {
        router.close()
        other.close()
        rmSync(home, {force: true, recursive: true})
      }
    })
  })
})
