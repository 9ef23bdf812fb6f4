import {
  decodeCertificateExtensions,
  GENERAL_NAME_LABELS,
  type GeneralName,
  GeneralNameKind,
  type NameConstraintsValue,
} from '../x509/certificate-extensions.js'
import type {Finding, ParsedCertificate} from '../x509/types.js'
import {parseX509Structure, readRdnKeys} from '../x509/x509-structure.js'
import {formatIpAddress} from '../hostname/ip-address.js'
import {describeCertificate} from '../x509/parse-certificate.js'

/**
 * Name constraints (RFC 5280 §4.2.1.10 and §6.1.4 (g)): a CA's permitted and excluded subtrees
 * bound the names of every certificate below it on the path. DNS, IP, directory, email and URI
 * forms are checked; a constraint of another form (otherName, ...) that meets a name of that form
 * cannot be checked, so the path is refused, as RFC 5280 requires.
 */

/** Go's bound (maxConstraintComparisons): beyond it a chain is refused instead of checked for seconds. */
export const MAX_CONSTRAINT_COMPARISONS = 250_000

const CHECKED_KINDS = new Set<number>([
  GeneralNameKind.dNSName,
  GeneralNameKind.iPAddress,
  GeneralNameKind.directoryName,
  GeneralNameKind.rfc822Name,
  GeneralNameKind.uniformResourceIdentifier,
])

function ascii(value: Buffer): string | undefined {
  const text = value.toString('latin1')
  return /^[\x21-\x7e]*$/.test(text) ? text.toLowerCase() : undefined
}

function isContiguousMask(mask: Buffer): boolean {
  const bits = [...mask].map((b) => b.toString(2).padStart(8, '0')).join('')
  return /^1*0*$/.test(bits)
}

/** Why a constraint cannot be a valid subtree, or undefined. */
function constraintProblem(base: GeneralName): string | undefined {
  if (base.kind === GeneralNameKind.dNSName) {
    const name = ascii(base.value)
    if (name === undefined) return 'a DNS constraint with non-ASCII bytes'
    if (name.includes('*')) return `the DNS constraint "${name}" holds a wildcard`
    if (name.startsWith('.'))
      return `the DNS constraint "${name}" starts with a dot (RFC 5280 allows that only for URIs)`
    if (name !== '' && !/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(name))
      return `the DNS constraint "${name}" is not a domain name`
  }

  if (base.kind === GeneralNameKind.iPAddress) {
    if (base.value.length !== 8 && base.value.length !== 32)
      return `an IP constraint of ${base.value.length} octets (an address and a mask: 8 for IPv4, 32 for IPv6)`
    if (!isContiguousMask(base.value.subarray(base.value.length / 2)))
      return 'an IP constraint whose mask is not a CIDR prefix'
  }

  return undefined
}

/** Problems of the nameConstraints extension itself (CA/B Forum 7.1.2.5.2, RFC 5280 §4.2.1.10). */
export function checkNameConstraintsSyntax(cert: ParsedCertificate): Finding[] {
  const nc = decodeCertificateExtensions(parseX509Structure(cert.der, cert.source)).nameConstraints?.value
  if (!nc) return []
  const problems: string[] = []
  if (!nc.permitted?.length && !nc.excluded?.length) problems.push('it has neither permitted nor excluded subtrees')
  for (const subtree of [...(nc.permitted ?? []), ...(nc.excluded ?? [])]) {
    const problem = constraintProblem(subtree.base)
    if (problem && !problems.includes(problem)) problems.push(problem)
  }

  if (problems.length === 0) return []
  return [
    {
      code: 'NAME_CONSTRAINTS_INVALID',
      hint: 'Clients refuse certificates issued under such a CA; ask your certificate authority to fix its name constraints.',
      message: `${describeCertificate(cert)}: the nameConstraints extension is invalid: ${problems.slice(0, 3).join('; ')}.`,
      severity: 'error',
    },
  ]
}

/**
 * The names of a certificate that constraints apply to: its subject (as a directory name, when not empty), email
 * attributes, and every SAN.
 */
function constrainedNames(cert: ParsedCertificate): GeneralName[] {
  const structure = parseX509Structure(cert.der, cert.source)
  const names: GeneralName[] = []
  if (structure.subject.length > 0)
    names.push({kind: GeneralNameKind.directoryName, value: Buffer.from(structure.subjectDer, 'latin1')})
  for (const a of structure.subject)
    if (a.oid === '1.2.840.113549.1.9.1') names.push({kind: GeneralNameKind.rfc822Name, value: Buffer.from(a.value)})
  names.push(...(decodeCertificateExtensions(structure).subjectAltName?.value ?? []))
  return names
}

function dnsWithin(name: string, constraint: string): boolean {
  return constraint === '' || name === constraint || name.endsWith(`.${constraint}`)
}

/**
 * Whether `name` is inside the subtree `base`. A wildcard SAN (`*.example.com`) stands for every
 * name one label below its base: inside a permitted subtree only when all of them are; inside an
 * excluded subtree when any of them is (CVE-2025-61727: `*.example.com` meets an exclusion of
 * `bar.example.com`).
 */
function within(name: GeneralName, base: GeneralName, excluded: boolean): boolean {
  try {
    return withinSubtree(name, base, excluded)
  } catch {
    // an unreadable name is inside nothing permitted, and may be inside anything excluded
    return excluded
  }
}

