import assert from 'node:assert/strict'

import {editDistance, suggestCommand} from '../../src/lib/suggest-command.js'

const IDS = [
  'certs',
  'certs:add',
  'certs:chain',
  'certs:check',
  'certs:generate',
  'certs:info',
  'certs:inspect',
  'certs:key',
  'certs:remove',
  'certs:update',
  'domains',
  'domains:add',
  'domains:info',
  'domains:remove',
  'domains:update',
  'help',
  'router:start',
]

describe('suggestCommand', () => {
  it('measures edit distance', () => {
    assert.equal(editDistance('', 'abc'), 3)
    assert.equal(editDistance('cert:add', 'certs:add'), 1)
    assert.equal(editDistance('kitten', 'sitting'), 3)
  })

  it('suggests the command a typo meant', () => {
    assert.equal(suggestCommand('cert:add', IDS), 'certs:add')
    assert.equal(suggestCommand('domain:update', IDS), 'domains:update')
    assert.equal(suggestCommand('CERTS:INFO', IDS), 'certs:info')
  })

  it("maps other CLIs' verbs to sni's: TOPIC:list is the topic's listing command, rm is remove...", () => {
    assert.equal(suggestCommand('certs:list', IDS), 'certs')
    assert.equal(suggestCommand('domains:ls', IDS), 'domains')
    assert.equal(suggestCommand('cert:list', IDS), 'certs')
    assert.equal(suggestCommand('certs:rm', IDS), 'certs:remove')
    assert.equal(suggestCommand('domains:create', IDS), 'domains:add')
    assert.equal(suggestCommand('certs:show', IDS), 'certs:info')
  })

  it('suggests nothing for an unrelated word', () => {
    assert.equal(suggestCommand('frobnicate', IDS), undefined)
    assert.equal(suggestCommand('apps:create', IDS), undefined)
  })
})
