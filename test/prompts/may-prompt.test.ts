import assert from 'node:assert/strict'

import {isCi, mayPrompt, whyNoPrompt} from '../../src/prompts/may-prompt.js'

const terminal = {isTTY: true}
const pipe = {isTTY: false}

describe('may sni prompt?', () => {
  it('reads CI as the oclif and Heroku ecosystems do: any non-empty value but false or 0', () => {
    for (const value of ['true', '1', 'yes', 'TRUE', 'woodpecker']) assert.equal(isCi({CI: value}), true, value)
    for (const value of [undefined, '', 'false', 'FALSE', '0', ' '])
      assert.equal(isCi({CI: value}), false, String(value))
  })

  it('never prompts under CI or with --json, even on a terminal, and says why', () => {
    assert.equal(
      whyNoPrompt({env: {CI: 'true'}, json: false, streams: [terminal, terminal]}),
      'CI is set, so sni never prompts',
    )
    assert.equal(
      whyNoPrompt({env: {}, json: true, streams: [terminal, terminal]}),
      '--json was given, so sni never prompts',
    )
    assert.equal(whyNoPrompt({env: {}, json: false, streams: [terminal, pipe]}), 'there is no terminal to ask')
    assert.equal(mayPrompt({env: {CI: 'false'}, json: false, streams: [terminal, terminal]}), true)
  })
})
