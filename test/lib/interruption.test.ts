import assert from 'node:assert/strict'

import {
  interruptedError,
  interruptionAccount,
  isPromptInterruption,
  renderInterruption,
} from '../../src/lib/interruption.js'
import {StepJournal} from '../../src/lib/step-journal.js'

describe('interruption account', () => {
  it('nothing done: one line, and an error saying so (exit 130, INTERRUPTED)', () => {
    const account = new StepJournal().account()
    assert.equal(renderInterruption(account), 'Interrupted. Nothing was changed.')
    const error = interruptedError(account)
    assert.deepEqual(
      [error.code, error.exit, error.message, error.hint],
      ['INTERRUPTED', 130, 'Interrupted; nothing was changed.', undefined],
    )
    assert.deepEqual(interruptionAccount(error), account)
  })

  it('a step in flight is uncertain while it runs, and gone from the account once it has finished or failed', async () => {
    const journal = new StepJournal()
    let during: string[] = []
    await journal.step('the upload may or may not have reached Heroku; check with `sni certs --app shop`', async () => {
      during = journal.account().uncertain
    })
    assert.deepEqual(during, ['the upload may or may not have reached Heroku; check with `sni certs --app shop`'])
    assert.deepEqual(journal.account().uncertain, [])
    await assert.rejects(
      journal.step('x', async () => {
        throw new Error('boom')
      }),
    )
    assert.deepEqual(journal.account().uncertain, [])
  })

  it('renders done (✓), uncertain (?), not done (✗) and the commands to finish, and says the same in the error', () => {
    const journal = new StepJournal()
    journal.done('endpoint bison-12345 was added to shop')
    journal.remaining(
      ['no domain was associated'],
      ['sni domains:update www.example.com --cert bison-12345 --app shop'],
    )
    const account = journal.account()
    assert.equal(
      renderInterruption(account),
      [
        'Interrupted.',
        '  ✓ endpoint bison-12345 was added to shop.',
        '  ✗ no domain was associated.',
        'To finish, run:',
        '  sni domains:update www.example.com --cert bison-12345 --app shop',
      ].join('\n'),
    )
    const error = interruptedError(account)
    assert.equal(error.message, 'Interrupted; endpoint bison-12345 was added to shop; no domain was associated.')
    assert.equal(error.hint, 'To finish, run `sni domains:update www.example.com --cert bison-12345 --app shop`.')
  })

  it('recognises Ctrl-C at an @inquirer prompt (ExitPromptError), and nothing else', async () => {
    const {ExitPromptError} = await import('@inquirer/core')
    assert.ok(isPromptInterruption(new ExitPromptError('User force closed the prompt with SIGINT')))
    assert.ok(!isPromptInterruption(new Error('User force closed the prompt with SIGINT')))
  })
})
