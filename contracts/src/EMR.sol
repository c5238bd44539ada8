// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Identity} from "./Identity.sol";

/// @title EMR — patients' records, consent, emergency access and audit commitments.
/// @notice Records are append-only, versioned pointers to encrypted FHIR resources in
/// IPFS: the chain keeps who (patient, author), what kind (resource type), when, and
/// a hash of the content; the CID travels in the event. Nothing identifying is stored
/// in clear. Roles and hospitals come from the Identity contract.
///
/// Resource type codes (uint8): 1 Patient, 2 Practitioner, 3 Organization,
/// 4 Encounter, 5 Observation, 6 Condition, 7 AllergyIntolerance,
/// 8 MedicationRequest, 9 Procedure, 10 Immunization, 11 DiagnosticReport,
/// 12 DocumentReference. A consent scope is a uint32 bitmask: bit t = type t.
contract EMR {
    /// @notice Highest valid resource type code.
    uint8 public constant MAX_TYPE = 12;
    /// @notice Scope covering every resource type.
    uint32 public constant ALL_TYPES = 0x1FFE;
    /// @notice Longest emergency ("break-glass") access.
    uint64 public constant MAX_EMERGENCY = 24 hours;

    /// @notice One version of a record (three storage slots).
    struct Record {
        address patient;
        uint8 resourceType;
        uint32 version;
        uint40 createdAt;
        address author;
        uint48 prevId; // 0 for the first version
        uint48 nextId; // 0 while this is the latest version
        bytes32 contentHash;
    }

    /// @notice A patient's consent to one grantee.
    struct Grant {
        uint32 scope;
        uint64 expiry; // 0 = no expiry
        bool active;
    }

    Identity public immutable identity;

    mapping(uint256 => Record) private records;
    uint48 private lastId;
    mapping(address => mapping(address => Grant)) private grants; // patient => grantee
    mapping(address => mapping(address => uint64)) public emergencyUntil; // patient => practitioner
    mapping(address => uint64) public auditLastSeq; // member => last committed sequence number
    mapping(address => uint64) public auditBatches; // member => number of batches

    /// @notice The address is not an active patient.
    error NotPatient(address who);
    /// @notice The resource type code is 0 or above MAX_TYPE.
    error BadResourceType(uint8 resourceType);
    /// @notice The caller may not write this patient's records of this type.
    error NoWriteAccess(address caller, address patient, uint8 resourceType);
    /// @notice The CID or content hash is empty.
    error EmptyContent();
    /// @notice No record has this id.
    error UnknownRecord(uint64 id);
    /// @notice The record already has a newer version.
    error NotLatestVersion(uint64 id, uint64 newerId);
    /// @notice The grantee is not an active practitioner or member hospital.
    error BadGrantee(address grantee);
    /// @notice The scope is empty or names unknown types.
    error BadScope(uint32 scope);
    /// @notice The expiry is not in the future.
    error BadExpiry(uint64 expiry);
    /// @notice The patient has no active grant for this grantee.
    error NoActiveGrant(address patient, address grantee);
    /// @notice The caller is not an active practitioner of an active member.
    error NotPractitioner(address caller);
    /// @notice An emergency access needs a reason.
    error ReasonRequired();
    /// @notice The duration is 0 or longer than MAX_EMERGENCY.
    error BadDuration(uint64 duration);
    /// @notice The caller is not an active member hospital.
    error NotMemberAdmin(address caller);
    /// @notice The audit batch does not continue the member's previous one.
    error AuditGap(uint64 expectedFirst, uint64 firstSeq, uint64 lastSeq);
    /// @notice The audit batch root is empty.
    error EmptyAuditRoot();
    /// @notice The caller is neither the patient nor staff of the patient's hospital.
    error NotCustodian(address caller, address patient);

    /// @notice A record version was written.
    event RecordAdded(
        uint64 indexed id,
        address indexed patient,
        address indexed author,
        uint8 resourceType,
        uint64 prevId,
        uint32 version,
        bytes cid,
        bytes32 contentHash
    );
    /// @notice A patient granted (or replaced a grant of) access.
    event ConsentGranted(address indexed patient, address indexed grantee, uint32 scope, uint64 expiry);
    /// @notice A patient revoked a grant.
    event ConsentRevoked(address indexed patient, address indexed grantee);
    /// @notice A practitioner broke the glass on a patient's records. Loud on purpose.
    event EmergencyAccessed(
        address indexed patient, address indexed practitioner, address indexed hospital, bytes32 reasonHash, uint64 expiresAt
    );
    /// @notice Record keys wrapped for grantee were published at cid (an IPFS object of
    /// key envelopes for records written before the grantee got access).
    event KeysShared(address indexed patient, address indexed grantee, address indexed by, bytes cid);
    /// @notice A member committed a batch of audit events (FHIR AuditEvents kept off chain).
    event AuditCommitted(address indexed member, uint64 indexed batchIndex, uint64 firstSeq, uint64 lastSeq, bytes32 batchRoot);

    constructor(Identity identity_) {
        identity = identity_;
    }

    // ---- records ----

    /// @notice Adds the first version of a record for patient.
    /// @return recordId the new record's id (sequential from 1)
    function addRecord(address patient, uint8 resourceType, bytes calldata cid, bytes32 contentHash)
        external
        returns (uint64 recordId)
    {
        if (resourceType == 0 || resourceType > MAX_TYPE) revert BadResourceType(resourceType);
        if (identity.roleOf(patient) != Identity.Role.Patient || !identity.isActive(patient)) revert NotPatient(patient);
        _checkWrite(patient, resourceType);
        return _store(patient, resourceType, 1, 0, cid, contentHash);
    }

    /// @notice Adds a new version of record prevId, which must be the latest version.
    /// @return newId the new version's id
    function amendRecord(uint64 prevId, bytes calldata cid, bytes32 contentHash) external returns (uint64 newId) {
        Record storage prev = records[prevId];
        if (prev.patient == address(0)) revert UnknownRecord(prevId);
        if (prev.nextId != 0) revert NotLatestVersion(prevId, prev.nextId);
        if (!identity.isActive(prev.patient)) revert NotPatient(prev.patient);
        _checkWrite(prev.patient, prev.resourceType);
        newId = _store(prev.patient, prev.resourceType, prev.version + 1, prevId, cid, contentHash);
        prev.nextId = uint48(newId);
    }

    function _checkWrite(address patient, uint8 resourceType) private view {
        if (msg.sender == patient) return;
        if (identity.staffHospital(msg.sender) == address(0) || !hasAccess(patient, msg.sender, resourceType)) {
            revert NoWriteAccess(msg.sender, patient, resourceType);
        }
    }

    function _store(address patient, uint8 resourceType, uint32 version, uint64 prevId, bytes calldata cid, bytes32 contentHash)
        private
        returns (uint64 id)
    {
        if (cid.length == 0 || contentHash == bytes32(0)) revert EmptyContent();
        uint48 nid = ++lastId;
        records[nid] = Record({
            patient: patient,
            resourceType: resourceType,
            version: version,
            createdAt: uint40(block.timestamp),
            author: msg.sender,
            prevId: uint48(prevId),
            nextId: 0,
            contentHash: contentHash
        });
        id = nid;
        emit RecordAdded(id, patient, msg.sender, resourceType, prevId, version, cid, contentHash);
    }

    /// @notice The stored record with this id (reverts if unknown).
    function record(uint64 id) external view returns (Record memory) {
        Record memory r = records[id];
        if (r.patient == address(0)) revert UnknownRecord(id);
        return r;
    }

    /// @notice The id of the latest version in id's version chain.
    function latestVersion(uint64 id) external view returns (uint64) {
        if (records[id].patient == address(0)) revert UnknownRecord(id);
        while (records[id].nextId != 0) id = records[id].nextId;
        return id;
    }

    /// @notice How many record versions exist.
    function recordCount() external view returns (uint64) {
        return lastId;
    }

    // ---- access and consent ----

    /// @notice Whether who may access patient's records of resourceType: the patient;
    /// staff of the hospital that registered the patient; a grantee (or a practitioner
    /// of a grantee hospital) with an unexpired grant covering the type; or an active
    /// emergency access. Auditors read audit trails, not records.
    function hasAccess(address patient, address who, uint8 resourceType) public view returns (bool) {
        if (who == patient) return identity.isActive(patient);
        address staffOf = identity.staffHospital(who);
        if (staffOf == address(0)) return false;
        address home = identity.hospitalOf(patient);
        if (home != address(0) && home == staffOf) return true;
        if (_grantCovers(grants[patient][who], resourceType)) return true;
        if (staffOf != who && _grantCovers(grants[patient][staffOf], resourceType)) return true;
        return emergencyUntil[patient][who] > block.timestamp;
    }

    function _grantCovers(Grant memory g, uint8 resourceType) private view returns (bool) {
        return g.active && (g.expiry == 0 || g.expiry > block.timestamp) && (g.scope >> resourceType) & 1 == 1;
    }

    /// @notice The caller (a patient) grants grantee access to the types in scope until expiry (0 = none).
    function grant(address grantee, uint32 scope, uint64 expiry) external {
        if (identity.roleOf(msg.sender) != Identity.Role.Patient || !identity.isActive(msg.sender)) revert NotPatient(msg.sender);
        if (identity.staffHospital(grantee) == address(0)) revert BadGrantee(grantee);
        if (scope == 0 || scope & ~ALL_TYPES != 0) revert BadScope(scope);
        if (expiry != 0 && expiry <= block.timestamp) revert BadExpiry(expiry);
        grants[msg.sender][grantee] = Grant(scope, expiry, true);
        emit ConsentGranted(msg.sender, grantee, scope, expiry);
    }

    /// @notice The caller (a patient) revokes grantee's grant.
    function revoke(address grantee) external {
        Grant storage g = grants[msg.sender][grantee];
        if (!g.active) revert NoActiveGrant(msg.sender, grantee);
        g.active = false;
        emit ConsentRevoked(msg.sender, grantee);
    }

    /// @notice The grant patient gave grantee (active=false if none or revoked).
    function grantOf(address patient, address grantee) external view returns (Grant memory) {
        return grants[patient][grantee];
    }

    /// @notice A practitioner opens emergency access to patient's records for duration seconds.
    function emergencyAccess(address patient, bytes32 reasonHash, uint64 duration) external {
        address hospital = identity.staffHospital(msg.sender);
        if (hospital == address(0) || identity.roleOf(msg.sender) != Identity.Role.Practitioner) revert NotPractitioner(msg.sender);
        if (identity.roleOf(patient) != Identity.Role.Patient || !identity.isActive(patient)) revert NotPatient(patient);
        if (reasonHash == bytes32(0)) revert ReasonRequired();
        if (duration == 0 || duration > MAX_EMERGENCY) revert BadDuration(duration);
        uint64 until = uint64(block.timestamp) + duration;
        emergencyUntil[patient][msg.sender] = until;
        emit EmergencyAccessed(patient, msg.sender, hospital, reasonHash, until);
    }

    /// @notice Publishes, for grantee, the keys of patient's earlier records: the envelopes
    /// live in IPFS at cid, the chain only points at them so that every node finds them.
    /// Only the patient or staff of the patient's hospital (the custodian of its keys) may.
    function shareKeys(address patient, address grantee, bytes calldata cid) external {
        if (cid.length == 0) revert EmptyContent();
        if (msg.sender != patient) {
            address home = identity.hospitalOf(patient);
            if (home == address(0) || identity.staffHospital(msg.sender) != home) revert NotCustodian(msg.sender, patient);
        }
        if (identity.staffHospital(grantee) == address(0)) revert BadGrantee(grantee);
        emit KeysShared(patient, grantee, msg.sender, cid);
    }

    // ---- audit ----

    /// @notice A member commits the Merkle root of its audit events firstSeq..lastSeq,
    /// continuing its previous batch (the first starts at 1).
    function commitAudit(bytes32 batchRoot, uint64 firstSeq, uint64 lastSeq) external {
        if (!identity.isMember(msg.sender)) revert NotMemberAdmin(msg.sender);
        if (batchRoot == bytes32(0)) revert EmptyAuditRoot();
        uint64 expected = auditLastSeq[msg.sender] + 1;
        if (firstSeq != expected || lastSeq < firstSeq) revert AuditGap(expected, firstSeq, lastSeq);
        auditLastSeq[msg.sender] = lastSeq;
        uint64 index = auditBatches[msg.sender]++;
        emit AuditCommitted(msg.sender, index, firstSeq, lastSeq, batchRoot);
    }
}
