import {escapeForDisplay} from '../lib/display-text.js'

/** One request as logged. Nothing here can hold key material. */
export interface RequestLogEntry {
  time: Date
  sni: string | undefined
  endpoint: string | undefined
  method: string
  path: string
  status: number
  ms: number
  requestId: string
  clientIp: string
}

/** logfmt-style value: bare when safe, else quoted with control characters escaped. */
function value(text: string | undefined): string {
  if (text === undefined || text === '') return '-'
  const safe = escapeForDisplay(text)
  return /^[\w.:/*@+=-]+$/.test(safe) ? safe : `"${safe.replaceAll('"', '\\"')}"`
}

/** One line per request: `TIME sni=.. endpoint=.. method=.. path=.. status=.. ms=.. request_id=.. fwd=..`, or a JSON line. */
export function formatRequestLog(entry: RequestLogEntry, json = false): string {
  const ms = Math.round(entry.ms * 10) / 10
  if (json) {
    return JSON.stringify({
      clientIp: entry.clientIp,
      endpoint: entry.endpoint ?? null,
      method: entry.method,
      ms,
      path: entry.path,
      requestId: entry.requestId,
      sni: entry.sni ?? null,
      status: entry.status,
      time: entry.time.toISOString(),
    })
  }

  return [
    entry.time.toISOString(),
    `sni=${value(entry.sni)}`,
    `endpoint=${value(entry.endpoint)}`,
    `method=${value(entry.method)}`,
    `path=${value(entry.path)}`,
    `status=${entry.status}`,
    `ms=${ms}`,
    `request_id=${value(entry.requestId)}`,
    `fwd=${value(entry.clientIp)}`,
  ].join(' ')
}
