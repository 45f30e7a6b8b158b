// npm scripts must run on the Node pinned in devDependencies (Node 24: node:sqlite, type stripping).
const major = Number(process.versions.node.split('.')[0])
if (major < 24) {
  console.error(
    `FastPix Live Monitor needs Node 24 (found ${process.version}). Run "npm install" so the pinned Node in node_modules/.bin is used by npm scripts.`,
  )
  process.exit(1)
}
