package contracts_test

import (
	"testing"

	"github.com/dualchain/dualchain/contracts/bindings"
)

// Resource type codes (see EMR.sol).
const (
	typeObservation uint8 = 5
	typeCondition   uint8 = 6
)

func testEMR(t *testing.T, f *fixture) {
	emr := bindings.NewEMR()
	at := f.emr
	cid := []byte(cidExample)
	content := h("record bytes")

	hasAccess := func(who int, typ uint8) bool {
		return view(f, at, emr.PackHasAccess(f.addr[patient], f.addr[who], typ), emr.UnpackHasAccess)
	}

	t.Run("records", func(t *testing.T) {
		r := f.ok(patient, at, emr.PackAddRecord(f.addr[patient], typeObservation, cid, content), "EMR.addRecord (by the patient, first record)")
		ev := event(t, r, emr.UnpackRecordAddedEvent)
		if ev.Id != 1 || ev.Patient != f.addr[patient] || ev.Author != f.addr[patient] || ev.ResourceType != typeObservation ||
			ev.PrevId != 0 || ev.Version != 1 || string(ev.Cid) != cidExample || ev.ContentHash != content {
			t.Fatalf("RecordAdded = %+v", ev)
		}
		r = f.ok(pracA, at, emr.PackAddRecord(f.addr[patient], typeCondition, cid, h("condition")), "EMR.addRecord (by a practitioner of the patient's hospital)")
		if ev := event(t, r, emr.UnpackRecordAddedEvent); ev.Id != 2 || ev.Author != f.addr[pracA] {
			t.Fatalf("RecordAdded = %+v", ev)
		}
		f.fails(pracB, at, emr.PackAddRecord(f.addr[patient], typeObservation, cid, content), "NoWriteAccess")
		f.fails(outsider, at, emr.PackAddRecord(f.addr[patient], typeObservation, cid, content), "NoWriteAccess")
		f.fails(auditorA, at, emr.PackAddRecord(f.addr[patient], typeObservation, cid, content), "NoWriteAccess")
		f.fails(patient, at, emr.PackAddRecord(f.addr[patient], 0, cid, content), "BadResourceType")
		f.fails(patient, at, emr.PackAddRecord(f.addr[patient], 13, cid, content), "BadResourceType")
		f.fails(pracA, at, emr.PackAddRecord(f.addr[outsider], typeObservation, cid, content), "NotPatient")
		f.fails(pracA, at, emr.PackAddRecord(f.addr[pracB], typeObservation, cid, content), "NotPatient")
		f.fails(patient, at, emr.PackAddRecord(f.addr[patient], typeObservation, nil, content), "EmptyContent")
		f.fails(patient, at, emr.PackAddRecord(f.addr[patient], typeObservation, cid, [32]byte{}), "EmptyContent")

		rec := view(f, at, emr.PackRecord(1), emr.UnpackRecord)
		if rec.Patient != f.addr[patient] || rec.Author != f.addr[patient] || rec.ResourceType != typeObservation || rec.Version != 1 || rec.ContentHash != content || rec.CreatedAt.Sign() == 0 {
			t.Fatalf("record(1) = %+v", rec)
		}
		if n := view(f, at, emr.PackRecordCount(), emr.UnpackRecordCount); n != 2 {
			t.Fatalf("recordCount = %d, want 2", n)
		}
	})

	t.Run("versions", func(t *testing.T) {
		r := f.ok(pracA, at, emr.PackAmendRecord(1, cid, h("v2")), "EMR.amendRecord")
		ev := event(t, r, emr.UnpackRecordAddedEvent)
		if ev.Id != 3 || ev.PrevId != 1 || ev.Version != 2 || ev.ResourceType != typeObservation || ev.Patient != f.addr[patient] {
			t.Fatalf("amended RecordAdded = %+v", ev)
		}
		f.fails(pracA, at, emr.PackAmendRecord(1, cid, h("v2 again")), "NotLatestVersion")
		f.fails(pracA, at, emr.PackAmendRecord(99, cid, h("x")), "UnknownRecord")
		f.fails(pracB, at, emr.PackAmendRecord(3, cid, h("x")), "NoWriteAccess")
		if got := view(f, at, emr.PackLatestVersion(1), emr.UnpackLatestVersion); got != 3 {
			t.Fatalf("latestVersion(1) = %d, want 3", got)
		}
		if rec := view(f, at, emr.PackRecord(1), emr.UnpackRecord); rec.NextId.Int64() != 3 {
			t.Fatalf("record(1).nextId = %d, want 3", rec.NextId)
		}
	})

	t.Run("consent", func(t *testing.T) {
		scopeObs := uint32(1) << typeObservation
		f.fails(outsider, at, emr.PackGrant(f.addr[pracB], scopeObs, 0), "NotPatient")
		f.fails(patient, at, emr.PackGrant(f.addr[outsider], scopeObs, 0), "BadGrantee")
		f.fails(patient, at, emr.PackGrant(f.addr[auditorA], scopeObs, 0), "BadGrantee")
		f.fails(patient, at, emr.PackGrant(f.addr[pracB], 0, 0), "BadScope")
		f.fails(patient, at, emr.PackGrant(f.addr[pracB], 1, 0), "BadScope")
		f.fails(patient, at, emr.PackGrant(f.addr[pracB], 1<<13, 0), "BadScope")
		f.fails(patient, at, emr.PackGrant(f.addr[pracB], scopeObs, 1), "BadExpiry")

		if hasAccess(pracB, typeObservation) {
			t.Fatal("pracB has access before any grant")
		}
		// A fixed far-future expiry keeps the calldata, and so the gas, the same on every run.
		expiry := uint64(4102444800) // 2100-01-01
		r := f.ok(patient, at, emr.PackGrant(f.addr[pracB], scopeObs, expiry), "EMR.grant")
		if ev := event(t, r, emr.UnpackConsentGrantedEvent); ev.Patient != f.addr[patient] || ev.Grantee != f.addr[pracB] || ev.Scope != scopeObs || ev.Expiry != expiry {
			t.Fatalf("ConsentGranted = %+v", ev)
		}
		if !hasAccess(pracB, typeObservation) || hasAccess(pracB, typeCondition) {
			t.Fatal("grant scope not applied: want Observation only")
		}
		f.ok(pracB, at, emr.PackAddRecord(f.addr[patient], typeObservation, cid, h("by B")), "EMR.addRecord (by a grantee)")
		f.fails(pracB, at, emr.PackAddRecord(f.addr[patient], typeCondition, cid, h("by B")), "NoWriteAccess")
		if g := view(f, at, emr.PackGrantOf(f.addr[patient], f.addr[pracB]), emr.UnpackGrantOf); !g.Active || g.Scope != scopeObs {
			t.Fatalf("grantOf = %+v", g)
		}

		r = f.ok(patient, at, emr.PackRevoke(f.addr[pracB]), "EMR.revoke")
		if ev := event(t, r, emr.UnpackConsentRevokedEvent); ev.Grantee != f.addr[pracB] {
			t.Fatalf("ConsentRevoked = %+v", ev)
		}
		if hasAccess(pracB, typeObservation) {
			t.Fatal("access survives revocation")
		}
		f.fails(pracB, at, emr.PackAddRecord(f.addr[patient], typeObservation, cid, h("by B")), "NoWriteAccess")
		f.fails(patient, at, emr.PackRevoke(f.addr[pracB]), "NoActiveGrant")

		// A grant to a hospital covers its practitioners.
		all := view(f, at, emr.PackALLTYPES(), emr.UnpackALLTYPES)
		f.ok(patient, at, emr.PackGrant(f.addr[hospB], all, 0), "EMR.grant (to a hospital, all types)")
		if !hasAccess(pracB, typeCondition) || !hasAccess(hospB, typeCondition) {
			t.Fatal("hospital grant does not cover the hospital and its practitioners")
		}
		if hasAccess(auditorA, typeCondition) || hasAccess(outsider, typeCondition) {
			t.Fatal("auditor or outsider has record access")
		}
	})

	t.Run("emergency", func(t *testing.T) {
		reason := h("unconscious in ER, allergy check")
		f.fails(hospA, at, emr.PackEmergencyAccess(f.addr[selfPat], reason, 3600), "NotPractitioner")
		f.fails(outsider, at, emr.PackEmergencyAccess(f.addr[selfPat], reason, 3600), "NotPractitioner")
		f.fails(pracB, at, emr.PackEmergencyAccess(f.addr[outsider], reason, 3600), "NotPatient")
		f.fails(pracB, at, emr.PackEmergencyAccess(f.addr[selfPat], [32]byte{}, 3600), "ReasonRequired")
		f.fails(pracB, at, emr.PackEmergencyAccess(f.addr[selfPat], reason, 0), "BadDuration")
		f.fails(pracB, at, emr.PackEmergencyAccess(f.addr[selfPat], reason, 24*3600+1), "BadDuration")
		if view(f, at, emr.PackHasAccess(f.addr[selfPat], f.addr[pracB], typeCondition), emr.UnpackHasAccess) {
			t.Fatal("access before break-glass")
		}
		r := f.ok(pracB, at, emr.PackEmergencyAccess(f.addr[selfPat], reason, 3600), "EMR.emergencyAccess")
		ev := event(t, r, emr.UnpackEmergencyAccessedEvent)
		if ev.Patient != f.addr[selfPat] || ev.Practitioner != f.addr[pracB] || ev.Hospital != f.addr[hospB] || ev.ReasonHash != reason || ev.ExpiresAt == 0 {
			t.Fatalf("EmergencyAccessed = %+v", ev)
		}
		if !view(f, at, emr.PackHasAccess(f.addr[selfPat], f.addr[pracB], typeCondition), emr.UnpackHasAccess) {
			t.Fatal("no access during break-glass")
		}
		if got := view(f, at, emr.PackEmergencyUntil(f.addr[selfPat], f.addr[pracB]), emr.UnpackEmergencyUntil); got != ev.ExpiresAt {
			t.Fatalf("emergencyUntil = %d, want %d", got, ev.ExpiresAt)
		}
	})

	t.Run("share keys", func(t *testing.T) {
		f.fails(pracA, at, emr.PackShareKeys(f.addr[patient], f.addr[pracB], nil), "EmptyContent")
		f.fails(pracB, at, emr.PackShareKeys(f.addr[patient], f.addr[pracB], cid), "NotCustodian")
		f.fails(outsider, at, emr.PackShareKeys(f.addr[patient], f.addr[pracB], cid), "NotCustodian")
		f.fails(pracA, at, emr.PackShareKeys(f.addr[selfPat], f.addr[pracB], cid), "NotCustodian")
		f.fails(patient, at, emr.PackShareKeys(f.addr[patient], f.addr[outsider], cid), "BadGrantee")
		r := f.ok(pracA, at, emr.PackShareKeys(f.addr[patient], f.addr[pracB], cid), "EMR.shareKeys (by the patient's hospital)")
		ev := event(t, r, emr.UnpackKeysSharedEvent)
		if ev.Patient != f.addr[patient] || ev.Grantee != f.addr[pracB] || ev.By != f.addr[pracA] || string(ev.Cid) != cidExample {
			t.Fatalf("KeysShared = %+v", ev)
		}
		f.ok(selfPat, at, emr.PackShareKeys(f.addr[selfPat], f.addr[hospB], cid), "EMR.shareKeys (by the patient)")
	})

	t.Run("audit", func(t *testing.T) {
		f.fails(pracA, at, emr.PackCommitAudit(h("batch"), 1, 10), "NotMemberAdmin")
		f.fails(hospA, at, emr.PackCommitAudit([32]byte{}, 1, 10), "EmptyAuditRoot")
		f.fails(hospA, at, emr.PackCommitAudit(h("batch"), 2, 10), "AuditGap")
		r := f.ok(hospA, at, emr.PackCommitAudit(h("batch 0"), 1, 10), "EMR.commitAudit (first batch)")
		ev := event(t, r, emr.UnpackAuditCommittedEvent)
		if ev.Member != f.addr[hospA] || ev.BatchIndex != 0 || ev.FirstSeq != 1 || ev.LastSeq != 10 || ev.BatchRoot != h("batch 0") {
			t.Fatalf("AuditCommitted = %+v", ev)
		}
		f.fails(hospA, at, emr.PackCommitAudit(h("batch"), 1, 10), "AuditGap")
		f.fails(hospA, at, emr.PackCommitAudit(h("batch"), 11, 10), "AuditGap")
		r = f.ok(hospA, at, emr.PackCommitAudit(h("batch 1"), 11, 500), "EMR.commitAudit (next batch)")
		if ev := event(t, r, emr.UnpackAuditCommittedEvent); ev.BatchIndex != 1 {
			t.Fatalf("second batch index %d", ev.BatchIndex)
		}
		if got := view(f, at, emr.PackAuditLastSeq(f.addr[hospA]), emr.UnpackAuditLastSeq); got != 500 {
			t.Fatalf("auditLastSeq = %d, want 500", got)
		}
	})
}
