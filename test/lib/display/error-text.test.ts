import assert from 'node:assert/strict'

import {renderErrorText} from '../../../src/lib/display/error-text.js'
import {SniError} from '../../../src/lib/sni-error.js'

describe('renderErrorText', () => {
  it("shows the API's error id as Heroku's CLI does: the message, a blank line, Error ID", () => {
    const error = new SniError("Couldn't find that domain.", {
      code: 'not_found',
      details: {id: 'not_found', status: 404},
      exit: 5,
      hint: 'List the domains.',
    })
    assert.equal(renderErrorText(error), "Couldn't find that domain.\n\nError ID: not_found")
  })

  it('adds the link the API sent, and takes a platform-style code as the id when the API sent none (local platform)', () => {
    const fromApi = new SniError('Your account reached the API rate limit.', {
      code: 'RATE_LIMITED',
      details: {id: 'rate_limit', url: 'https://devcenter.heroku.com/articles/platform-api-reference#rate-limits'},
      exit: 7,
    })
    assert.equal(
      renderErrorText(fromApi),
      'Your account reached the API rate limit.\n\nError ID: rate_limit\nSee https://devcenter.heroku.com/articles/platform-api-reference#rate-limits for more information.',
    )
    const local = new SniError("Couldn't find that app.", {code: 'not_found', exit: 5})
    assert.equal(renderErrorText(local), "Couldn't find that app.\n\nError ID: not_found")
  })

  it('leaves our own errors (upper-case codes, no API id) as their message', () => {
    assert.equal(
      renderErrorText(new SniError('HOSTNAME "a..b" is not a valid hostname.', {code: 'INVALID_HOSTNAME', exit: 2})),
      'HOSTNAME "a..b" is not a valid hostname.',
    )
  })
})
