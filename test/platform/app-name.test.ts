import assert from 'node:assert/strict'

import {assertAppName} from '../../src/platform/app-name.js'
import {expectSniError} from './contract.js'

describe('assertAppName', () => {
  for (const name of ['ab', 'example', 'example-app', 'a1-b2', `a${'b'.repeat(29)}`]) {
    it(`accepts ${name}`, () => {
      assert.equal(assertAppName(name), name)
    })
  }

  for (const name of ['a', '1app', '-app', 'App', 'my_app', 'my.app', 'app%2f..', 'app\n', `a${'b'.repeat(30)}`, '']) {
    it(`rejects ${JSON.stringify(name)} (exit 2)`, async () => {
      const error = await expectSniError(
        Promise.resolve().then(() => assertAppName(name)),
        {code: 'APP_NAME_INVALID', exit: 2},
      )
      assert.ok(!error.message.includes('\n'), 'control characters are escaped')
    })
  }
})
