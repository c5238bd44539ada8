package web

import (
	"strings"
	"testing"
)

// FuzzCheckKDF feeds uploaded "key files" to the KDF cost check, which runs
// before any key derivation: it must never panic, and must refuse whatever
// would cost more than a standard geth keystore.
func FuzzCheckKDF(f *testing.F) {
	for _, seed := range []string{
		`{"crypto":{"kdf":"scrypt","kdfparams":{"n":262144,"r":8,"p":1,"dklen":32,"salt":"ab"}}}`,
		`{"Crypto":{"kdf":"scrypt","kdfparams":{"n":4096,"r":8,"p":6}}}`,
		`{"crypto":{"kdf":"scrypt","kdfparams":{"n":1e300,"r":8,"p":1}}}`,
		`{"crypto":{"kdf":"pbkdf2","kdfparams":{"c":262144,"prf":"hmac-sha256"}}}`,
		`{"crypto":{"kdf":"scrypt","kdfparams":{"n":"x"}}}`,
		`{"crypto":null}`, `[]`, `{`, ``,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, ks string) {
		err := checkKDF([]byte(ks))
		if err == nil && !strings.Contains(ks, "scrypt") && !strings.Contains(ks, "pbkdf2") {
			t.Fatalf("accepted %q without a known KDF", ks)
		}
	})
}
