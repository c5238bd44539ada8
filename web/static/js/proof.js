// In-page check of a record proof (GET /api/v1/records/{id}/proof, format
// version 3: docs/anchoring.md), with nothing but the proof, the record's
// chain facts and keccak256. It rebuilds what the proof leaves out (the
// transaction's call, the RecordAdded log, the receipt and its bloom, the
// trie leaves and the on-path hashes of the trie nodes, the header's roots,
// bloom and number) and requires the header to hash to the anchored block
// hash. What it cannot check here is the link to the verification chain
// (the registry event carrying the checkpoint's root, end block hash,
// previous checkpoint hash and hash): POST /ui/proof/check or
// `dualchain verify PROOF.json`.

import { keccak256, hex, bytes, concat, word } from './keccak.js';

// ---- RLP ----

/** rlp decodes one RLP item: a Uint8Array (string) or an array (list). */
export function rlp(buf) {
  const [item, end] = item_(buf, 0);
  if (end !== buf.length) throw new Error('RLP: trailing bytes');
  return item;
}

function item_(b, p) {
  if (p >= b.length) throw new Error('RLP: truncated');
  const t = b[p];
  if (t < 0x80) return [b.subarray(p, p + 1), p + 1];
  if (t < 0xb8) return str(b, p + 1, t - 0x80);
  if (t < 0xc0) { const [n, q] = len(b, p + 1, t - 0xb7); return str(b, q, n); }
  if (t < 0xf8) return list(b, p + 1, t - 0xc0);
  const [n, q] = len(b, p + 1, t - 0xf7);
  return list(b, q, n);
}

function len(b, p, k) {
  let n = 0;
  for (let i = 0; i < k; i++) n = n * 256 + b[p + i];
  return [n, p + k];
}

function str(b, p, n) {
  if (p + n > b.length) throw new Error('RLP: truncated string');
  return [b.subarray(p, p + n), p + n];
}

function list(b, p, n) {
  const end = p + n;
  if (end > b.length) throw new Error('RLP: truncated list');
  const out = [];
  while (p < end) { const [it, q] = item_(b, p); out.push(it); p = q; }
  return [out, end];
}

function uint(b) {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

function rlpUint(n) {
  if (n === 0) return new Uint8Array([0x80]);
  if (n < 0x80) return new Uint8Array([n]);
  const be = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) be.unshift(v % 256);
  return new Uint8Array([0x80 + be.length, ...be]);
}

function eq(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}


/** enc RLP-encodes a Uint8Array (string) or an array of items (list). */
export function enc(item) {
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0] < 0x80) return item;
    return concat(lenPrefix(0x80, item.length), item);
  }
  const body = concat(...item.map(enc));
  return concat(lenPrefix(0xc0, body.length), body);
}

function lenPrefix(base, n) {
  if (n < 56) return new Uint8Array([base + n]);
  const be = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) be.unshift(v % 256);
  return new Uint8Array([base + 55 + be.length, ...be]);
}

/** uintBytes is n (a BigInt or number) as RLP's minimal big-endian bytes. */
function uintBytes(n) {
  const be = [];
  for (let v = BigInt(n); v > 0n; v >>= 8n) be.unshift(Number(v & 0xffn));
  return new Uint8Array(be);
}

// ---- version 3 blobs ----

