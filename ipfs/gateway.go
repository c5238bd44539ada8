package ipfs

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ipfs/go-cid"
)

// GatewayHandler serves GET and HEAD /ipfs/{cid}: the file's bytes, checked
// against the CID like every read. Content that is neither local nor at a
// connected peer within timeout is a 404; content that does not match its
// CID is a 502 and is never sent. Read-only: nothing can be added through it.
func (n *Node) GatewayHandler(timeout time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "the gateway is read-only", http.StatusMethodNotAllowed)
			return
		}
		_, rest, ok := strings.Cut(r.URL.Path, "/ipfs/")
		c, err := cid.Decode(strings.TrimSuffix(rest, "/"))
		if !ok || err != nil {
			http.Error(w, "not a CID: "+rest, http.StatusBadRequest)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		data, err := n.Get(ctx, c)
		switch {
		case errors.Is(err, ErrCorrupt):
			http.Error(w, "stored content does not match its CID; refusing to serve it", http.StatusBadGateway)
			return
		case errors.Is(err, ErrNotFound):
			http.Error(w, "not found: "+c.String(), http.StatusNotFound)
			return
		case err != nil:
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.Header().Set("ETag", `"`+c.String()+`"`)
		w.Header().Set("Cache-Control", "public, max-age=29030400, immutable")
		if r.Method == http.MethodGet {
			w.Write(data)
		}
	})
}
