package ipfs_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ipfs/go-cid"

	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/ipfs"
)

func open(t *testing.T, dir string, bootstrap ...string) *ipfs.Node {
	t.Helper()
	n, err := ipfs.Open(testenv.Context(t, time.Minute), ipfs.Config{Dir: dir, Bootstrap: bootstrap, Logger: testenv.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

func data(n int) []byte {
	r := rand.New(rand.NewPCG(uint64(n), 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// Kubo prints these for `ipfs add --cid-version=1` (raw leaves, sha2-256).
// Single-chunk files are one raw block, so their CIDs are also computable by
// hand: CIDv1(raw, sha256(bytes)); the test checks that independently.
func TestKuboCIDs(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	n := open(t, t.TempDir())
	for _, tc := range []struct{ in, want string }{
		{"", "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"},
		{"hello world", "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e"},
		{"hello world\n", "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"},
	} {
		c, err := n.Add(ctx, []byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		byHand, _ := cid.V1Builder{Codec: cid.Raw, MhType: 0x12}.Sum([]byte(tc.in))
		if c.String() != tc.want || !c.Equals(byHand) {
			t.Fatalf("Add(%q) = %s, want %s (by hand %s)", tc.in, c, tc.want, byHand)
		}
	}
	// Multi-chunk: a dag-pb root over raw 256 KiB leaves.
	c, err := n.Add(ctx, data(1<<20+1))
	if err != nil {
		t.Fatal(err)
	}
	if c.Version() != 1 || c.Type() != cid.DagProtobuf || c.Prefix().MhType != 0x12 {
		t.Fatalf("1 MiB+1 file CID %s: want CIDv1 dag-pb sha2-256", c)
	}
}

func TestRoundTripPersistPin(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	dir := t.TempDir()
	n, err := ipfs.Open(ctx, ipfs.Config{Dir: dir})
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
			t.Fatalf("size %d: round trip failed: %v", sz, err)
		}
		if ok, err := n.Pinned(ctx, cids[i]); !ok || err != nil {
			t.Fatalf("size %d: not pinned after Add (%v)", sz, err)
		}
	}
	id := n.PeerID()
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
	n = open(t, dir)
	if n.PeerID() != id {
		t.Fatalf("peer ID changed across restart: %s -> %s", id, n.PeerID())
	}
	for i, sz := range sizes {
		got, err := n.Get(ctx, cids[i])
		if err != nil || !bytes.Equal(got, data(sz)) {
			t.Fatalf("size %d after reopen: %v", sz, err)
		}
		if ok, _ := n.Pinned(ctx, cids[i]); !ok {
			t.Fatalf("size %d: pin lost across restart", sz)
		}
	}
}

func TestBitswapBetweenNodes(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	a := open(t, t.TempDir())
	b := open(t, t.TempDir(), a.Addrs()...)
	want := data(700 << 10)
	c, err := a.Add(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := b.Has(ctx, c); ok {
		t.Fatal("B has the content before fetching it")
	}
	got, err := b.Get(ctx, c)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("B fetched %d bytes, err %v", len(got), err)
	}
	if ok, _ := b.Has(ctx, c); !ok {
		t.Fatal("B did not keep the fetched content")
	}
}

func TestCorruptContentRefused(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	n := open(t, t.TempDir())
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
	srv := httptest.NewServer(n.GatewayHandler(time.Second))
	defer srv.Close()
	res, err := http.Get(srv.URL + "/ipfs/" + c.String())
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	body.ReadFrom(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusBadGateway || bytes.Contains(body.Bytes(), []byte("9.9")) {
		t.Fatalf("gateway served tampered content: %d %q", res.StatusCode, body.String())
	}
}

func TestGateway(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	n := open(t, t.TempDir())
	want := data(300 << 10)
	c, err := n.Add(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	unknown, _ := cid.V1Builder{Codec: cid.Raw, MhType: 0x12}.Sum([]byte("nobody has this"))
	srv := httptest.NewServer(n.GatewayHandler(300 * time.Millisecond))
	defer srv.Close()
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/ipfs/" + c.String(), 200},
		{"HEAD", "/ipfs/" + c.String(), 200},
		{"GET", "/ipfs/not-a-cid", 400},
		{"GET", "/ipfs/" + unknown.String(), 404},
		{"POST", "/ipfs/" + c.String(), 405},
	} {
		req, _ := http.NewRequestWithContext(ctx, tc.method, srv.URL+tc.path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body bytes.Buffer
		body.ReadFrom(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.status {
			t.Fatalf("%s %s = %d, want %d (%s)", tc.method, tc.path, res.StatusCode, tc.status, body.String())
		}
		if tc.method == "GET" && tc.status == 200 && !bytes.Equal(body.Bytes(), want) {
			t.Fatal("gateway returned other bytes")
		}
	}
}
