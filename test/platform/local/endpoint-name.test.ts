import assert from 'node:assert/strict'

import {DINOSAURS, generateEndpointName, pickEndpointName} from '../../../src/platform/local/endpoint-name.js'
import {expectSniError} from '../contract.js'

// Heroku's SNI endpoint name pattern.
const HEROKU_NAME = /^[a-z][a-z0-9-]{2,29}$/

describe('endpoint names', () => {
  it('has about fifty distinct dinosaurs that fit the Heroku pattern with five digits', () => {
    assert.ok(DINOSAURS.length >= 50)
    assert.equal(new Set(DINOSAURS).size, DINOSAURS.length)
    for (const dinosaur of DINOSAURS) assert.match(`${dinosaur}-12345`, HEROKU_NAME)
  })

  it('generates <dinosaur>-<5 digits>', () => {
    const names = Array.from({length: 500}, () => generateEndpointName())
    for (const name of names) {
      const match = /^([a-z]+)-(\d{5})$/.exec(name)
      assert.ok(match, name)
      assert.ok((DINOSAURS as readonly string[]).includes(match[1] ?? ''), name)
      assert.match(name, HEROKU_NAME)
    }

    assert.ok(new Set(names).size > 490, 'names are random')
  })

  it('skips names already taken', () => {
    const taken = new Set<string>()
    for (let i = 0; i < 200; i++) taken.add(pickEndpointName((name) => taken.has(name)))
    assert.equal(taken.size, 200)
    let asked = 0
    const name = pickEndpointName(() => ++asked < 5)
    assert.equal(asked, 5)
    assert.match(name, HEROKU_NAME)
  })

  it('gives up with a store error when no name is free', async () => {
    await expectSniError(
      Promise.resolve().then(() => pickEndpointName(() => true)),
      {code: 'STORE_NAMES_EXHAUSTED', exit: 8},
    )
  })
})
