// Compiles contracts/src/*.sol with the pinned solc (package.json) and writes
// build/<Contract>.abi and build/<Contract>.bin for every deployable contract.
// Run through `go generate ./contracts/...`; the output is byte-for-byte
// reproducible (sorted sources, relative names, stable JSON).
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

// Keep in step with devchain.EVMVersion (the chain config's last fork).
const EVM_VERSION = 'prague';

const srcDir = path.join(__dirname, 'src');
const outDir = path.join(__dirname, 'build');
const files = fs.readdirSync(srcDir).filter((f) => f.endsWith('.sol')).sort();
const sources = {};
for (const f of files) {
  sources['src/' + f] = { content: fs.readFileSync(path.join(srcDir, f), 'utf8') };
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: 200 },
    viaIR: true,
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input)));
let failed = false;
for (const e of output.errors || []) {
  console.error(e.formattedMessage || e.message);
  if (e.severity === 'error') failed = true;
}
if (failed) {
  console.error('compile.js: solc ' + solc.version() + ' reported errors');
  process.exit(1);
}

// Stable JSON: keys sorted recursively.
function stable(v) {
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v).sort()) o[k] = stable(v[k]);
    return o;
  }
  return v;
}

fs.mkdirSync(outDir, { recursive: true });
const written = [];
for (const src of Object.keys(output.contracts).sort()) {
  for (const name of Object.keys(output.contracts[src]).sort()) {
    const c = output.contracts[src][name];
    const bin = c.evm.bytecode.object;
    if (!bin) continue; // abstract contracts and interfaces
    const size = c.evm.deployedBytecode.object.length / 2;
    if (size > 24576) {
      console.error(`compile.js: ${name} deployed size ${size} bytes exceeds the 24,576-byte limit`);
      process.exit(1);
    }
    fs.writeFileSync(path.join(outDir, name + '.abi'), JSON.stringify(stable(c.abi), null, 2) + '\n');
    fs.writeFileSync(path.join(outDir, name + '.bin'), bin + '\n');
    written.push(`${name} (${size} bytes deployed)`);
  }
}
console.error('compile.js: solc ' + solc.version() + ', evm ' + EVM_VERSION + ': ' + written.join(', '));
