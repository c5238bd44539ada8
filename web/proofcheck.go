package web

import (
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/dualchain/dualchain/proof"
)

// checkProof is POST /ui/proof/check: the node checks a proof's link to the
// verification chain (the anchoring transaction in a canonical block, its
// CheckpointSubmitted event, finality) with proof.Check, the same checker
// as `dualchain verify`, and answers with the checkpoint as that event
// carries it (root, end block hash, previous checkpoint hash, hash). The page checks everything else itself; this is
// the part that needs a verification-chain endpoint. Logged-in users only:
// each check costs a few RPC calls.
func (h *Handler) checkProof(w http.ResponseWriter, r *http.Request) {
	if h.cfg.Verification == nil {
		problem(w, http.StatusNotImplemented, "this node has no verification-chain endpoint to check proofs against; use `dualchain verify --verification-rpc URL proof.json`")
		return
	}
	if st, _ := h.call(r, http.MethodGet, "/api/v1/me", nil); st != http.StatusOK {
		problem(w, http.StatusUnauthorized, "log in first")
		return
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<16))
	if err != nil {
		problem(w, http.StatusBadRequest, "the proof must be JSON of at most 64 KiB")
		return
	}
	p, err := proof.Parse(raw)
	if err != nil {
		problem(w, http.StatusBadRequest, err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	res, err := proof.Check(ctx, p, h.cfg.Verification)
	switch {
	case errors.Is(err, proof.ErrInvalid):
		problem(w, http.StatusUnprocessableEntity, err.Error())
	case err != nil:
		problem(w, http.StatusBadGateway, "verification chain: "+err.Error())
	default:
		writeJSON(w, http.StatusOK, map[string]any{"valid": true, "settled": res.Settled, "confirmations": res.Confirmations, "chainId": p.Anchor.ChainID,
			"anchorBlock": res.AnchorBlock, "checkpoint": res.Checkpoint})
	}
}
