// In-page check of a record proof (GET /api/v1/records/{id}/proof), with
// nothing but the proof, the record's chain facts and keccak256. What it
// covers is listed in docs/web.md; the one link it cannot check here is the
// anchoring transaction on the verification chain (that needs a
// verification-chain endpoint: `dualchain verify PROOF.json`).

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

// ---- Merkle-Patricia path ----

/** trieGet follows a proof's node list from root to key's value. */
export function trieGet(root, key, nodes) {
  const byHash = new Map(nodes.map((n) => { const b = bytes(n); return [hex(keccak256(b)), b]; }));
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

/** merkleRoot recomputes the root from a leaf and its path (anchor.Verify). */
export function merkleRoot(leafHash, index, count, siblings) {
  let node = leafHash;
  let used = 0;
  let idx = BigInt(index);
  let cnt = BigInt(count);
  while (cnt > 1n) {
    if ((idx ^ 1n) < cnt) {
      if (used === siblings.length) throw new Error('too few siblings');
      const s = bytes(siblings[used++]);
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
 * GET /api/v1/records/{id}) and returns a list of {name, ok, detail}.
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
  let header;
  let receipt;
  const lc = (s) => String(s).toLowerCase();
  step('proof is about this record', () => {
    if (p.kind !== 'record' || !p.record || !p.tx) throw new Error(`a ${p.kind} proof, not a record proof`);
    if (BigInt(p.record.id) !== BigInt(facts.id)) throw new Error(`proof of record ${p.record.id}, not ${facts.id}`);
    if (lc(p.record.contentHash) !== lc(facts.contentHash)) throw new Error('content hash differs from the chain index');
    if (lc(p.record.patient) !== lc(facts.patient)) throw new Error('patient differs');
    if (lc(p.tx.hash) !== lc(facts.txHash)) throw new Error('transaction differs');
    return `record ${p.record.id}, content hash ${p.record.contentHash.slice(0, 12)}…`;
  });
  step('block header hashes to the anchored block hash', () => {
    const raw = bytes(p.header);
    if (hex(keccak256(raw)) !== lc(p.working.hash)) throw new Error('keccak256(header) ≠ ' + p.working.hash);
    header = rlp(raw);
    if (uint(header[8]) !== BigInt(p.working.number)) throw new Error('header number ≠ ' + p.working.number);
    return `block ${p.working.number} ${p.working.hash.slice(0, 12)}…`;
  });
  step('transaction is in the block (transactions trie)', () => {
    if (!header) throw new Error('no header');
    const v = trieGet(header[4], rlpUint(p.tx.index), p.tx.transactionPath);
    if (!v || hex(keccak256(v)) !== lc(p.tx.hash)) throw new Error('the trie holds another transaction at index ' + p.tx.index);
    return `index ${p.tx.index}, ${p.tx.hash.slice(0, 12)}…`;
  });
  step('receipt carries the RecordAdded event (receipts trie)', () => {
    if (!header) throw new Error('no header');
    let v = trieGet(header[5], rlpUint(p.tx.index), p.tx.receiptPath);
    if (!v || !v.length) throw new Error('no receipt at index ' + p.tx.index);
    if (v[0] < 0x80) v = v.subarray(1); // typed receipt
    receipt = rlp(v);
    if (uint(receipt[0]) !== 1n) throw new Error('the transaction failed');
    const log = receipt[3][p.record.log];
    if (!log) throw new Error('no log ' + p.record.log);
    if (hex(log[0]) !== lc(p.record.contract)) throw new Error('log not from the EMR contract');
    const [topics, data] = [log[1], log[2]];
    if (hex(topics[0]) !== RECORD_ADDED) throw new Error('log is not RecordAdded');
    if (uint(topics[1]) !== BigInt(p.record.id)) throw new Error('event id differs');
    if (hex(topics[2].subarray(12)) !== lc(p.record.patient)) throw new Error('event patient differs');
    if (hex(data.subarray(128, 160)) !== lc(p.record.contentHash)) throw new Error('event content hash differs');
    return `log ${p.record.log} of ${p.record.contract.slice(0, 10)}…`;
  });
  const count = BigInt(p.merkle.end) - BigInt(p.merkle.start) + 1n;
  step('Merkle path leads to the checkpoint root', () => {
    const root = merkleRoot(leaf(p.working.chainId, p.working.number, p.working.hash), BigInt(p.working.number) - BigInt(p.merkle.start), count, p.merkle.siblings);
    if (hex(root) !== lc(p.checkpoint.root)) throw new Error('recomputed ' + hex(root).slice(0, 12) + '…, checkpoint says ' + p.checkpoint.root.slice(0, 12) + '…');
    return `leaf ${BigInt(p.working.number) - BigInt(p.merkle.start) + 1n} of ${count} (blocks ${p.merkle.start}–${p.merkle.end}), ${p.merkle.siblings.length} siblings`;
  });
  step('checkpoint fields hash to the checkpoint hash', () => {
    const c = p.checkpoint;
    const got = hex(checkpointHash(p.working.chainId, c.member, p.merkle.start, p.merkle.end, c.root, c.endBlockHash, c.prevCheckpointHash));
    if (got !== lc(c.checkpointHash)) throw new Error('recomputed ' + got.slice(0, 12) + '…');
    return `member ${c.member.slice(0, 10)}…, checkpoint #${c.index}`;
  });
  out.push({ name: 'anchoring transaction on the verification chain', ok: null, detail: `not checked in the page: tx ${p.anchor.tx.slice(0, 12)}… in block ${p.anchor.blockNumber} of chain ${p.anchor.chainId}; run "dualchain verify proof.json" against a verification-chain endpoint` });
  return out;
}
