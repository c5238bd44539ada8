package contracts_test

import (
	"testing"

	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Role codes of Identity.Role.
const (
	roleNone uint8 = iota
	roleAdmin
	rolePractitioner
	rolePatient
	roleAuditor
)

func h(s string) [32]byte { return crypto.Keccak256Hash([]byte(s)) }

func testIdentity(t *testing.T, f *fixture) {
	id := bindings.NewIdentity()
	at := f.identity

	t.Run("founders", func(t *testing.T) {
		if n := view(f, at, id.PackMemberCount(), id.UnpackMemberCount); n.Int64() != 2 {
			t.Fatalf("memberCount = %d, want 2", n)
		}
		for _, who := range []int{hospA, hospB} {
			if !view(f, at, id.PackIsMember(f.addr[who]), id.UnpackIsMember) {
				t.Fatalf("founder %d is not a member", who)
			}
		}
	})

	t.Run("membership vote", func(t *testing.T) {
		f.fails(outsider, at, id.PackProposeMember(f.addr[hospC], h("C")), "NotMemberAdmin")
		f.fails(hospA, at, id.PackProposeMember(f.addr[hospB], h("B")), "AlreadyRegistered")
		f.fails(hospA, at, id.PackProposeMember(common.Address{}, h("0")), "ZeroAddress")
		f.fails(hospA, at, id.PackVoteMember(f.addr[hospC]), "BadProposal")

		r := f.ok(hospA, at, id.PackProposeMember(f.addr[hospC], h("Hospital C")), "Identity.proposeMember")
		v := event(t, r, id.UnpackMemberVotedEvent)
		if v.Subject != f.addr[hospC] || v.Voter != f.addr[hospA] || !v.Add || v.Votes.Int64() != 1 || v.Needed.Int64() != 2 {
			t.Fatalf("MemberVoted = %+v, want 1 of 2 votes to add C", v)
		}
		if view(f, at, id.PackIsMember(f.addr[hospC]), id.UnpackIsMember) {
			t.Fatal("C became a member with 1 of 2 votes")
		}
		f.fails(hospA, at, id.PackVoteMember(f.addr[hospC]), "AlreadyVoted")
		r = f.ok(hospB, at, id.PackVoteMember(f.addr[hospC]), "Identity.voteMember (applies: member added)")
		if ev := event(t, r, id.UnpackMemberAddedEvent); ev.Admin != f.addr[hospC] || ev.NameHash != h("Hospital C") {
			t.Fatalf("MemberAdded = %+v", ev)
		}
		if n := view(f, at, id.PackMemberCount(), id.UnpackMemberCount); n.Int64() != 3 {
			t.Fatalf("memberCount = %d, want 3", n)
		}

		// Removal takes 2 of 3 votes.
		f.fails(hospA, at, id.PackRemoveMember(f.addr[outsider]), "BadProposal")
		f.ok(hospA, at, id.PackRemoveMember(f.addr[hospC]), "Identity.removeMember (first vote)")
		f.fails(hospA, at, id.PackProposeMember(f.addr[hospC], h("C")), "AlreadyRegistered")
		r = f.ok(hospB, at, id.PackRemoveMember(f.addr[hospC]), "Identity.removeMember (applies: member removed)")
		if ev := event(t, r, id.UnpackMemberRemovedEvent); ev.Admin != f.addr[hospC] {
			t.Fatalf("MemberRemoved = %+v", ev)
		}
		if view(f, at, id.PackIsMember(f.addr[hospC]), id.UnpackIsMember) {
			t.Fatal("C is still a member")
		}
		f.fails(hospC, at, id.PackRegisterPractitioner(f.addr[spare], h("x")), "NotMemberAdmin")
	})

	t.Run("register", func(t *testing.T) {
		f.fails(outsider, at, id.PackRegisterPractitioner(f.addr[pracA], h("x")), "NotMemberAdmin")
		f.fails(pracA, at, id.PackRegisterAuditor(f.addr[auditorA], h("x")), "NotMemberAdmin")
		f.fails(hospA, at, id.PackRegisterPractitioner(common.Address{}, h("x")), "ZeroAddress")

		r := f.ok(hospA, at, id.PackRegisterPractitioner(f.addr[pracA], h("Dr A")), "Identity.registerPractitioner")
		ev := event(t, r, id.UnpackIdentityRegisteredEvent)
		if ev.Who != f.addr[pracA] || ev.Role != rolePractitioner || ev.Hospital != f.addr[hospA] || ev.MetaHash != h("Dr A") {
			t.Fatalf("IdentityRegistered = %+v", ev)
		}
		f.fails(hospB, at, id.PackRegisterPractitioner(f.addr[pracA], h("again")), "AlreadyRegistered")
		f.ok(hospB, at, id.PackRegisterPractitioner(f.addr[pracB], h("Dr B")), "")
		r = f.ok(hospA, at, id.PackRegisterAuditor(f.addr[auditorA], h("Auditor")), "Identity.registerAuditor")
		if ev := event(t, r, id.UnpackIdentityRegisteredEvent); ev.Role != roleAuditor {
			t.Fatalf("auditor registered with role %d", ev.Role)
		}

		f.fails(auditorA, at, id.PackRegisterPatient(f.addr[patient], h("p")), "NotStaff")
		f.fails(outsider, at, id.PackRegisterPatient(f.addr[patient], h("p")), "NotStaff")
		r = f.ok(pracA, at, id.PackRegisterPatient(f.addr[patient], h("patient 4")), "Identity.registerPatient")
		if ev := event(t, r, id.UnpackIdentityRegisteredEvent); ev.Role != rolePatient || ev.Hospital != f.addr[hospA] {
			t.Fatalf("patient registered as %+v, want hospital A", ev)
		}
		r = f.ok(selfPat, at, id.PackRegisterSelfAsPatient(h("me")), "Identity.registerSelfAsPatient")
		if ev := event(t, r, id.UnpackIdentityRegisteredEvent); ev.Who != f.addr[selfPat] || ev.Hospital != (common.Address{}) {
			t.Fatalf("self registration = %+v", ev)
		}
		f.fails(selfPat, at, id.PackRegisterSelfAsPatient(h("me")), "AlreadyRegistered")

		e := view(f, at, id.PackIdentity(f.addr[pracA]), id.UnpackIdentity)
		if e.Role != rolePractitioner || !e.Active || e.Hospital != f.addr[hospA] || e.RegisteredAt == 0 {
			t.Fatalf("identity(pracA) = %+v", e)
		}
		if r := view(f, at, id.PackRoleOf(f.addr[outsider]), id.UnpackRoleOf); r != roleNone {
			t.Fatalf("roleOf(outsider) = %d", r)
		}
		if got := view(f, at, id.PackHospitalOf(f.addr[patient]), id.UnpackHospitalOf); got != f.addr[hospA] {
			t.Fatalf("hospitalOf(patient) = %s", got)
		}
		if got := view(f, at, id.PackStaffHospital(f.addr[pracB]), id.UnpackStaffHospital); got != f.addr[hospB] {
			t.Fatalf("staffHospital(pracB) = %s", got)
		}
	})

	t.Run("deactivate", func(t *testing.T) {
		f.ok(hospA, at, id.PackRegisterPractitioner(f.addr[spare], h("temp")), "")
		f.fails(hospB, at, id.PackDeactivate(f.addr[spare]), "NotRegistrar")
		f.fails(hospA, at, id.PackDeactivate(f.addr[hospB]), "UseMemberVote")
		r := f.ok(hospA, at, id.PackDeactivate(f.addr[spare]), "Identity.deactivate")
		if ev := event(t, r, id.UnpackIdentityDeactivatedEvent); ev.Who != f.addr[spare] || ev.By != f.addr[hospA] {
			t.Fatalf("IdentityDeactivated = %+v", ev)
		}
		if view(f, at, id.PackIsActive(f.addr[spare]), id.UnpackIsActive) {
			t.Fatal("deactivated practitioner is active")
		}
		f.fails(hospA, at, id.PackDeactivate(f.addr[spare]), "NotActive")
	})
}
