import assert from 'node:assert/strict'

import {describeHandshakeError, formatHandshakeRefusal} from '../../src/router/handshake-error.js'
import {formatRequestLog, type RequestLogEntry} from '../../src/router/request-log.js'

const entry: RequestLogEntry = {
  clientIp: '127.0.0.1',
  endpoint: 'tyrannosaurus-12345',
  method: 'GET',
  ms: 3.14159,
  path: '/a?b=1',
  requestId: 'f3c5d7a2-0000-4000-8000-000000000000',
  sni: 'www.example.com',
  status: 200,
  time: new Date('2025-01-02T03:04:05.678Z'),
}

describe('request log', () => {
  it('one logfmt line per request', () => {
    assert.equal(
      formatRequestLog(entry),
      '2025-01-02T03:04:05.678Z sni=www.example.com endpoint=tyrannosaurus-12345 method=GET path="/a?b=1" status=200 ms=3.1 request_id=f3c5d7a2-0000-4000-8000-000000000000 fwd=127.0.0.1',
    )
  })

  it('quotes and escapes untrusted text, so one request is always one line', () => {
    const line = formatRequestLog({...entry, path: '/x"\n\u001B[31m', sni: undefined})
    assert.ok(!line.includes('\n') && !line.includes('\u001B'))
    assert.match(line, / sni=- /)
    assert.match(line, / path="\/x\\"\\x0a\\x1b\[31m" /)
  })

  it('JSON lines with --json', () => {
    assert.deepEqual(JSON.parse(formatRequestLog({...entry, endpoint: undefined}, true)), {
      clientIp: '127.0.0.1',
      endpoint: null,
      method: 'GET',
      ms: 3.1,
      path: '/a?b=1',
      requestId: entry.requestId,
      sni: 'www.example.com',
      status: 200,
      time: '2025-01-02T03:04:05.678Z',
    })
  })

  it('refused handshakes in a few words', () => {
    const error = (code: string) =>
      Object.assign(
        new Error(
          '80AC:error:0A000076:SSL routines:tls_choose_sigalg:no suitable signature algorithm:../t1_lib.c:3242:',
        ),
        {code},
      )
    assert.equal(
      describeHandshakeError(error('ERR_SSL_NO_SUITABLE_SIGNATURE_ALGORITHM'), 'nope.example.com'),
      'no certificate serves this name',
    )
    assert.equal(
      describeHandshakeError(error('ERR_SSL_NO_SHARED_CIPHER'), 'www.example.com', true),
      'no cipher in common with the client (the router offers TLS 1.2 and 1.3 with Mozilla "intermediate" ciphers)',
    )
    assert.equal(
      describeHandshakeError(Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'}), 'www.example.com', true),
      undefined,
      'a client that left refused nothing',
    )
    assert.equal(
      describeHandshakeError(error('ERR_SSL_NO_SUITABLE_SIGNATURE_ALGORITHM'), undefined),
      'the client sent no SNI name',
    )
    assert.equal(
      describeHandshakeError(error('ERR_SSL_UNSUPPORTED_PROTOCOL'), 'a'),
      'protocol version not accepted (TLS 1.2 and 1.3 only)',
    )
    assert.equal(describeHandshakeError(error('ERR_SSL_OTHER'), 'a'), 'no suitable signature algorithm')
    assert.equal(
      formatHandshakeRefusal({clientIp: '127.0.0.1', message: 'm', servername: 'bad\u001Bname'}),
      'TLS handshake from 127.0.0.1 refused (SNI bad\\x1bname): m',
    )
  })
})
