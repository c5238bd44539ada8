package web

import (
	"embed"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/dualchain/dualchain/proof"
)

//go:embed static
var static embed.FS

// Static returns the embedded UI files (index.html, app.css, js/…), for
// tests and tools that check them.
func Static() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded directory is there by construction
	}
	return sub
}

// Config configures the UI handler.
type Config struct {
	// API is the node's API handler; requests the UI does not serve go to it,
	// and key-file logins are made through it. Required.
	API http.Handler
	// Attacks tells the UI that the attack simulator is available (dev
	// mode, embedded working chain).
	Attacks bool
	// Restore tells the UI that POST /api/v1/admin/restore is available.
	Restore bool
	// DualChain tells the UI that records are anchored (false with
	// --single-chain: no proofs, no verification states).
	DualChain bool
	// Verification, if set, is the verification chain this node anchors
	// into: POST /ui/proof/check then checks proofs' anchoring transactions
	// against it. Nil: the page says that part is not checked.
	Verification proof.Chain
	// Logger receives the UI's log lines (component=web); nil: slog.Default.
	Logger *slog.Logger
}

// errNoAPI is New's answer to a Config without an API.
var errNoAPI = errors.New("web: Config.API is required")

// checkTimeout bounds one server-side proof check.
const checkTimeout = 20 * time.Second

// Handler serves the UI in front of the API. It is safe for concurrent use.
type Handler struct {
	cfg    Config
	log    *slog.Logger
	files  http.Handler
	index  []byte
	config []byte
	// unlock bounds concurrent key-file logins: a standard scrypt keystore
	// costs about a second of CPU and 256 MiB to decrypt.
	unlock chan struct{}
}

// New returns the UI handler wrapping cfg.API.
func New(cfg Config) (*Handler, error) {
	if cfg.API == nil {
		return nil, errNoAPI
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	sub := Static()
	index, err := fs.ReadFile(sub, "index.html")
	if err != nil {
		return nil, err
	}
	conf, err := json.Marshal(map[string]bool{"attacks": cfg.Attacks, "restore": cfg.Restore, "dualChain": cfg.DualChain, "proofCheck": cfg.Verification != nil})
	if err != nil {
		return nil, err
	}
	return &Handler{
		cfg: cfg, log: cfg.Logger.With("component", "web"),
		files: http.StripPrefix("/ui/", http.FileServerFS(sub)),
		index: index, config: conf, unlock: make(chan struct{}, 1),
	}, nil
}

// ServeHTTP serves the UI's pages and assets, its key-file login and its
// proof check, and hands everything else to the API.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	get := r.Method == http.MethodGet || r.Method == http.MethodHead
	switch {
	case p == "/ui/login/key" && r.Method == http.MethodPost:
		h.keyLogin(w, r)
	case p == "/ui/proof/check" && r.Method == http.MethodPost:
		h.checkProof(w, r)
	case p == "/ui/config.json" && get:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(h.config)
	case (p == "/" || p == "/index.html") && get:
		secure(w)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(h.index)
	case strings.HasPrefix(p, "/ui/") && get:
		secure(w)
		// Assets change with the binary; revalidate rather than cache blindly.
		w.Header().Set("Cache-Control", "no-cache")
		h.files.ServeHTTP(w, r)
	default:
		h.cfg.API.ServeHTTP(w, r)
	}
}

// secure sets headers that keep the UI's pages self-contained: scripts,
// styles and images only from this node (attachments are shown from data:
// and blob: URLs), and no framing by other sites.
func secure(w http.ResponseWriter) {
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; frame-src 'self' blob: data:; frame-ancestors 'none'; base-uri 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
}