/** b64 decodes base64 (Go's encoding/json []byte). */
export function b64(s) {
  const bin = atob(String(s));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** unzero decodes base64 of a zero-run encoding: each 0x00 byte is followed by the length of the run of zeros it stands for. */
export function unzero(s) {
  const z = b64(s);
  const out = [];
  for (let i = 0; i < z.length; i++) {
    if (z[i] !== 0) { out.push(z[i]); continue; }
    if (i + 1 === z.length || z[i + 1] === 0) throw new Error('bad zero-run encoding');
    for (let k = 0; k < z[i + 1]; k++) out.push(0);
    i++;
  }
  return Uint8Array.from(out);
}

const EMPTY = new Uint8Array(0);
const isHollow = (it) => it instanceof Uint8Array && it.length === 0;

/** fill replaces the hollow (empty-string) items at idx of RLP list raw by vals. */
function fill(raw, idx, vals) {
  const items = rlp(raw);
  if (!Array.isArray(items)) throw new Error('not a list');
  idx.forEach((i, k) => {
    if (i >= items.length || !isHollow(items[i])) throw new Error(`item ${i} is not left out`);
    items[i] = vals[k];
  });
  return items;
}

// Header items the proof leaves out when they hold these constants.
const HEADER_CONSTANTS = {
  1: '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347', // no uncles
  16: '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421', // no withdrawals
  20: '0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', // no requests
};

/** bloomAdd sets the three bloom bits of data in bloom (256 bytes), as Ethereum does. */
function bloomAdd(bloom, data) {
  const h = keccak256(data);
  for (const j of [0, 2, 4]) {
    const bit = ((h[j] << 8) | h[j + 1]) & 0x7ff;
    bloom[255 - (bit >> 3)] |= 1 << (bit & 7);
  }
}

const selector = (sig) => keccak256(new TextEncoder().encode(sig)).subarray(0, 4);

/** abiBytes is the ABI tail of a bytes value: its length word and the data padded to whole words. */
function abiBytes(b) {
  const padded = new Uint8Array(Math.ceil(b.length / 32) * 32);
  padded.set(b);
  return concat(word(b.length), padded);
}

/** recordCall is the EMR call (p.tx.input) with the record's fields, as the transaction's input. */
function recordCall(r, input) {
  const cid = bytes(r.cid);
  const addr = (a) => { const w = new Uint8Array(32); w.set(bytes(a), 12); return w; };
  if (input === 'addRecord') {
    return concat(selector('addRecord(address,uint8,bytes,bytes32)'), addr(r.patient), word(r.resourceType), word(128), bytes(r.contentHash), abiBytes(cid));
  }
  if (input === 'amendRecord') {
    return concat(selector('amendRecord(uint64,bytes,bytes32)'), word(r.prevId), word(96), bytes(r.contentHash), abiBytes(cid));
  }
  throw new Error('unknown input ' + input);
}

/** recordLog is the EMR's RecordAdded log for the record, as an RLP list [address, topics, data]. */
function recordLog(r) {
  const addr = (a) => { const w = new Uint8Array(32); w.set(bytes(a), 12); return w; };
  const topics = [bytes(RECORD_ADDED), word(r.id), addr(r.patient), addr(r.author)];
  const data = concat(word(r.resourceType), word(r.prevId), word(r.version), word(160), bytes(r.contentHash), abiBytes(bytes(r.cid)));
  return [bytes(r.contract), topics, data];
}

/** nibbles is a trie key four bits at a time. */
function nibbles(b) {
  const out = [];
  for (const x of b) out.push(x >> 4, x & 15);
  return out;
}

/**
 * pathSlots walks the nodes above a path's leaf along key: for each, the item
 * that refers to the next node (a branch node's key nibble, an extension
 * node's second item), and the key's nibbles left for the leaf (proof.pathSlots).
 */
function pathSlots(nodes, key) {
  const nib = nibbles(key);
  let pos = 0;
  const slots = [];
  for (let i = 0; i < nodes.length; i++) {
    const items = rlp(nodes[i]);
    if (items.length === 17) {
      if (pos >= nib.length) throw new Error('the key ends above the leaf');
      slots.push(nib[pos++]);
    } else if (items.length === 2 && items[0] instanceof Uint8Array && items[0].length > 0) {
      const c = items[0];
      const flag = c[0] >> 4;
      if (flag > 1) throw new Error(`node ${i} is a leaf, which the checker rebuilds`);
      if (flag === 0 && (c[0] & 15) !== 0) throw new Error(`node ${i}: bad extension node`);
      const part = (flag === 1 ? [c[0] & 15] : []).concat(nibbles(c.subarray(1)));
      if (!eq(nib.slice(pos, pos + part.length), part)) throw new Error(`node ${i}: the key leaves the path`);
      pos += part.length;
      slots.push(1);
    } else {
      throw new Error(`node ${i} is no trie node`);
    }
  }
  return { slots, rest: nib.slice(pos) };
}

/** leafNode is the leaf holding value under key nibbles rest (hex-prefix encoded, leaf flag). */
function leafNode(rest, value) {
  const odd = rest.length % 2;
  const compact = [odd ? 0x30 | rest[0] : 0x20];
  for (let i = odd; i < rest.length; i += 2) compact.push((rest[i] << 4) | rest[i + 1]);
  return enc([Uint8Array.from(compact), value]);
}

/**
 * pathFill rebuilds a path (the nodes above the leaf, base64, root first) to
 * key: the leaf of value, then from the bottom up each node's hash into the
 * node above it, where the proof leaves it out (proof.pathFill). It returns
 * the nodes, leaf last.
 */
function pathFill(path, key, value) {
  const nodes = path.map((n) => (typeof n === 'string' ? b64(n) : n));
  if (nodes.length >= 16) throw new Error('path too long');
  const { slots, rest } = pathSlots(nodes, key);
  nodes.push(leafNode(rest, value));
  for (let i = slots.length - 1; i >= 0; i--) nodes[i] = enc(fill(nodes[i], [slots[i]], [keccak256(nodes[i + 1])]));
  return nodes;
}

/**
 * sameShape rebuilds a receipt path that the proof leaves out (as carried:
 * no leaf, hollow on-path references) from the transaction path, whose
 * shape it has, and the receipt trie's off-path child hashes (base64 of
 * 32-byte hashes), in order (proof.sameShape).
 */
function sameShape(txPath, key, siblingsB64) {
  const shape = txPath.map(b64);
  const { slots } = pathSlots(shape, key);
  const hashes = b64(siblingsB64 || '');
  if (hashes.length % 32) throw new Error('receipt siblings are not whole 32-byte hashes');
  let k = 0;
  const out = shape.map((node, i) => {
    const items = rlp(node);
    if (items.length !== 17) return node;
    if (!isHollow(items[16])) throw new Error(`node ${i}: a branch node with a value`);
    for (let j = 0; j < 16; j++) {
      if (j === slots[i] || isHollow(items[j])) continue;
      if (!(items[j] instanceof Uint8Array) || items[j].length !== 32) throw new Error(`node ${i}: child ${j} is embedded, not a hash`);
      if (k === hashes.length) throw new Error('too few receipt siblings');
      items[j] = hashes.subarray(k, k + 32);
      k += 32;
    }
    return enc(items);
  });
  if (k !== hashes.length) throw new Error('unused receipt siblings');
  return out;
}

/** bloomBits decodes header.bloomBits: base64 of the first bit position, then each gap less one, as LEB128 varints. */
export function bloomBits(s) {
  const b = b64(s || '');
  const out = [];
  let next = 0;
  for (let i = 0; i < b.length;) {
    let d = 0;
    for (let shift = 0; ; shift += 7) {
      if (i >= b.length || shift > 14) throw new Error('bad bloom bits encoding');
      const x = b[i++];
      if (x === 0 && shift > 0) throw new Error('bad bloom bits encoding (overlong)');
      d += (x & 0x7f) * 2 ** shift;
      if (x < 0x80) break;
    }
    if (next + d > 2047) throw new Error('bloom bit beyond 2047');
    out.push(next + d);
    next += d + 1;
  }
  return out;
}

/** txDataItems are the positions of the recipient and input in each transaction type's RLP list. */
function txCallItems(type) {
  return type === 0 ? [3, 5] : type === 1 ? [4, 6] : [2, 3, 4].includes(type) ? [5, 7] : null;
}

// ---- Merkle-Patricia path ----

/** trieGet follows a proof's node list from root to key's value. */
export function trieGet(root, key, nodes) {
  const byHash = new Map(nodes.map((b) => [hex(keccak256(b)), b]));
  const nib = [];
  for (const k of key) nib.push(k >> 4, k & 15);
  let node = resolve(root);
  let i = 0;
  for (let steps = 0; steps < 64; steps++) {
    if (node.length === 17) {
      if (i === nib.length) return node[16];
      node = resolve(node[nib[i++]]);
    } else if (node.length === 2) {
      const path = node[0];
      const flag = path[0] >> 4;
      const pn = [];
      if (flag & 1) pn.push(path[0] & 15);
      for (const x of path.subarray(1)) pn.push(x >> 4, x & 15);
      if (!eq(nib.slice(i, i + pn.length), pn)) throw new Error('key not in trie');
      i += pn.length;
      if (flag >= 2) {
        if (i !== nib.length) throw new Error('key not in trie');
        return node[1];
      }
      node = resolve(node[1]);
    } else {
      throw new Error('bad trie node');
    }
  }
  throw new Error('trie path too long');

  function resolve(ref) {
    if (Array.isArray(ref)) return ref; // embedded node (< 32 bytes)
    if (!(ref instanceof Uint8Array) || ref.length !== 32) throw new Error('missing trie node');
    const n = byHash.get(hex(ref));
    if (!n) throw new Error('trie node ' + hex(ref).slice(0, 10) + '… not in the proof');
    return rlp(n);
  }
}

// ---- the checks ----

const RECORD_ADDED = hex(keccak256(new TextEncoder().encode('RecordAdded(uint64,address,address,uint8,uint64,uint32,bytes,bytes32)')));

/** leaf is the checkpoint Merkle leaf of a working block (anchor.Leaf). */
export function leaf(chainId, number, blockHash) {
  return keccak256(concat(word(chainId), word(number), bytes(blockHash)));
}

/** merkleRoot recomputes the root from a leaf and its path (anchor.Verify); siblings are one base64 string of 32-byte hashes. */
export function merkleRoot(leafHash, index, count, siblingsB64) {
  const all = b64(siblingsB64);
  if (all.length % 32) throw new Error('siblings are not whole 32-byte hashes');
  const siblings = [];
  for (let i = 0; i < all.length; i += 32) siblings.push(all.subarray(i, i + 32));
  let node = leafHash;
  let used = 0;
  let idx = BigInt(index);
  let cnt = BigInt(count);
  while (cnt > 1n) {
    if ((idx ^ 1n) < cnt) {
      if (used === siblings.length) throw new Error('too few siblings');
      const s = siblings[used++];
      node = idx % 2n === 0n ? keccak256(concat(node, s)) : keccak256(concat(s, node));
    }
    idx /= 2n;
    cnt = (cnt + 1n) / 2n;
  }
  if (used !== siblings.length) throw new Error('unused siblings');
  return node;
}

/** checkpointHash recomputes a checkpoint's hash (anchor.CheckpointHash). */
export function checkpointHash(chainId, member, start, end, root, endHash, prevHash) {
  const m = new Uint8Array(32);
  m.set(bytes(member), 12);
  return keccak256(concat(word(chainId), m, word(start), word(end), bytes(root), bytes(endHash), bytes(prevHash)));
}

/**
 * checkProof checks a record proof against the record's chain facts (from
 * GET /api/v1/records/{id}) and returns a list of {name, ok, detail}; the
 * last entry (ok null) is the link only the node can check.
 */
export function checkProof(p, facts) {
  const out = [];
  const step = (name, fn) => {
    try {
      const detail = fn();
      out.push({ name, ok: true, detail: detail || '' });
      return true;
    } catch (e) {
      out.push({ name, ok: false, detail: e.message });
      return false;
    }
  };
  const lc = (s) => String(s).toLowerCase();
  const key = rlpUint(Number(p.tx?.index ?? 0));
  let tx; let txType; let txRoot; let receipt; let rcRoot; let root;
  step('proof is about this record', () => {
    if (p.version !== 3) throw new Error(`proof format version ${p.version}, this page reads version 3: build a new proof`);
    if (p.kind !== 'record' || !p.record || !p.tx || !p.header) throw new Error(`a ${p.kind} proof, not a record proof`);
    if (BigInt(p.record.id) !== BigInt(facts.id)) throw new Error(`proof of record ${p.record.id}, not ${facts.id}`);
    if (lc(p.record.contentHash) !== lc(facts.contentHash)) throw new Error('content hash differs from the chain index');
    if (lc(p.record.patient) !== lc(facts.patient)) throw new Error('patient differs');
    return `record ${p.record.id}, content hash ${p.record.contentHash.slice(0, 12)}…`;
  });
  step('transaction is in the block (transactions trie)', () => {
    let raw = unzero(p.tx.transaction);
    txType = raw[0] < 0x80 ? raw[0] : 0;
    if (p.tx.input) {
      const prefix = txType ? raw.subarray(0, 1) : EMPTY;
      const items = fill(txType ? raw.subarray(1) : raw, txCallItems(txType) || [], [bytes(p.record.contract), recordCall(p.record, p.tx.input)]);
      raw = concat(prefix, enc(items));
    }
    tx = raw;
    const nodes = pathFill(p.tx.transactionPath, key, tx);
    txRoot = keccak256(nodes[0]);
    const v = trieGet(txRoot, key, nodes);
    if (!v || !eq(v, tx)) throw new Error('the trie holds another transaction at index ' + p.tx.index);
    const h = hex(keccak256(tx));
    if (h !== lc(facts.txHash)) throw new Error(`transaction ${h.slice(0, 12)}…, the chain index says ${facts.txHash.slice(0, 12)}…`);
    return `index ${p.tx.index}, ${h.slice(0, 12)}…`;
  });
  step('receipt carries the RecordAdded event (receipts trie)', () => {
    if (!tx) throw new Error('no transaction');
    if (!p.tx.receipt.successful) throw new Error('the transaction failed');
    const logs = p.tx.receipt.logs.map((l, i) => (i === p.record.log ? (l === '' ? recordLog(p.record) : null) : rlp(unzero(l))));
    if (logs.some((l) => l === null) || !logs[p.record.log]) throw new Error('no record log at ' + p.record.log);
    const bloom = new Uint8Array(256);
    for (const [addr, topics] of logs) { bloomAdd(bloom, addr); topics.forEach((t) => bloomAdd(bloom, t)); }
    receipt = { bloom, raw: concat(txType ? new Uint8Array([txType]) : EMPTY, enc([new Uint8Array([1]), uintBytes(p.tx.receipt.cumulativeGasUsed), bloom, logs])) };
    if (p.tx.receiptPath && p.tx.receiptSiblings) throw new Error('both a receipt path and receipt siblings');
    const nodes = pathFill(p.tx.receiptPath || sameShape(p.tx.transactionPath, key, p.tx.receiptSiblings), key, receipt.raw);
    rcRoot = keccak256(nodes[0]);
    const v = trieGet(rcRoot, key, nodes);
    if (!v || !eq(v, receipt.raw)) throw new Error('no such receipt at index ' + p.tx.index);
    return `log ${p.record.log} of ${p.record.contract.slice(0, 10)}…`;
  });
  step('block header hashes to the anchored block hash', () => {
    if (!receipt) throw new Error('no receipt');
    const bloom = p.header.bloom ? b64(p.header.bloom) : Uint8Array.from(receipt.bloom);
    if (p.header.bloom && p.header.bloomBits) throw new Error('both a whole bloom and bloom bits');
    for (const bit of bloomBits(p.header.bloomBits)) {
      if (bloom[255 - (bit >> 3)] & (1 << (bit & 7))) throw new Error(`bloom bit ${bit} is the receipt's own`);
      bloom[255 - (bit >> 3)] |= 1 << (bit & 7);
    }
    const items = fill(unzero(p.header.rlp), [4, 5, 6, 8], [txRoot, rcRoot, bloom, uintBytes(p.working.number)]);
    for (const [i, c] of Object.entries(HEADER_CONSTANTS)) if (i < items.length && isHollow(items[i])) items[i] = bytes(c);
    const gas = uintBytes(p.tx.receipt.cumulativeGasUsed); // gasUsed, left out when it is the receipt's (the block's last transaction)
    if (items.length > 10 && eq(items[10], gas) && !isHollow(items[10])) throw new Error('gasUsed is carried, but the proof must leave it out');
    if (items.length > 10 && isHollow(items[10])) items[10] = gas;
    if (hex(keccak256(enc(items))) !== lc(p.working.hash)) throw new Error('keccak256(header) ≠ ' + p.working.hash);
    return `block ${p.working.number} ${p.working.hash.slice(0, 12)}…`;
  });
  step('checkpoint covers the block', () => {
    const [n, s, e] = [BigInt(p.working.number), BigInt(p.merkle.start), BigInt(p.merkle.end)];
    if (n < s || n > e) throw new Error(`block ${n} is outside the checkpoint's blocks ${s}–${e}`);
    const c = p.checkpoint;
    if (!/^0x[0-9a-fA-F]{40}$/.test(String(c.member)) || !Number.isInteger(c.index)) throw new Error('no checkpoint member and index');
    return `checkpoint #${c.index} of member ${c.member.slice(0, 10)}…, blocks ${s}–${e}`;
  });
  const count = BigInt(p.merkle.end) - BigInt(p.merkle.start) + 1n;
  const rootStep = step('Merkle path leads to a checkpoint root', () => {
    root = merkleRoot(leaf(p.working.chainId, p.working.number, p.working.hash), BigInt(p.working.number) - BigInt(p.merkle.start), count, p.merkle.siblings);
    return `leaf ${BigInt(p.working.number) - BigInt(p.merkle.start) + 1n} of ${count}, root ${hex(root).slice(0, 12)}…`;
  });
  if (rootStep) out[out.length - 1].root = hex(root);
  out.push({ name: 'anchoring transaction on the verification chain', ok: null, detail: `not checked in the page: tx ${p.anchor.tx.slice(0, 12)}… on chain ${p.anchor.chainId} must carry a CheckpointSubmitted event of this member, index and range with this root, whose end block hash, previous checkpoint hash and hash the proof leaves to the event; run "dualchain verify proof.json" against a verification-chain endpoint` });
  return out;
}