function withinSubtree(name: GeneralName, base: GeneralName, excluded: boolean): boolean {
  switch (base.kind) {
    case GeneralNameKind.dNSName: {
      const value = ascii(name.value)
      const constraint = ascii(base.value) ?? ''
      if (value === undefined) return !excluded // an unreadable name is inside nothing permitted, and may be inside anything excluded
      if (!value.startsWith('*.')) return dnsWithin(value, constraint)
      const parent = value.slice(2)
      if (dnsWithin(parent, constraint)) return true
      return excluded && constraint.split('.').slice(1).join('.') === parent
    }

    case GeneralNameKind.iPAddress: {
      const half = base.value.length / 2
      if (name.value.length !== half) return false
      return [...name.value].every((byte, i) => {
        const mask = base.value[half + i] as number
        return (byte & mask) === ((base.value[i] as number) & mask)
      })
    }

    case GeneralNameKind.directoryName: {
      const prefix = readRdnKeys(base.value)
      const rdns = readRdnKeys(name.value)
      return prefix.length <= rdns.length && prefix.every((rdn, i) => rdn === rdns[i])
    }

    case GeneralNameKind.rfc822Name: {
      const mailbox = ascii(name.value) ?? ''
      const constraint = ascii(base.value) ?? ''
      if (constraint.includes('@')) return mailbox === constraint
      const host = mailbox.slice(mailbox.lastIndexOf('@') + 1)
      return constraint.startsWith('.') ? host.endsWith(constraint) : host === constraint
    }

    default: {
      // URI: the constraint names a host, or a domain with a leading dot
      let host: string
      try {
        host = new URL(name.value.toString('latin1')).hostname.toLowerCase()
      } catch {
        return !excluded
      }

      const constraint = ascii(base.value) ?? ''
      return constraint.startsWith('.') ? host.endsWith(constraint) : host === constraint
    }
  }
}

function describeName(name: GeneralName): string {
  if (name.kind === GeneralNameKind.iPAddress && (name.value.length === 4 || name.value.length === 16))
    return formatIpAddress(name.value)
  if (name.kind === GeneralNameKind.directoryName) return 'its subject or a directory name'
  return `"${(ascii(name.value) ?? name.value.toString('hex')).slice(0, 80)}"`
}

export interface ConstraintOutcome {
  finding?: Finding
  comparisons: number
}

/**
 * Checks the names of `subject` against the constraints of `issuer` (a CA above it on the path).
 * `budget` is how many comparisons are still allowed on this path.
 */
export function checkNamesAgainstConstraints(
  issuer: ParsedCertificate,
  subject: ParsedCertificate,
  budget: number,
): ConstraintOutcome {
  const extensions = decodeCertificateExtensions(parseX509Structure(issuer.der, issuer.source))
  const constraints: NameConstraintsValue | undefined = extensions.nameConstraints?.value
  if (!constraints) return {comparisons: 0}
  const permitted = constraints.permitted ?? []
  const excluded = constraints.excluded ?? []
  const names = constrainedNames(subject)
  const comparisons = names.length * (permitted.length + excluded.length)
  const fail = (code: string, why: string, hint: string): ConstraintOutcome => ({
    comparisons,
    finding: {
      code,
      hint,
      message: `${describeCertificate(subject)} ${why} of ${describeCertificate(issuer)}.`,
      severity: 'error',
    },
  })
  if (comparisons > budget) {
    return fail(
      'NAME_CONSTRAINTS_TOO_COMPLEX',
      `has ${names.length} names to check against ${permitted.length + excluded.length} name constraints; that is more than the ${MAX_CONSTRAINT_COMPARISONS} comparisons clients allow, checking the constraints`,
      'Clients refuse such chains; reissue with fewer names or constraints.',
    )
  }

  for (const name of names) {
    const kindLabel = GENERAL_NAME_LABELS[name.kind] ?? 'name'
    const sameKind = (list: typeof permitted) => list.filter((s) => s.base.kind === name.kind)
    if (!CHECKED_KINDS.has(name.kind)) {
      if (sameKind(permitted).length > 0 || sameKind(excluded).length > 0) {
        return fail(
          'NAME_CONSTRAINTS_TOO_COMPLEX',
          `has an ${kindLabel} in subjectAltName, a form of name that cannot be checked against the ${kindLabel} constraints`,
          'Clients that cannot check a constraint must refuse the chain; ask your certificate authority about it.',
        )
      }

      continue
    }

    const hint =
      'The issuing CA may only certify names inside its permitted subtrees and outside its excluded ones; use a certificate from a CA allowed to issue for these names.'
    if (sameKind(excluded).some((s) => within(name, s.base, true)))
      return fail(
        'NAME_CONSTRAINTS_VIOLATED',
        `has the ${kindLabel} ${describeName(name)}, which is excluded by the name constraints`,
        hint,
      )
    const allowed = sameKind(permitted)
    if (allowed.length > 0 && !allowed.some((s) => within(name, s.base, false)))
      return fail(
        'NAME_CONSTRAINTS_VIOLATED',
        `has the ${kindLabel} ${describeName(name)}, which is outside the permitted subtrees of the name constraints`,
        hint,
      )
  }

  return {comparisons}
}
