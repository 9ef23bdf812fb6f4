import assert from 'node:assert/strict'

import {describeFileError} from '../../../src/lib/input/read-input-file.js'

describe('describeFileError', () => {
  const cases: Array<{errno?: string; code: string; message: string}> = [
    {code: 'FILE_NOT_FOUND', errno: 'ENOENT', message: 'key file not found: a.key'},
    {code: 'FILE_NOT_FOUND', errno: 'ENOTDIR', message: 'key file not found: a.key'},
    {code: 'FILE_UNREADABLE', errno: 'EACCES', message: 'cannot read a.key: permission denied'},
    {code: 'FILE_UNREADABLE', errno: 'EPERM', message: 'cannot read a.key: permission denied'},
    {code: 'FILE_UNREADABLE', errno: 'EIO', message: 'cannot read key file a.key (EIO)'},
    {code: 'FILE_UNREADABLE', message: 'cannot read key file a.key'},
  ]
  for (const c of cases) {
    it(`maps ${c.errno ?? 'an error without errno'} to ${c.code}`, () => {
      const error = describeFileError(
        Object.assign(new Error('system text /secret/path'), {code: c.errno}),
        'key file',
        'a.key',
      )
      assert.equal(error.code, c.code)
      assert.equal(error.exit, 3)
      assert.equal(error.message, c.message)
      assert.ok(error.hint)
    })
  }
})
