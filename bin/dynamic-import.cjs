// import() for the published package's bundle (scripts/bundle.js rewrites each import() of a module
// outside the bundle to a call of this): its files are compiled by bin/compile-cache.js with
// vm.Script, where Node 20 allows import() only with --experimental-vm-modules. This file is loaded
// by Node's own CommonJS loader, so its import() is the ordinary one. Specifiers are absolute
// (file URLs, node: built-ins) or package names, which resolve the same from bin/ as from dist/.
module.exports = (specifier) => import(specifier)
