import {type DerNode, readDer, TagClass, UniversalTag} from './der-reader.js'

/** The GeneralName forms of RFC 5280 §4.2.1.6, by their context tag. */
export const GeneralNameKind = {
  directoryName: 4,
  dNSName: 2,
  ediPartyName: 5,
  iPAddress: 7,
  otherName: 0,
  registeredID: 8,
  rfc822Name: 1,
  uniformResourceIdentifier: 6,
  x400Address: 3,
} as const

export const GENERAL_NAME_LABELS = ['otherName', 'email address', 'DNS name', 'X.400 address', 'directory name', 'EDI party name', 'URI', 'IP address', 'registered ID']

/** One GeneralName as encoded. */
export interface GeneralName {
  /** The context tag: see GeneralNameKind. */
  kind: number
  /** The contents: IA5 text for names, 4/16 (SAN) or 8/32 (constraint) octets for iPAddress, the Name DER for directoryName. */
  value: Buffer
}

/**
 * Reads `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName` (subjectAltName, and the base of
 * each name-constraint subtree). Every element must be a context-tagged GeneralName.
 */
export function decodeGeneralName(node: DerNode): GeneralName {
  if (node.tagClass !== TagClass.context || node.tag > 8) throw new RangeError('GeneralName expected')
  if (node.tag === GeneralNameKind.directoryName) {
    // [4] EXPLICIT Name
    const [name] = node.children
    if (!node.constructed || node.children.length !== 1 || !name || name.tagClass !== TagClass.universal || name.tag !== UniversalTag.sequence) {
      throw new RangeError('directoryName is not a Name')
    }

    return {kind: node.tag, value: name.encoded}
  }

  const primitive = node.tag === GeneralNameKind.rfc822Name || node.tag === GeneralNameKind.dNSName || node.tag === GeneralNameKind.uniformResourceIdentifier || node.tag === GeneralNameKind.iPAddress || node.tag === GeneralNameKind.registeredID
  if (primitive === node.constructed) throw new RangeError(`GeneralName [${node.tag}] has the wrong form`)
  return {kind: node.tag, value: node.contents}
}

/** The names of a subjectAltName extension value (its DER). */
export function decodeGeneralNames(der: Buffer): GeneralName[] {
  const list = readDer(der)
  if (list.tagClass !== TagClass.universal || list.tag !== UniversalTag.sequence) throw new RangeError('GeneralNames is not a SEQUENCE')
  if (list.children.length === 0) throw new RangeError('GeneralNames is empty')
  return list.children.map((child) => decodeGeneralName(child))
}
