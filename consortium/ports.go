package consortium

import (
	"errors"
	"math/rand/v2"
	"net"
)

// FreePorts returns a port p such that p..p+n-1 are free on 127.0.0.1 now,
// for a consortium (n = 10 × hospitals from its base port) that tests and
// benchmarks start beside other programs. Another program may still take
// one before it is used.
func FreePorts(n int) (int, error) {
	for range 100 {
		base := 20000 + rand.IntN(40000)
		ok := true
		for p := base; p < base+n && ok; p++ {
			l, err := net.Listen("tcp", hostPort("127.0.0.1", p))
			if err != nil {
				ok = false
				break
			}
			l.Close()
		}
		if ok {
			return base, nil
		}
	}
	return 0, errors.New("consortium: no free range of ports found")
}
