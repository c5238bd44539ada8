package ipfs_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ipfs/go-cid"
	mh "github.com/multiformats/go-multihash"

	"github.com/dualchain/dualchain/ipfs"
)

// logger writes the node's logs to the test's log.
func logger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tlog{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tlog struct{ t testing.TB }

func (w tlog) Write(p []byte) (int, error) { w.t.Log(strings.TrimSpace(string(p))); return len(p), nil }

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func openCfg(t *testing.T, cfg ipfs.Config) *ipfs.Node {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = logger(t)
	}
	n, err := ipfs.Open(testCtx(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

func open(t *testing.T, dir string, bootstrap ...string) *ipfs.Node {
	t.Helper()
	return openCfg(t, ipfs.Config{Dir: dir, Bootstrap: bootstrap})
}

// data is n deterministic, incompressible-looking bytes: a SHA-256 counter
// stream, so every chunk of a multi-chunk file differs.
func data(n int) []byte {
	out := make([]byte, 0, n+sha256.Size)
	var ctr [8]byte
	for i := uint64(0); len(out) < n; i++ {
		for j := range ctr {
			ctr[j] = byte(i >> (8 * j))
		}
		s := sha256.Sum256(ctr[:])
		out = append(out, s[:]...)
	}
	return out[:n]
}

func rawCID(b []byte) cid.Cid {
	sum := sha256.Sum256(b)
	m, err := mh.Encode(sum[:], mh.SHA2_256)
	if err != nil {
		panic(err)
	}
	return cid.NewCidV1(cid.Raw, m)
}

// pb appends protobuf field num with wire type 0 (varint) or 2 (bytes).
func pbVarint(b []byte, num int, v uint64) []byte {
	return appendUvarint(appendUvarint(b, uint64(num)<<3), v)
}

func pbBytes(b []byte, num int, v []byte) []byte {
	b = appendUvarint(appendUvarint(b, uint64(num)<<3|2), uint64(len(v)))
	return append(b, v...)
}

func appendUvarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// kuboFileCID computes, without the package's importer, the CID Kubo gives
// a file of fewer than 174 chunks with --cid-version=1: each 262144-byte
// chunk is a raw leaf CIDv1(raw, sha2-256); the root is a dag-pb node
// (links first, then data, as dag-pb is serialised) whose links are
// {Hash, Name "", Tsize = leaf length} and whose data is the UnixFS message
// {Type File, filesize, blocksizes...}; its CID is CIDv1(dag-pb, sha2-256).
func kuboFileCID(t *testing.T, file []byte) (root cid.Cid, leaves []cid.Cid) {
	const chunk = 262144
	if len(file) <= chunk {
		return rawCID(file), nil
	}
	var links, unixfs []byte
	unixfs = pbVarint(unixfs, 1, 2) // Type: File
	unixfs = pbVarint(unixfs, 3, uint64(len(file)))
	for off := 0; off < len(file); off += chunk {
		leaf := file[off:min(off+chunk, len(file))]
		c := rawCID(leaf)
		leaves = append(leaves, c)
		var link []byte
		link = pbBytes(link, 1, c.Bytes())
		link = pbBytes(link, 2, nil) // Name: ""
		link = pbVarint(link, 3, uint64(len(leaf)))
		links = pbBytes(links, 2, link)
		unixfs = pbVarint(unixfs, 4, uint64(len(leaf)))
	}
	if len(leaves) >= 174 {
		t.Fatal("kuboFileCID models one level of the balanced layout only")
	}
	node := pbBytes(links, 1, unixfs)
	sum := sha256.Sum256(node)
	m, _ := mh.Encode(sum[:], mh.SHA2_256)
	return cid.NewCidV1(cid.DagProtobuf, m), leaves
}

// TestKuboCIDs: Add must print what Kubo's `ipfs add --cid-version=1`
// prints, so records can be checked with stock IPFS tools.
func TestKuboCIDs(t *testing.T) {
	ctx := testCtx(t)
	n := open(t, t.TempDir())
	// Published Kubo outputs. A single-chunk file with raw leaves is one
	// raw block, so each is also CIDv1(raw, sha256(bytes)), checked too.
	for _, tc := range []struct{ in, want string }{
		{"", "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"},
		{"hello world", "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e"},
		{"hello world\n", "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"},
	} {
		if byHand := rawCID([]byte(tc.in)); byHand.String() != tc.want {
			t.Fatalf("published CID for %q is %s, but sha256 gives %s", tc.in, tc.want, byHand)
		}
		c, err := n.Add(ctx, []byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if c.String() != tc.want {
			t.Fatalf("Add(%q) = %s, want %s", tc.in, c, tc.want)
		}
	}
	// Multi-chunk files: a dag-pb root over raw 256 KiB leaves, derived
	// here byte by byte from the UnixFS and dag-pb formats.
	for _, size := range []int{262144, 262145, 1<<20 + 1, 3<<20 + 12345} {
		file := data(size)
		want, leaves := kuboFileCID(t, file)
		c, err := n.Add(ctx, file)
		if err != nil {
			t.Fatal(err)
		}
		if c != want {
			t.Fatalf("%d bytes: Add = %s, want %s", size, c, want)
		}
		if size > 262144 && (c.Version() != 1 || c.Type() != cid.DagProtobuf || c.Prefix().MhType != mh.SHA2_256) {
			t.Fatalf("%d bytes: root %s is not CIDv1 dag-pb sha2-256", size, c)
		}
		for _, l := range leaves {
			if ok, err := n.Has(ctx, l); !ok || err != nil {
				t.Fatalf("%d bytes: raw leaf %s not stored (%v)", size, l, err)
			}
		}
	}
}

func TestRoundTripPersistPin(t *testing.T) {
	ctx := testCtx(t)
	dir := t.TempDir()
	n, err := ipfs.Open(ctx, ipfs.Config{Dir: dir, Logger: logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	sizes := []int{0, 1, 256 << 10, 1<<20 + 1, 5 << 20}
	cids := make([]cid.Cid, len(sizes))
	for i, sz := range sizes {
		if cids[i], err = n.Add(ctx, data(sz)); err != nil {
			t.Fatal(err)
		}
		got, err := n.Get(ctx, cids[i])
		if err != nil || !bytes.Equal(got, data(sz)) {
			t.Fatalf("size %d: round trip gave %d bytes, err %v", sz, len(got), err)
		}
		if ok, err := n.Pinned(ctx, cids[i]); !ok || err != nil {
			t.Fatalf("size %d: not pinned after Add (%v)", sz, err)
		}
	}
	id := n.PeerID()
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
	if err := n.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}

	n = open(t, dir)
	if n.PeerID() != id {
		t.Fatalf("peer ID changed across restart: %s -> %s", id, n.PeerID())
	}
	for i, sz := range sizes {
		if ok, err := n.Has(ctx, cids[i]); !ok || err != nil {
			t.Fatalf("size %d: not stored after reopen (%v)", sz, err)
		}
		got, err := n.Get(ctx, cids[i])
		if err != nil || !bytes.Equal(got, data(sz)) {
			t.Fatalf("size %d after reopen: %d bytes, err %v", sz, len(got), err)
		}
		if ok, _ := n.Pinned(ctx, cids[i]); !ok {
			t.Fatalf("size %d: pin lost across restart", sz)
		}
	}
	// Pin of content already here, and of something never seen.
	other := rawCID([]byte("never added"))
	if ok, _ := n.Pinned(ctx, other); ok {
		t.Fatal("unknown CID reported pinned")
	}
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if err := n.Pin(short, other); !errors.Is(err, ipfs.ErrNotFound) {
		t.Fatalf("Pin of unknown content = %v, want ErrNotFound", err)
	}
}

// TestPinsSurviveACrash copies a running node's repository right after
// concurrent adds returned, as a crash would leave it, and opens the copy:
// every pin Add acknowledged is there (the pinner syncs only through Add,
// and the copy's pin store is marked dirty, so Open checks its indexes).
func TestPinsSurviveACrash(t *testing.T) {
	ctx := testCtx(t)
	dir := t.TempDir()
	n := open(t, dir)
	cids := make([]cid.Cid, 16)
	errs := make(chan error, len(cids))
	for i := range cids {
		go func() {
			var err error
			cids[i], err = n.Add(ctx, []byte(fmt.Sprintf("record %d", i)))
			errs <- err
		}()
	}
	for range cids {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	crashed := t.TempDir()
	if err := os.CopyFS(crashed, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	c := open(t, crashed)
	for i, id := range cids {
		if ok, err := c.Pinned(ctx, id); !ok || err != nil {
			t.Fatalf("add %d: pin lost in the crash (%v)", i, err)
		}
		if got, err := c.Get(ctx, id); err != nil || string(got) != fmt.Sprintf("record %d", i) {
			t.Fatalf("add %d after the crash: %q, %v", i, got, err)
		}
	}
}

// TestDiscard removes a multi-block file (pin and every block) and leaves
// other content alone, also across a restart.
func TestDiscard(t *testing.T) {
	ctx := testCtx(t)
	dir := t.TempDir()
	n := open(t, dir)
	keep, err := n.Add(ctx, data(1000))
	if err != nil {
		t.Fatal(err)
	}
	gone, err := n.Add(ctx, data(1<<20+1)) // a root and 5 leaves
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := n.LocalBlocks(ctx, gone)
	if err != nil || len(blocks) != 6 {
		t.Fatalf("blocks of the file: %d (%v)", len(blocks), err)
	}
	if err := n.Discard(ctx, gone); err != nil {
		t.Fatal(err)
	}
	check := func(n *ipfs.Node) {
		t.Helper()
		for _, c := range blocks {
			if ok, err := n.Has(ctx, c); ok || err != nil {
				t.Fatalf("block %s still stored (%v)", c, err)
			}
		}
		pins, err := n.Pins(ctx)
		if err != nil || len(pins) != 1 || !pins[0].Equals(keep) {
			t.Fatalf("pins after discard = %v (%v), want only %s", pins, err, keep)
		}
		if got, err := n.Get(ctx, keep); err != nil || !bytes.Equal(got, data(1000)) {
			t.Fatalf("kept content: %d bytes, %v", len(got), err)
		}
	}
	check(n)
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
	check(open(t, dir))
	if err := open(t, t.TempDir()).Discard(ctx, keep); err != nil {
		t.Fatalf("discarding content a node never had = %v, want nil", err)
	}
}

func TestBitswapBetweenNodes(t *testing.T) {
	ctx := testCtx(t)
	a := open(t, t.TempDir())
	b := open(t, t.TempDir(), a.Addrs()...) // B reaches A through Bootstrap
	c := open(t, t.TempDir())               // C reaches A through Connect
	if err := c.Connect(ctx, a.Addrs()[0]); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(a.Addrs()[0], "/p2p/"+a.PeerID()) {
		t.Fatalf("address %s lacks /p2p/%s", a.Addrs()[0], a.PeerID())
	}

	want := data(700 << 10) // 3 chunks
	root, err := a.Add(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	for name, n := range map[string]*ipfs.Node{"B": b, "C": c} {
		if ok, _ := n.Has(ctx, root); ok {
			t.Fatalf("%s has the content before fetching it", name)
		}
		got, err := n.Get(ctx, root)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s fetched %d bytes, err %v", name, len(got), err)
		}
		if ok, _ := n.Has(ctx, root); !ok {
			t.Fatalf("%s did not keep the fetched content", name)
		}
	}
	// Pin fetches the whole DAG: a small file added at B reaches A.
	small, err := b.Add(ctx, []byte("discharge summary"))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Pin(ctx, small); err != nil {
		t.Fatal(err)
	}
	if ok, _ := a.Pinned(ctx, small); !ok {
		t.Fatal("A did not pin what it fetched from B")
	}
	// A node that never read the 3-chunk file pins it: every block is
	// fetched and kept.
	d := open(t, t.TempDir(), a.Addrs()...)
	if err := d.Pin(ctx, root); err != nil {
		t.Fatal(err)
	}
	if blocks, err := d.LocalBlocks(ctx, root); err != nil || len(blocks) != 4 {
		t.Fatalf("D holds %d blocks of the pinned file (%v), want 4", len(blocks), err)
	}
	if ok, _ := d.Pinned(ctx, root); !ok {
		t.Fatal("D did not pin the file")
	}
}

// TestBootstrapPeerStartsLater: a Bootstrap peer that is down when the node
// starts is reached once it is up, so start order does not matter.
func TestBootstrapPeerStartsLater(t *testing.T) {
	ctx := testCtx(t)
	dirA := t.TempDir()
	a, err := ipfs.Open(ctx, ipfs.Config{Dir: dirA, Logger: logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	addr := a.Addrs()[0]
	want := data(300 << 10)
	root, err := a.Add(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()

	b := open(t, t.TempDir(), addr) // A is down: B starts anyway
	listen := strings.TrimSuffix(addr, "/p2p/"+a.PeerID())
	a = openCfg(t, ipfs.Config{Dir: dirA, ListenAddrs: []string{listen}})
	get, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	start := time.Now()
	got, err := b.Get(get, root)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("B fetched %d bytes, err %v", len(got), err)
	}
	t.Logf("fetched after the peer came back in %v", time.Since(start))
}

func TestCorruptContentRefused(t *testing.T) {
	ctx := testCtx(t)
	n := open(t, t.TempDir())

	// A single-block record, tampered with on disk.
	c, err := n.Add(ctx, []byte("lab result: potassium 4.1 mmol/L"))
	if err != nil {
		t.Fatal(err)
	}
	if err := n.CorruptBlockForTest(ctx, c, []byte("lab result: potassium 9.9 mmol/L")); err != nil {
		t.Fatal(err)
	}
	if got, err := n.Get(ctx, c); !errors.Is(err, ipfs.ErrCorrupt) || got != nil {
		t.Fatalf("Get of tampered block = %q, %v; want ErrCorrupt and no data", got, err)
	}

	// A multi-chunk file with one tampered leaf: the error must come at
	// once, not after waiting for peers to supply the "missing" block.
	file := data(1<<20 + 1)
	root, err := n.Add(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	_, leaves := kuboFileCID(t, file)
	evil := bytes.Repeat([]byte("EVIL"), 262144/4)
	if err := n.CorruptBlockForTest(ctx, leaves[2], evil); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if got, err := n.Get(ctx, root); !errors.Is(err, ipfs.ErrCorrupt) || got != nil {
		t.Fatalf("Get with a tampered leaf = %d bytes, %v; want ErrCorrupt and no data", len(got), err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("corruption reported only after %v", d)
	}

	srv := httptest.NewServer(n.GatewayHandler())
	defer srv.Close()
	for _, id := range []cid.Cid{c, root} {
		res, err := http.Get(srv.URL + "/ipfs/" + id.String())
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusBadGateway || bytes.Contains(body, []byte("9.9")) || bytes.Contains(body, []byte("EVIL")) {
			t.Fatalf("gateway on tampered %s: %d %.80q", id, res.StatusCode, body)
		}
	}

	// A peer asking for the tampered file is not served the bad leaf.
	p := open(t, t.TempDir(), n.Addrs()...)
	short, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if got, err := p.Get(short, root); err == nil || got != nil {
		t.Fatalf("peer fetched %d bytes of tampered content", len(got))
	}
}

func TestGateway(t *testing.T) {
	ctx := testCtx(t)
	n := openCfg(t, ipfs.Config{Dir: t.TempDir(), GatewayTimeout: 300 * time.Millisecond})
	want := data(300 << 10)
	c, err := n.Add(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	unknown := rawCID([]byte("nobody has this"))
	md5, _ := cid.V1Builder{Codec: cid.Raw, MhType: mh.MD5}.Sum([]byte("x"))

	// Mounted the way the API mounts it: the full path stays in r.URL.Path.
	mux := http.NewServeMux()
	mux.Handle("/ipfs/", n.GatewayHandler())
	mux.Handle("/stripped/", http.StripPrefix("/stripped/", n.GatewayHandler()))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, tc := range []struct {
		method, path string
		header       [2]string
		status       int
	}{
		{"GET", "/ipfs/" + c.String(), [2]string{}, 200},
		{"HEAD", "/ipfs/" + c.String(), [2]string{}, 200},
		{"GET", "/stripped/" + c.String(), [2]string{}, 200},
		{"GET", "/ipfs/" + c.String(), [2]string{"If-None-Match", `"` + c.String() + `"`}, 304},
		{"GET", "/ipfs/" + c.String(), [2]string{"Range", "bytes=0-9"}, 206},
		{"GET", "/ipfs/not-a-cid", [2]string{}, 400},
		{"GET", "/ipfs/" + md5.String(), [2]string{}, 400},
		{"GET", "/ipfs/" + c.String() + "/inner/path", [2]string{}, 400},
		{"GET", "/ipfs/" + unknown.String(), [2]string{}, 404},
		{"POST", "/ipfs/" + c.String(), [2]string{}, 405},
		{"PUT", "/ipfs/" + c.String(), [2]string{}, 405},
	} {
		req, _ := http.NewRequestWithContext(ctx, tc.method, srv.URL+tc.path, nil)
		if tc.header[0] != "" {
			req.Header.Set(tc.header[0], tc.header[1])
		}
		start := time.Now()
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.status {
			t.Fatalf("%s %s %v = %d, want %d (%s)", tc.method, tc.path, tc.header, res.StatusCode, tc.status, body)
		}
		switch {
		case tc.status == 404 && time.Since(start) > 3*time.Second:
			t.Fatalf("404 took %v; the gateway timeout is 300ms", time.Since(start))
		case tc.status == 405 && res.Header.Get("Allow") != "GET, HEAD":
			t.Fatalf("405 without Allow: GET, HEAD")
		case tc.status == 206 && !bytes.Equal(body, want[:10]):
			t.Fatal("range request returned other bytes")
		case tc.status == 200:
			if ct, et := res.Header.Get("Content-Type"), res.Header.Get("ETag"); ct != "application/octet-stream" || et != `"`+c.String()+`"` {
				t.Fatalf("headers: Content-Type %q, ETag %q", ct, et)
			}
			if tc.method == "HEAD" && len(body) != 0 || tc.method == "GET" && !bytes.Equal(body, want) {
				t.Fatalf("%s %s returned %d bytes", tc.method, tc.path, len(body))
			}
		}
	}
}

// TestCloseReleasesEverything: after Close the node's goroutines are gone
// and its directory can be opened again (the LevelDB locks are released).
func TestCloseReleasesEverything(t *testing.T) {
	ctx := testCtx(t)
	dirA, dirB := t.TempDir(), t.TempDir()
	cycle := func() {
		a, err := ipfs.Open(ctx, ipfs.Config{Dir: dirA, Logger: logger(t)})
		if err != nil {
			t.Fatal(err)
		}
		b, err := ipfs.Open(ctx, ipfs.Config{Dir: dirB, Bootstrap: a.Addrs(), Logger: logger(t)})
		if err != nil {
			t.Fatal(err)
		}
		c, err := a.Add(ctx, data(600<<10))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.Get(ctx, c); err != nil {
			t.Fatal(err)
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}
	}
	cycle() // lets libp2p and boxo start their process-wide goroutines
	time.Sleep(1200 * time.Millisecond)
	base := runtime.NumGoroutine()
	for range 3 {
		cycle()
	}
	// LevelDB's memory-pool goroutine lingers up to 1 s after Close.
	deadline := time.Now().Add(3 * time.Second)
	got := runtime.NumGoroutine()
	for got > base+2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		got = runtime.NumGoroutine()
	}
	if got > base+2 {
		buf := make([]byte, 1<<20)
		t.Fatalf("goroutines grew from %d to %d across 3 open/close cycles:\n%s", base, got, buf[:runtime.Stack(buf, true)])
	}
	t.Logf("goroutines: %d before, %d after 3 open/close cycles of two connected nodes", base, got)
}

// TestOpenRejectsBadConfig: configuration mistakes fail Open instead of
// leaving a node that silently never reaches its peers.
func TestOpenRejectsBadConfig(t *testing.T) {
	ctx := testCtx(t)
	dir := t.TempDir()
	for name, cfg := range map[string]ipfs.Config{
		"no dir":              {},
		"bootstrap sans /p2p": {Dir: t.TempDir(), Bootstrap: []string{"/ip4/127.0.0.1/tcp/4001"}},
		"bootstrap garbage":   {Dir: t.TempDir(), Bootstrap: []string{"not a multiaddr"}},
		"listen garbage":      {Dir: t.TempDir(), ListenAddrs: []string{"tcp://127.0.0.1:0"}},
	} {
		if n, err := ipfs.Open(ctx, cfg); err == nil {
			n.Close()
			t.Errorf("%s: Open succeeded", name)
		}
	}
	open(t, dir)
	if n, err := ipfs.Open(ctx, ipfs.Config{Dir: dir}); err == nil {
		n.Close()
		t.Error("a second node opened the same Dir while the first is running")
	}
}
