// forge's ASN.1 module on its own: importing it costs ~5 ms against ~35 ms for all of node-forge.
declare module 'node-forge/lib/asn1.js' {
  import type forge from 'node-forge'

  const asn1: typeof forge.asn1
  export default asn1
}
