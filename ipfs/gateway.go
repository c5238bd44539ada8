package ipfs

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/ipfs/boxo/verifcid"
	"github.com/ipfs/go-cid"
)

// GatewayHandler serves GET and HEAD /ipfs/{cid}: the whole file's bytes
// as application/octet-stream with ETag "<cid>", checked against the CID
// like every read (Range and If-None-Match work as usual). It is
// read-only: other methods get 405. A malformed CID is 400; content that
// is neither local nor delivered by a connected peer within the timeout is
// 404; content that does not match its CID is 502 and is never sent.
//
// The handler finds the CID after the last "/ipfs/" in the path, so it
// works mounted at "/ipfs/" with the full path in r.URL.Path, under any
// longer prefix, or behind http.StripPrefix (then the path is just the CID).
//
// The lookup timeout is Config.GatewayTimeout; a timeout argument, if
// given, overrides it (callers that already pass one keep working).
func (n *Node) GatewayHandler(timeout ...time.Duration) http.Handler {
	limit := n.gatewayTimeout
	if len(timeout) > 0 && timeout[0] > 0 {
		limit = timeout[0]
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "the IPFS gateway is read-only: use GET or HEAD", http.StatusMethodNotAllowed)
			return
		}
		ref := r.URL.Path
		if i := strings.LastIndex(ref, "/ipfs/"); i >= 0 {
			ref = ref[i+len("/ipfs/"):]
		}
		ref = strings.Trim(ref, "/")
		c, err := cid.Decode(ref)
		if err != nil {
			http.Error(w, "not a CID: "+ref+" (the path must be /ipfs/{cid}; paths inside content are not served)", http.StatusBadRequest)
			return
		}
		if err := verifcid.ValidateCid(verifcid.DefaultAllowlist, c); err != nil {
			http.Error(w, "CID "+c.String()+" is not accepted: "+err.Error(), http.StatusBadRequest)
			return
		}
		if t := c.Type(); t != cid.Raw && t != cid.DagProtobuf {
			http.Error(w, "CID "+c.String()+" is not a file: only raw and UnixFS (dag-pb) content is served", http.StatusBadRequest)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), limit)
		defer cancel()
		data, err := n.Get(ctx, c)
		switch {
		case errors.Is(err, ErrCorrupt):
			http.Error(w, "stored content does not match its CID "+c.String()+"; refusing to serve it", http.StatusBadGateway)
			return
		case errors.Is(err, ErrNotFound):
			if r.Context().Err() != nil {
				return // the client went away; nobody reads an answer
			}
			http.Error(w, "not found here or at connected peers within "+limit.String()+": "+c.String(), http.StatusNotFound)
			return
		case err != nil:
			n.log.Error("gateway read failed", "cid", c, "err", err)
			http.Error(w, "cannot read "+c.String()+": "+err.Error(), http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "application/octet-stream")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("ETag", `"`+c.String()+`"`)
		// Content addressed: the bytes behind a CID never change.
		h.Set("Cache-Control", "public, max-age=29030400, immutable")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
	})
}
