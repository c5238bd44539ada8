// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title Identity — consortium members, identities and roles of the working chain.
/// @notice A hospital is a consortium member, identified by its admin account. Members
/// join or leave only by a strict majority of the current members. Each member admin
/// registers its practitioners, auditors and patients; a person may also register
/// themself as a patient. One role per address. Only addresses and hashes are stored:
/// names and demographics stay off chain (metaHash commits to them).
contract Identity {
    /// @notice Roles an address can hold.
    enum Role {
        None,
        Admin,
        Practitioner,
        Patient,
        Auditor
    }

    /// @notice What the chain knows of an identity.
    struct Entry {
        Role role;
        bool active;
        address hospital; // the member that registered it (itself for an Admin, 0 for a self-registered patient)
        uint64 registeredAt;
        bytes32 metaHash; // commitment to the off-chain profile
    }

    mapping(address => Entry) private entries;
    uint256 public memberCount;

    // Membership proposals: subject => round => voter => voted; a round ends when applied.
    mapping(address => uint256) private proposalRound;
    mapping(address => mapping(uint256 => mapping(address => bool))) private voted;
    mapping(address => uint256) public votesFor;
    mapping(address => bool) public proposalIsAdd;
    mapping(address => bytes32) private proposalMeta;

    /// @notice An address already has a role.
    error AlreadyRegistered(address who);
    /// @notice The caller is not an active consortium member admin.
    error NotMemberAdmin(address caller);
    /// @notice The caller may not register patients (not an admin or practitioner of an active member).
    error NotStaff(address caller);
    /// @notice The caller is not the hospital that registered the identity.
    error NotRegistrar(address caller, address who);
    /// @notice The address has no active identity.
    error NotActive(address who);
    /// @notice The zero address was given.
    error ZeroAddress();
    /// @notice Founders and name hashes differ in length, or there are none.
    error BadFounders();
    /// @notice The member proposal does not match the current state (adding a member, removing a non-member…).
    error BadProposal(address subject);
    /// @notice The caller already voted on this proposal.
    error AlreadyVoted(address voter, address subject);
    /// @notice Admins are deactivated by majority vote (removeMember), not by deactivate.
    error UseMemberVote(address who);

    /// @notice A hospital joined the consortium.
    event MemberAdded(address indexed admin, bytes32 nameHash);
    /// @notice A hospital left (was voted out of) the consortium.
    event MemberRemoved(address indexed admin);
    /// @notice A member voted on adding (add=true) or removing a member.
    event MemberVoted(address indexed subject, address indexed voter, bool add, uint256 votes, uint256 needed);
    /// @notice An identity was registered.
    event IdentityRegistered(address indexed who, Role indexed role, address indexed hospital, bytes32 metaHash);
    /// @notice An identity was deactivated by its hospital.
    event IdentityDeactivated(address indexed who, address indexed by);

    /// @param founders admin accounts of the founding hospitals
    /// @param nameHashes commitments to their names, one per founder
    constructor(address[] memory founders, bytes32[] memory nameHashes) {
        if (founders.length == 0 || founders.length != nameHashes.length) revert BadFounders();
        for (uint256 i = 0; i < founders.length; i++) {
            _addMember(founders[i], nameHashes[i]);
        }
    }

    modifier onlyMemberAdmin() {
        if (!isMember(msg.sender)) revert NotMemberAdmin(msg.sender);
        _;
    }

    /// @notice Proposes adding a hospital (its admin account); the proposer's vote counts.
    function proposeMember(address admin, bytes32 nameHash) external onlyMemberAdmin {
        if (admin == address(0)) revert ZeroAddress();
        if (entries[admin].role != Role.None) revert AlreadyRegistered(admin);
        if (votesFor[admin] == 0) {
            proposalIsAdd[admin] = true;
            proposalMeta[admin] = nameHash;
        } else if (!proposalIsAdd[admin]) {
            revert BadProposal(admin);
        }
        _vote(admin);
    }

    /// @notice Proposes (or votes for) removing a member hospital.
    function removeMember(address admin) external onlyMemberAdmin {
        if (!isMember(admin)) revert BadProposal(admin);
        if (votesFor[admin] == 0) {
            proposalIsAdd[admin] = false;
        } else if (proposalIsAdd[admin]) {
            revert BadProposal(admin);
        }
        _vote(admin);
    }

    /// @notice Votes for the open proposal about subject.
    function voteMember(address subject) external onlyMemberAdmin {
        if (votesFor[subject] == 0) revert BadProposal(subject);
        _vote(subject);
    }

    function _vote(address subject) private {
        uint256 round = proposalRound[subject];
        if (voted[subject][round][msg.sender]) revert AlreadyVoted(msg.sender, subject);
        voted[subject][round][msg.sender] = true;
        uint256 votes = ++votesFor[subject];
        bool add = proposalIsAdd[subject];
        uint256 needed = memberCount / 2 + 1;
        emit MemberVoted(subject, msg.sender, add, votes, needed);
        if (votes < needed) return;
        // Applied: close the round so stale votes never count again.
        votesFor[subject] = 0;
        proposalRound[subject] = round + 1;
        if (add) {
            _addMember(subject, proposalMeta[subject]);
        } else {
            entries[subject].active = false;
            memberCount--;
            emit MemberRemoved(subject);
        }
    }

    function _addMember(address admin, bytes32 nameHash) private {
        if (admin == address(0)) revert ZeroAddress();
        if (entries[admin].role != Role.None) revert AlreadyRegistered(admin);
        entries[admin] = Entry(Role.Admin, true, admin, uint64(block.timestamp), nameHash);
        memberCount++;
        emit MemberAdded(admin, nameHash);
        emit IdentityRegistered(admin, Role.Admin, admin, nameHash);
    }

    /// @notice Registers a practitioner of the caller's hospital.
    function registerPractitioner(address who, bytes32 metaHash) external onlyMemberAdmin {
        _register(who, Role.Practitioner, msg.sender, metaHash);
    }

    /// @notice Registers an auditor appointed by the caller's hospital.
    function registerAuditor(address who, bytes32 metaHash) external onlyMemberAdmin {
        _register(who, Role.Auditor, msg.sender, metaHash);
    }

    /// @notice Registers a patient at the caller's hospital (caller: its admin or one of its practitioners).
    function registerPatient(address who, bytes32 metaHash) external {
        address hospital = staffHospital(msg.sender);
        if (hospital == address(0)) revert NotStaff(msg.sender);
        _register(who, Role.Patient, hospital, metaHash);
    }

    /// @notice Registers the caller as a patient of no hospital in particular.
    function registerSelfAsPatient(bytes32 metaHash) external {
        _register(msg.sender, Role.Patient, address(0), metaHash);
    }

    function _register(address who, Role role, address hospital, bytes32 metaHash) private {
        if (who == address(0)) revert ZeroAddress();
        if (entries[who].role != Role.None) revert AlreadyRegistered(who);
        entries[who] = Entry(role, true, hospital, uint64(block.timestamp), metaHash);
        emit IdentityRegistered(who, role, hospital, metaHash);
    }

    /// @notice Deactivates an identity the caller's hospital registered (a self-registered patient may deactivate themself).
    function deactivate(address who) external {
        Entry storage e = entries[who];
        if (!e.active) revert NotActive(who);
        if (e.role == Role.Admin) revert UseMemberVote(who);
        bool selfPatient = e.role == Role.Patient && who == msg.sender;
        if (!selfPatient && (e.hospital != msg.sender || !isMember(msg.sender))) revert NotRegistrar(msg.sender, who);
        e.active = false;
        emit IdentityDeactivated(who, msg.sender);
    }

    /// @notice Whether admin is an active consortium member.
    function isMember(address admin) public view returns (bool) {
        Entry storage e = entries[admin];
        return e.role == Role.Admin && e.active;
    }

    /// @notice The role of who (None if unregistered).
    function roleOf(address who) external view returns (Role) {
        return entries[who].role;
    }

    /// @notice The hospital that registered who.
    function hospitalOf(address who) external view returns (address) {
        return entries[who].hospital;
    }

    /// @notice Whether who is active, and so is the hospital it belongs to (if any).
    function isActive(address who) public view returns (bool) {
        Entry storage e = entries[who];
        if (!e.active) return false;
        if (e.role == Role.Practitioner || e.role == Role.Auditor) return isMember(e.hospital);
        return true;
    }

    /// @notice The full entry of who.
    function identity(address who) external view returns (Entry memory) {
        return entries[who];
    }

    /// @notice The hospital for which who acts as staff (admin or active practitioner of an active member), else 0.
    function staffHospital(address who) public view returns (address) {
        Entry storage e = entries[who];
        if (!e.active) return address(0);
        if (e.role == Role.Admin) return who;
        if (e.role == Role.Practitioner && isMember(e.hospital)) return e.hospital;
        return address(0);
    }
}
