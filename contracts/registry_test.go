package contracts_test

import (
	"math/big"
	"testing"

	"github.com/dualchain/dualchain/anchor"
	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// blocks returns n made-up block hashes for heights from..from+n-1, and
// their Merkle leaves for chainID.
func blocks(chainID, from uint64, n int, salt string) (hashes, leaves []common.Hash) {
	for i := range n {
		bh := crypto.Keccak256Hash([]byte(salt), big.NewInt(int64(from)+int64(i)).Bytes())
		hashes = append(hashes, bh)
		leaves = append(leaves, anchor.Leaf(chainID, from+uint64(i), bh))
	}
	return hashes, leaves
}

func root(t *testing.T, leaves []common.Hash) common.Hash {
	t.Helper()
	r, err := anchor.Root(leaves)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func proof(t *testing.T, leaves []common.Hash, i int) [][32]byte {
	t.Helper()
	p, err := anchor.Proof(leaves, i)
	if err != nil {
		t.Fatal(err)
	}
	out := make([][32]byte, len(p))
	for j := range p {
		out[j] = p[j]
	}
	return out
}

// checkpointHash is anchor.CheckpointHash; the registry must agree with it.
func checkpointHash(t *testing.T, chainID uint64, member common.Address, start, end uint64, root, endHash, prev common.Hash) common.Hash {
	t.Helper()
	return anchor.CheckpointHash(chainID, member, start, end, root, endHash, prev)
}

func testRegistry(t *testing.T, f *fixture) {
	reg := bindings.NewAnchorRegistry()
	at := f.registry
	const cid = registeredChain
	m0, m1, m2 := hospA, hospB, pracA // members of chain 100 (see newFixture)

	t.Run("register chain", func(t *testing.T) {
		info := view(f, at, reg.PackChainInfo(cid), reg.UnpackChainInfo)
		if !info.Registered || info.MemberCount != 3 || info.StartHeight != 0 {
			t.Fatalf("chainInfo(100) = %+v", info)
		}
		f.fails(outsider, at, reg.PackRegisterChain(cid, 0, []common.Address{f.addr[outsider]}), "ChainExists")
		f.fails(outsider, at, reg.PackRegisterChain(200, 0, nil), "BadMembers")
		f.fails(outsider, at, reg.PackRegisterChain(200, 0, []common.Address{f.addr[m0], f.addr[m0]}), "BadMembers")
		f.fails(outsider, at, reg.PackRegisterChain(200, 0, []common.Address{{}}), "BadMembers")
		r := f.ok(outsider, at, reg.PackRegisterChain(300, 5, []common.Address{f.addr[outsider], f.addr[spare]}), "AnchorRegistry.registerChain (2 members)")
		if ev := event(t, r, reg.UnpackChainRegisteredEvent); ev.ChainId != 300 || ev.StartHeight != 5 || len(ev.Members) != 2 {
			t.Fatalf("ChainRegistered = %+v", ev)
		}
		if got := view(f, at, reg.PackMembers(cid), reg.UnpackMembers); len(got) != 3 || got[0] != f.addr[m0] {
			t.Fatalf("members(100) = %v", got)
		}
	})

	const n = 128
	hashes0, leaves0 := blocks(cid, 0, n, "honest")
	root0 := root(t, leaves0)
	hashes1, leaves1 := blocks(cid, n, n, "honest")
	root1 := root(t, leaves1)

	t.Run("verifyLeaf matches the Go tree", func(t *testing.T) {
		for _, size := range []int{1, 2, 3, 5, 8, 13, 128} {
			_, lv := blocks(cid, 0, size, "tree")
			rt := root(t, lv)
			for i := range size {
				ok := view(f, at, reg.PackVerifyLeaf(rt, lv[i], big.NewInt(int64(i)), big.NewInt(int64(size)), proof(t, lv, i)), reg.UnpackVerifyLeaf)
				if !ok {
					t.Fatalf("size %d index %d: contract rejects a Go proof", size, i)
				}
			}
			if size > 1 && view(f, at, reg.PackVerifyLeaf(rt, lv[0], big.NewInt(1), big.NewInt(int64(size)), proof(t, lv, 0)), reg.UnpackVerifyLeaf) {
				t.Fatalf("size %d: proof accepted at the wrong index", size)
			}
		}
		leaf := view(f, at, reg.PackLeaf(cid, 7, hashes0[7]), reg.UnpackLeaf)
		if common.Hash(leaf) != leaves0[7] {
			t.Fatalf("leaf() = %x, Go Leaf = %x", leaf, leaves0[7])
		}
	})

	t.Run("checkpoints", func(t *testing.T) {
		f.fails(outsider, at, reg.PackSubmitCheckpoint(cid, 0, n-1, root0, hashes0[n-1], [32]byte{}), "NotMember")
		f.fails(m0, at, reg.PackSubmitCheckpoint(cid, 5, 1, root0, hashes0[n-1], [32]byte{}), "BadRange")
		f.fails(m0, at, reg.PackSubmitCheckpoint(cid, 0, n-1, [32]byte{}, hashes0[n-1], [32]byte{}), "EmptyRoot")
		f.fails(m0, at, reg.PackSubmitCheckpoint(cid, 1, n-1, root0, hashes0[n-1], [32]byte{}), "NotContiguous")
		f.fails(m0, at, reg.PackSubmitCheckpoint(cid, 0, n-1, root0, hashes0[n-1], h("x")), "WrongPrev")

		r := f.ok(m0, at, reg.PackSubmitCheckpoint(cid, 0, n-1, root0, hashes0[n-1], [32]byte{}), "AnchorRegistry.submitCheckpoint (member's first, 128 blocks, new range)")
		ev := event(t, r, reg.UnpackCheckpointSubmittedEvent)
		cp0 := checkpointHash(t, cid, f.addr[m0], 0, n-1, root0, hashes0[n-1], common.Hash{})
		if ev.ChainId != cid || ev.Member != f.addr[m0] || ev.Index != 0 || ev.Start != 0 || ev.End != n-1 || ev.Root != root0 || ev.CheckpointHash != cp0 {
			t.Fatalf("CheckpointSubmitted = %+v, want hash %s", ev, cp0)
		}
		if got := view(f, at, reg.PackLastCheckpointHash(cid, f.addr[m0]), reg.UnpackLastCheckpointHash); got != cp0 {
			t.Fatalf("lastCheckpointHash = %x, want %s", got, cp0)
		}
		f.fails(m0, at, reg.PackSubmitCheckpoint(cid, 0, n-1, root0, hashes0[n-1], [32]byte{}), "NotContiguous")
		f.fails(m0, at, reg.PackSubmitCheckpoint(cid, n, 2*n-1, root1, hashes1[n-1], [32]byte{}), "WrongPrev")

		r = f.ok(m0, at, reg.PackSubmitCheckpoint(cid, n, 2*n-1, root1, hashes1[n-1], cp0), "AnchorRegistry.submitCheckpoint (steady state, 128 blocks, new range)")
		if ev := event(t, r, reg.UnpackCheckpointSubmittedEvent); ev.Index != 1 || ev.PrevCheckpointHash != cp0 {
			t.Fatalf("second checkpoint = %+v", ev)
		}
		st := view(f, at, reg.PackMemberState(cid, f.addr[m0]), reg.UnpackMemberState)
		if st.LastEnd != 2*n-1 || st.Count != 2 {
			t.Fatalf("memberState = %+v", st)
		}

		// A second member agreeing: no conflict.
		r = f.ok(m1, at, reg.PackSubmitCheckpoint(cid, 0, n-1, root0, hashes0[n-1], [32]byte{}), "AnchorRegistry.submitCheckpoint (member's first, range already anchored, same root)")
		noEvent(t, r, reg.UnpackCheckpointConflictEvent)
		cp1 := checkpointHash(t, cid, f.addr[m1], 0, n-1, root0, hashes0[n-1], common.Hash{})
		r = f.ok(m1, at, reg.PackSubmitCheckpoint(cid, n, 2*n-1, root1, hashes1[n-1], cp1), "AnchorRegistry.submitCheckpoint (steady state, range already anchored, same root)")
		noEvent(t, r, reg.UnpackCheckpointConflictEvent)

		// A third member with a rewritten history: recorded as a conflict.
		bad, badLeaves := blocks(cid, 0, n, "rewritten")
		badRoot := root(t, badLeaves)
		r = f.ok(m2, at, reg.PackSubmitCheckpoint(cid, 0, n-1, badRoot, bad[n-1], [32]byte{}), "AnchorRegistry.submitCheckpoint (conflicting root)")
		c := event(t, r, reg.UnpackCheckpointConflictEvent)
		if c.Member != f.addr[m2] || c.StoredRoot != root0 || c.Root != badRoot || c.Start != 0 || c.End != n-1 {
			t.Fatalf("CheckpointConflict = %+v", c)
		}
	})

	t.Run("prove conflict", func(t *testing.T) {
		// m2 continues with a range the others never used, 128..200, with
		// a different block at 150; both ranges are now stored.
		cp := view(f, at, reg.PackLastCheckpointHash(cid, f.addr[m2]), reg.UnpackLastCheckpointHash)
		alt, altLeaves := blocks(cid, n, 73, "rewritten")
		f.ok(m2, at, reg.PackSubmitCheckpoint(cid, n, n+72, root(t, altLeaves), alt[72], cp), "")
		const height = 150
		ia, ib := height-n, height-n
		rangeA, rangeB := [2]uint64{n, 2*n - 1}, [2]uint64{n, n + 72}
		f.fails(outsider, at, reg.PackProveConflict(cid, rangeA, rangeB, height, hashes1[ia], proof(t, leaves1, ia), hashes1[ia], proof(t, leaves1, ia)), "NoConflict")
		f.fails(outsider, at, reg.PackProveConflict(cid, rangeA, rangeB, height, hashes1[ia], proof(t, leaves1, ia), alt[ib], proof(t, leaves1, ib)), "InvalidProof")
		f.fails(outsider, at, reg.PackProveConflict(cid, [2]uint64{1, 2}, rangeB, height, hashes1[ia], proof(t, leaves1, ia), alt[ib], proof(t, altLeaves, ib)), "UnknownRange")
		f.fails(outsider, at, reg.PackProveConflict(cid, rangeA, rangeB, 2*n+5, hashes1[ia], proof(t, leaves1, ia), alt[ib], proof(t, altLeaves, ib)), "HeightOutsideRange")
		r := f.ok(outsider, at, reg.PackProveConflict(cid, rangeA, rangeB, height, hashes1[ia], proof(t, leaves1, ia), alt[ib], proof(t, altLeaves, ib)), "AnchorRegistry.proveConflict (128- and 73-block ranges)")
		ev := event(t, r, reg.UnpackProvenConflictEvent)
		if ev.Height != height || ev.HashA != hashes1[ia] || ev.HashB != alt[ib] || ev.EndB != n+72 {
			t.Fatalf("ProvenConflict = %+v", ev)
		}
	})

	t.Run("membership vote", func(t *testing.T) {
		f.fails(outsider, at, reg.PackVoteMember(cid, f.addr[spare], true), "NotMember")
		f.fails(m0, at, reg.PackVoteMember(cid, f.addr[m1], true), "BadVote")
		f.fails(m0, at, reg.PackVoteMember(cid, f.addr[spare], false), "BadVote")
		r := f.ok(m0, at, reg.PackVoteMember(cid, f.addr[spare], true), "AnchorRegistry.voteMember (first vote)")
		if ev := event(t, r, reg.UnpackMemberVotedEvent); ev.Votes.Int64() != 1 || ev.Needed.Int64() != 2 {
			t.Fatalf("MemberVoted = %+v", ev)
		}
		f.fails(m0, at, reg.PackVoteMember(cid, f.addr[spare], true), "AlreadyVoted")
		f.fails(m1, at, reg.PackVoteMember(cid, f.addr[spare], false), "BadVote")
		r = f.ok(m1, at, reg.PackVoteMember(cid, f.addr[spare], true), "AnchorRegistry.voteMember (applies)")
		if ev := event(t, r, reg.UnpackMembershipChangedEvent); ev.Member != f.addr[spare] || !ev.Added {
			t.Fatalf("MembershipChanged = %+v", ev)
		}
		if !view(f, at, reg.PackIsMember(cid, f.addr[spare]), reg.UnpackIsMember) {
			t.Fatal("voted-in member is not a member")
		}
		// And out again: 3 of 4 needed.
		for i, who := range []int{m0, m1, m2} {
			r = f.ok(who, at, reg.PackVoteMember(cid, f.addr[spare], false), "")
			if i == 2 {
				if ev := event(t, r, reg.UnpackMembershipChangedEvent); ev.Added {
					t.Fatalf("MembershipChanged = %+v, want removal", ev)
				}
			}
		}
		if view(f, at, reg.PackIsMember(cid, f.addr[spare]), reg.UnpackIsMember) {
			t.Fatal("voted-out member is still a member")
		}
	})

	t.Run("fork", func(t *testing.T) {
		honest := []common.Address{f.addr[m0], f.addr[m1]}
		forkHeight := uint64(n - 1)
		pf := proof(t, leaves0, n-1)
		genesis := h("new genesis")
		f.fails(outsider, at, reg.PackDeclareFork(cid, 0, forkHeight, hashes0[n-1], pf, 101, genesis, honest), "NotMember")
		f.fails(m0, at, reg.PackDeclareFork(999, 0, forkHeight, hashes0[n-1], pf, 101, genesis, honest), "UnknownChain")
		f.fails(m0, at, reg.PackDeclareFork(cid, 0, forkHeight, hashes0[n-1], pf, 101, genesis, []common.Address{f.addr[m0], f.addr[outsider]}), "BadMembers")
		f.fails(m0, at, reg.PackDeclareFork(cid, 0, forkHeight, hashes0[n-1], pf, 101, genesis, []common.Address{f.addr[m1]}), "BadMembers")
		f.fails(m0, at, reg.PackDeclareFork(cid, 0, 50, hashes0[50], pf, 101, genesis, honest), "UnknownRange")
		f.fails(m0, at, reg.PackDeclareFork(cid, 0, forkHeight, hashes0[n-2], pf, 101, genesis, honest), "InvalidProof")
		f.fails(m0, at, reg.PackDeclareFork(cid, 0, forkHeight, hashes0[n-1], pf, 300, genesis, honest), "ChainExists")

		r := f.ok(m0, at, reg.PackDeclareFork(cid, 0, forkHeight, hashes0[n-1], pf, 101, genesis, honest), "AnchorRegistry.declareFork (2 members)")
		ev := event(t, r, reg.UnpackForkDeclaredEvent)
		if ev.OldChainId != cid || ev.NewChainId != 101 || ev.ForkHeight != forkHeight || ev.ForkBlockHash != hashes0[n-1] || ev.NewGenesisHash != genesis || ev.Declarer != f.addr[m0] || len(ev.Members) != 2 {
			t.Fatalf("ForkDeclared = %+v", ev)
		}
		info := view(f, at, reg.PackChainInfo(101), reg.UnpackChainInfo)
		if !info.Registered || info.StartHeight != forkHeight+1 || info.ParentChainId != cid || info.MemberCount != 2 {
			t.Fatalf("chainInfo(101) = %+v", info)
		}
		if s := view(f, at, reg.PackSuccessors(cid), reg.UnpackSuccessors); len(s) != 1 || s[0] != 101 {
			t.Fatalf("successors(100) = %v", s)
		}
		f.fails(m0, at, reg.PackEndorseFork(101), "AlreadyEndorsed")
		f.fails(m2, at, reg.PackEndorseFork(101), "NotMember")
		f.fails(m1, at, reg.PackEndorseFork(cid), "UnknownChain")
		r = f.ok(m1, at, reg.PackEndorseFork(101), "AnchorRegistry.endorseFork")
		if ev := event(t, r, reg.UnpackForkEndorsedEvent); ev.Member != f.addr[m1] || ev.Endorsements != 2 {
			t.Fatalf("ForkEndorsed = %+v", ev)
		}
		// The successor's members continue anchoring from the fork height + 1.
		f.fails(m0, at, reg.PackSubmitCheckpoint(101, 0, n-1, root0, hashes0[n-1], [32]byte{}), "NotContiguous")
		_, next := blocks(101, n, 4, "successor")
		f.ok(m0, at, reg.PackSubmitCheckpoint(101, n, n+3, root(t, next), h("end"), [32]byte{}), "")
	})
}
