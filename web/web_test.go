package web_test

import (
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/dualchain/dualchain/api"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/emr"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/ipfs"
	"github.com/dualchain/dualchain/synth"
	"github.com/dualchain/dualchain/vault"
	"github.com/dualchain/dualchain/web"
)

// node is one hospital node's HTTP handler (UI in front of the API) on a
// real embedded chain, IPFS node and EMR service.
type node struct {
	t     *testing.T
	srv   *httptest.Server
	admin string // the hospital admin's private key, hex
}

func startNode(t *testing.T) *node {
	t.Helper()
	ctx := testenv.Context(t, 3*time.Minute)
	c := testenv.StartChain(t, 1337, "")
	deployer := testenv.Sender(t, c, 0)
	admin := c.Accounts()[0]
	addrs := map[string]common.Address{}
	for _, ct := range deploy.WorkingContracts([]common.Address{admin.Address}, []string{"Hospital"}) {
		code, err := ct.InitCode(addrs)
		if err != nil {
			t.Fatal(err)
		}
		a, _, err := deployer.Deploy(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		addrs[ct.Name] = a
	}
	dir := t.TempDir()
	ipfsNode, err := ipfs.Open(ctx, ipfs.Config{Dir: filepath.Join(dir, "ipfs"), Logger: testenv.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ipfsNode.Close() })
	kr, err := vault.OpenKeyring(filepath.Join(dir, "keys"), "test passphrase", vault.Light)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := emr.New(ctx, emr.Config{
		Backend: c.Client(), Identity: addrs[deploy.IdentityName], EMR: addrs[deploy.EMRName],
		Hospital: admin.Key, Keyring: kr, Blobs: ipfsNode, DB: testenv.OpenStore(t),
		Logger: testenv.Logger(t), MaxRecordBytes: 256 << 10,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	h, err := web.New(web.Config{API: api.New(api.Config{EMR: svc, ChainID: 1337, Logger: testenv.Logger(t)}), Logger: testenv.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &node{t: t, srv: srv, admin: hex.EncodeToString(crypto.FromECDSA(admin.Key))}
}

func (n *node) do(method, path, token string, body any) (int, http.Header, []byte) {
	n.t.Helper()
	return testenv.Request(n.t, method, n.srv.URL+path, token, body)
}

// TestServe checks what the handler serves itself and what it hands to the
// API, and that every module the pages import is embedded.
func TestServe(t *testing.T) {
	n := startNode(t)
	for _, tc := range []struct {
		method, path string
		status       int
		contentType  string
		contains     string
	}{
		{"GET", "/", 200, "text/html", `<script type="module" src="/ui/js/app.js">`},
		{"GET", "/ui/js/app.js", 200, "javascript", "export const state"},
		{"GET", "/ui/app.css", 200, "text/css", ":root"},
		{"GET", "/ui/config.json", 200, "application/json", `"proofCheck":false`},
		{"GET", "/ui/nothing.js", 404, "", ""},
		{"GET", "/healthz", 200, "application/json", `"ok"`},             // the API's
		{"GET", "/openapi.json", 200, "application/json", `"openapi"`},   // the API's
		{"GET", "/api/v1/me", 401, "application/problem+json", "log in"}, // the API's, not the page
		{"GET", "/elsewhere", 404, "", ""},                               // neither UI nor API
		{"POST", "/", 404, "", ""},
		{"POST", "/ui/proof/check", 501, "application/problem+json", "dualchain verify"}, // no verification chain here
	} {
		t.Run(tc.method+tc.path, func(t *testing.T) {
			st, hdr, body := n.do(tc.method, tc.path, "", nil)
			if st != tc.status || !strings.Contains(hdr.Get("Content-Type"), tc.contentType) || !strings.Contains(string(body), tc.contains) {
				t.Fatalf("got %d %q %.120q, want %d %q containing %q", st, hdr.Get("Content-Type"), body, tc.status, tc.contentType, tc.contains)
			}
			if st == 200 && (tc.path == "/" || strings.HasPrefix(tc.path, "/ui/js")) && !strings.Contains(hdr.Get("Content-Security-Policy"), "default-src 'self'") {
				t.Errorf("no content security policy on %s: %v", tc.path, hdr)
			}
		})
	}

	// Every relative import of every module resolves to an embedded file,
	// and nothing is loaded from another site.
	importRE := regexp.MustCompile(`(?m)^import .* from '(\./[^']+)';`)
	files := web.Static()
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		if regexp.MustCompile(`(?i)(src|href)=["']?(https?:)?//`).Match(src) || strings.Contains(string(src), "import('http") {
			t.Errorf("%s loads something from another site", p)
		}
		for _, m := range importRE.FindAllSubmatch(src, -1) {
			target := path.Join(path.Dir(p), string(m[1]))
			if _, err := fs.Stat(files, target); err != nil {
				t.Errorf("%s imports %s, which is not embedded", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestKeyLogin signs in through POST /ui/login/key with a raw key and with
// a keystore file, and refuses bad input with a clear message.
func TestKeyLogin(t *testing.T) {
	n := startNode(t)
	var login struct {
		Token   string `json:"token"`
		Address string `json:"address"`
	}
	st, _, body := n.do("POST", "/ui/login/key", "", map[string]string{"privateKey": "0x" + n.admin})
	if st != 200 || json.Unmarshal(body, &login) != nil || login.Token == "" {
		t.Fatalf("admin key login: %d %s", st, body)
	}
	admin := login.Token
	if st, _, body := n.do("GET", "/api/v1/me", admin, nil); st != 200 || !strings.Contains(string(body), `"role":"admin"`) {
		t.Fatalf("me as admin: %d %s", st, body)
	}

	// A practitioner registered by the admin logs in with its key file.
	var reg struct {
		Identity struct{ Address string }
		Keystore json.RawMessage
	}
	st, _, body = n.do("POST", "/api/v1/practitioners", admin, map[string]any{"resource": json.RawMessage(synth.New(3).Practitioner("")), "passphrase": "doctor secret"})
	if st != 201 || json.Unmarshal(body, &reg) != nil {
		t.Fatalf("register practitioner: %d %s", st, body)
	}
	st, _, body = n.do("POST", "/ui/login/key", "", map[string]any{"keystore": reg.Keystore, "passphrase": "doctor secret"})
	if st != 200 || json.Unmarshal(body, &login) != nil || !strings.EqualFold(login.Address, reg.Identity.Address) {
		t.Fatalf("key file login: %d %s", st, body)
	}
	if st, _, body := n.do("GET", "/api/v1/me", login.Token, nil); st != 200 || !strings.Contains(string(body), `"role":"practitioner"`) {
		t.Fatalf("me as practitioner: %d %s", st, body)
	}
	// The key file pasted as a JSON string works too.
	if st, _, body := n.do("POST", "/ui/login/key", "", map[string]any{"keystore": string(reg.Keystore), "passphrase": "doctor secret"}); st != 200 {
		t.Fatalf("key file as a string: %d %s", st, body)
	}

	for _, tc := range []struct {
		name string
		body any
		want string
	}{
		{"wrong passphrase", map[string]any{"keystore": reg.Keystore, "passphrase": "not it"}, "check the passphrase"},
		{"no passphrase", map[string]any{"keystore": reg.Keystore}, "give its passphrase"},
		{"not a keystore", map[string]any{"keystore": "hello"}, "not a keystore"},
		{"scrypt too costly", map[string]any{"passphrase": "x", "keystore": json.RawMessage(`{"crypto":{"kdf":"scrypt","kdfparams":{"n":1073741824,"r":8,"p":1,"dklen":32}}}`)}, "scrypt parameters"},
		{"unknown kdf", map[string]any{"passphrase": "x", "keystore": json.RawMessage(`{"crypto":{"kdf":"argon2"}}`)}, "argon2"},
		{"bad hex key", map[string]any{"privateKey": "0x1234"}, "64 hex digits"},
		{"nothing", map[string]any{}, "give a key file"},
		{"not JSON", "[", "body must be JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, hdr, body := n.do("POST", "/ui/login/key", "", tc.body)
			if st != 400 || hdr.Get("Content-Type") != "application/problem+json" || !strings.Contains(string(body), tc.want) {
				t.Fatalf("got %d %s %s, want 400 problem saying %q", st, hdr.Get("Content-Type"), body, tc.want)
			}
		})
	}
}
