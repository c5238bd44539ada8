// Package chain is dualchain's plumbing for talking to an EVM chain over
// standard eth_* JSON-RPC: a transaction Sender that owns one key's nonces,
// prices transactions with EIP-1559 fees under a cap and waits for receipts,
// and decoding of contract reverts into the custom error that caused them.
//
// Everything here works against any standard node (the embedded dev chains,
// geth, Besu, an L2): nothing engine- or debug-specific is used.
package chain
