import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import type forge from 'node-forge'

import {asn1, Class, fromDer, Type} from '../../../src/lib/x509/asn1.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const forgeAsn1 = createRequire(import.meta.url)('node-forge/lib/asn1.js') as typeof forge.asn1

describe('asn1 (forge loaded on first use)', () => {
  it("has forge's tag classes and universal tag numbers", () => {
    assert.deepEqual({...Class}, {...forgeAsn1.Class})
    assert.deepEqual({...Type}, {...forgeAsn1.Type})
  })

  it("reads and writes through forge's module", () => {
    const sequence = asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
      asn1.create(Class.UNIVERSAL, Type.INTEGER, false, '\u0007'),
    ])
    const der = asn1.toDer(sequence).getBytes()
    assert.equal(Buffer.from(der, 'binary').toString('hex'), '3003020107')
    const read = fromDer(der, {strict: true})
    assert.equal(read.type, Type.SEQUENCE)
    const [integer] = read.value as forge.asn1.Asn1[]
    assert.ok(integer)
    assert.equal(asn1.derToInteger(integer.value as string), 7)
  })

  it('is not loaded by the command registry, which every command loads at start-up', function () {
    this.timeout(30_000)
    // A process of its own: other tests in this one have loaded forge already.
    const script = `await import('./src/commands.ts')
const loaded = Object.keys((await import('node:module')).createRequire(import.meta.url).cache)
console.log(JSON.stringify(loaded.filter((file) => file.includes('node-forge'))))`
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    })
    assert.deepEqual(JSON.parse(output), [])
  })
})
