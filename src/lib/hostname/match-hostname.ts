import {domainToASCII} from 'node:url'

import {isLdhName} from './ldh-label.js'

/** Lower case, one trailing dot removed; Unicode labels converted to A-labels ('' when impossible). */
function canonicalName(name: string): string {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name
  return /^[\x21-\x7e]*$/.test(bare) ? bare.toLowerCase() : domainToASCII(bare)
}

/**
 * Why a SAN pattern containing `*` is not a wildcard we honour, or undefined when it is fine (or is
 * no wildcard at all). RFC 6125/9525 and the CA/B Forum allow `*` only as the entire leftmost label,
 * followed by at least two labels.
 */
export function describeWildcardProblem(pattern: string): string | undefined {
  const name = canonicalName(pattern)
  if (!name.includes('*')) return undefined
  if (name === '*') return 'a bare "*" names no domain'
  const [first, ...rest] = name.split('.')
  if (first !== '*')
    return first?.includes('*')
      ? 'the wildcard is only part of the leftmost label'
      : 'the wildcard is not in the leftmost label'
  if (rest.some((label) => label.includes('*'))) return 'the name has more than one wildcard'
  if (rest.length < 2) return 'a wildcard needs at least two labels after it'
  if (!isLdhName(rest.join('.'))) return 'the labels after the wildcard are not a valid hostname'
  return undefined
}

/**
 * Whether one SAN dNSName pattern covers a hostname. A wildcard (`*.example.com`) covers exactly one
 * extra leftmost label and is anchored at both ends; malformed wildcards never match. A hostname that
 * is itself a wildcard (a wildcard custom domain) is covered only by the identical pattern.
 */
export function hostnameMatchesPattern(pattern: string, hostname: string): boolean {
  const host = canonicalName(hostname)
  const pat = canonicalName(pattern)
  if (host === '' || pat === '') return false
  if (host.startsWith('*.')) return describeWildcardProblem(host) === undefined && pat === host
  if (!isLdhName(host)) return false
  if (!pat.includes('*')) return isLdhName(pat) && pat === host
  if (describeWildcardProblem(pat) !== undefined) return false
  const dot = host.indexOf('.')
  return dot > 0 && host.slice(dot) === pat.slice(1)
}

/** The SAN dNSNames that cover a hostname (no CN fallback: a certificate without SANs covers nothing). */
export function findCoveringNames(dnsNames: string[], hostname: string): string[] {
  return dnsNames.filter((pattern) => hostnameMatchesPattern(pattern, hostname))
}

export function certificateCovers(dnsNames: string[], hostname: string): boolean {
  return dnsNames.some((pattern) => hostnameMatchesPattern(pattern, hostname))
}

/**
 * The multi-label public suffixes people actually meet, from the Public Suffix List
 * (https://publicsuffix.org/list/, ICANN and PRIVATE sections). A wildcard directly under one of
 * them (`*.co.uk`, `*.s3.amazonaws.com`) spans registrations of different owners; CAs must not
 * issue it (CA/B Forum 3.2.2.6) and browsers refuse it.
 *
 * Why not the whole list: it is ~230 KB and changes weekly, while this check only has to catch
 * certificates no public CA may issue, i.e. mistakes of private CAs. Single-label suffixes (`*.com`,
 * `*.uk`) are caught by the "at least two labels after the wildcard" rule; this list adds the
 * common multi-label ones. A suffix missing here only means a warning is not shown.
 */
const MULTI_LABEL_SUFFIXES = new Set(
  `ac.uk co.uk gov.uk ltd.uk me.uk net.uk nhs.uk org.uk plc.uk police.uk sch.uk
  asn.au com.au edu.au gov.au id.au net.au org.au
  ac.nz co.nz geek.nz gen.nz govt.nz net.nz org.nz school.nz
  ac.jp ad.jp co.jp ed.jp go.jp gr.jp lg.jp ne.jp or.jp
  ac.in co.in edu.in firm.in gen.in gov.in ind.in net.in org.in
  ac.za co.za gov.za net.za org.za web.za
  com.br edu.br gov.br net.br org.br
  com.cn edu.cn gov.cn net.cn org.cn
  com.hk edu.hk gov.hk net.hk org.hk
  com.tw edu.tw gov.tw net.tw org.tw
  com.sg edu.sg gov.sg net.sg org.sg
  com.my edu.my gov.my net.my org.my
  ac.kr co.kr go.kr ne.kr or.kr
  ac.il co.il gov.il net.il org.il
  ac.th co.th go.th in.th or.th
  co.id go.id or.id web.id
  com.ar gob.ar net.ar org.ar
  com.mx gob.mx net.mx org.mx
  com.co gov.co net.co org.co
  com.pe gob.pe org.pe
  com.tr gov.tr net.tr org.tr
  com.ua gov.ua net.ua org.ua
  com.pl net.pl org.pl
  co.at or.at gv.at
  com.es nom.es org.es
  com.pt gov.pt org.pt
  com.gr gov.gr org.gr
  com.ru net.ru org.ru
  com.vn gov.vn net.vn
  com.ph gov.ph net.ph org.ph
  com.pk gov.pk net.pk org.pk
  com.ng gov.ng org.ng
  com.eg gov.eg org.eg
  com.sa gov.sa net.sa org.sa
  co.ke go.ke or.ke
  co.com
  s3.amazonaws.com compute.amazonaws.com elasticbeanstalk.com cloudfront.net
  herokuapp.com herokussl.com
  appspot.com blogspot.com firebaseapp.com web.app cloudfunctions.net run.app
  azurewebsites.net cloudapp.net azureedge.net trafficmanager.net
  github.io githubusercontent.com gitlab.io
  netlify.app vercel.app pages.dev workers.dev fly.dev onrender.com
  now.sh glitch.me repl.co`.split(/\s+/),
)

/** Whether `name` (lower case, A-labels, no trailing dot) is a public suffix: a single label (a TLD) or a listed multi-label suffix. */
export function isPublicSuffix(name: string): boolean {
  return !name.includes('.') || MULTI_LABEL_SUFFIXES.has(name)
}

/**
 * The one wildcard domain that can cover HOSTNAME: `*.example.com` for `www.example.com`. Undefined
 * when fewer than two labels would follow the `*` (no such wildcard domain can be added).
 */
export function wildcardDomainFor(hostname: string): string | undefined {
  const dot = hostname.indexOf('.')
  return dot > 0 && hostname.indexOf('.', dot + 1) > 0 ? `*${hostname.slice(dot)}` : undefined
}

/**
 * A certificate's names as a cheap prefilter of the domains it may cover, lower case: the exact
 * names, and for each `*.suffix` wildcard its `.suffix`. Callers then match exactly (certificateCovers).
 */
export function splitCertificateNames(certDomains: string[]): {exact: string[]; suffixes: string[]} {
  return {
    exact: certDomains.filter((n) => !n.startsWith('*.')).map((n) => n.toLowerCase()),
    suffixes: certDomains.filter((n) => n.startsWith('*.')).map((n) => n.slice(1).toLowerCase()),
  }
}
