import {isIP} from 'node:net'

import {escapeForDisplay} from '../display-text.js'
import {usageError} from '../sni-error.js'
import type {TlsTarget} from './types.js'

const HOST_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i

function reject(value: string, problem: string): never {
  throw usageError(
    `--connect "${escapeForDisplay(value.slice(0, 300))}" ${problem}.`,
    'CONNECT_INVALID',
    'Give HOST:PORT, e.g. 127.0.0.1:8443, router.example.com:443 or [::1]:8443.',
  )
}

/**
 * Parses `--connect HOST:PORT`: a DNS name, an IPv4 address or a bracketed IPv6 address, then a
 * port from 1 to 65535 (443 when left out).
 */
export function parseConnectTarget(value: string): TlsTarget {
  let host: string
  let portText: string | undefined
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(value)
  if (bracketed) {
    host = bracketed[1] ?? ''
    portText = bracketed[2]
    if (isIP(host) !== 6) reject(value, 'does not hold an IPv6 address between the brackets')
  } else {
    const colon = value.lastIndexOf(':')
    if (colon !== value.indexOf(':')) reject(value, 'has more than one colon; write an IPv6 address as [ADDRESS]:PORT')
    host = colon === -1 ? value : value.slice(0, colon)
    portText = colon === -1 ? undefined : value.slice(colon + 1)
    const name = host.endsWith('.') ? host.slice(0, -1) : host
    if (
      isIP(host) === 0 &&
      (name.length === 0 || name.length > 253 || !name.split('.').every((label) => HOST_LABEL.test(label)))
    ) {
      reject(value, 'does not start with a hostname or IP address')
    }
  }

  if (portText === undefined) return {host, port: 443}
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN
  if (!(port >= 1 && port <= 65_535)) reject(value, 'has no port from 1 to 65535 after the colon')
  return {host, port}
}

/** `host:port`, with an IPv6 address in brackets. */
export function formatTarget(target: TlsTarget): string {
  return isIP(target.host) === 6 ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`
}
