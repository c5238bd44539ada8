// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title AnchorRegistry — checkpoints of working chains, kept on the verification chain.
/// @notice Each member (a hospital's verification-chain account) of a working chain
/// submits checkpoints of its own view of that chain:
/// (chainId, start, end, root, endBlockHash, prevCheckpointHash). A member's
/// checkpoints form one linear history: start = its previous end + 1, and
/// prevCheckpointHash = the hash of its previous checkpoint. The first root stored for
/// a range is kept; a member committing a different root for the same range is
/// recorded as a CheckpointConflict, and anyone can prove a conflict between
/// overlapping ranges with two Merkle proofs (proveConflict). Honest members declare a
/// hard fork from an anchored height (declareFork) so that auditors can find the
/// legitimate successor chain.
///
/// Merkle tree (the Go package anchor implements the same): leaf for block n is
/// keccak256(abi.encode(uint256 chainId, uint256 n, bytes32 blockHash)); leaves
/// start..end are paired left to right, level by level; an odd last node is promoted
/// unchanged; an inner node is keccak256(abi.encodePacked(left, right)); a single
/// leaf is the root. A proof lists siblings bottom-up, skipping levels where the node
/// was promoted, so verifying it needs the leaf's index and the leaf count.
contract AnchorRegistry {
    struct Chain {
        bool registered;
        uint64 startHeight;
        uint32 memberCount;
        uint64 parentChainId; // 0 unless declared as a fork
    }

    /// @notice Per (chain, member): where its checkpoint history stands (one slot).
    struct MemberState {
        uint64 lastEnd;
        uint64 count;
    }

    mapping(uint64 => Chain) private chains;
    mapping(uint64 => mapping(address => bool)) public isMember;
    mapping(uint64 => address[]) private memberList;
    mapping(uint64 => mapping(address => MemberState)) private states;
    mapping(uint64 => mapping(address => bytes32)) public lastCheckpointHash;
    /// @notice Root of the first checkpoint stored for keccak256(abi.encode(chainId, start, end)).
    mapping(bytes32 => bytes32) public rangeRoot;

    // Membership votes: chain => subject => round bookkeeping.
    mapping(uint64 => mapping(address => uint256)) private voteRound;
    mapping(uint64 => mapping(address => uint256)) public votesFor;
    mapping(uint64 => mapping(address => bool)) private voteIsAdd;
    mapping(uint64 => mapping(address => mapping(uint256 => mapping(address => bool)))) private voted;

    // Forks.
    mapping(uint64 => uint64[]) private successorList;
    mapping(uint64 => mapping(address => bool)) public endorsed;
    mapping(uint64 => uint32) public endorsements;

    error ChainExists(uint64 chainId);
    error UnknownChain(uint64 chainId);
    error BadMembers();
    error NotMember(uint64 chainId, address caller);
    error BadRange(uint64 start, uint64 end);
    error NotContiguous(uint64 expectedStart, uint64 start);
    error WrongPrev(bytes32 expected, bytes32 got);
    error EmptyRoot();
    error UnknownRange(uint64 start, uint64 end);
    error HeightOutsideRange(uint64 height, uint64 start, uint64 end);
    error InvalidProof();
    error NoConflict();
    error BadVote(uint64 chainId, address subject);
    error AlreadyVoted(address voter, address subject);
    error AlreadyEndorsed(uint64 chainId, address member);

    /// @notice A working chain was registered (directly or as a declared fork).
    event ChainRegistered(uint64 indexed chainId, uint64 startHeight, address[] members);
    /// @notice A member voted on adding or removing a member.
    event MemberVoted(uint64 indexed chainId, address indexed subject, address indexed voter, bool add, uint256 votes, uint256 needed);
    /// @notice A membership vote passed.
    event MembershipChanged(uint64 indexed chainId, address indexed member, bool added);
    /// @notice A member anchored a checkpoint.
    event CheckpointSubmitted(
        uint64 indexed chainId,
        address indexed member,
        uint64 indexed index,
        uint64 start,
        uint64 end,
        bytes32 root,
        bytes32 endBlockHash,
        bytes32 prevCheckpointHash,
        bytes32 checkpointHash
    );
    /// @notice A member anchored a root for a range that disagrees with the first root stored for it.
    event CheckpointConflict(uint64 indexed chainId, uint64 start, uint64 end, address indexed member, bytes32 storedRoot, bytes32 root);
    /// @notice Two stored ranges were proven to commit different block hashes at one height.
    event ProvenConflict(
        uint64 indexed chainId, uint64 indexed height, uint64 startA, uint64 endA, bytes32 hashA, uint64 startB, uint64 endB, bytes32 hashB
    );
    /// @notice Members declared a successor chain forked from an anchored block.
    event ForkDeclared(
        uint64 indexed oldChainId,
        uint64 indexed newChainId,
        uint64 forkHeight,
        bytes32 forkBlockHash,
        bytes32 newGenesisHash,
        address declarer,
        address[] members
    );
    /// @notice A member of a declared fork endorsed it.
    event ForkEndorsed(uint64 indexed newChainId, address indexed member, uint32 endorsements);

    /// @notice Registers a working chain with its members; first come, first served.
    function registerChain(uint64 chainId, uint64 startHeight, address[] calldata initialMembers) external {
        _register(chainId, startHeight, initialMembers, 0);
    }

    function _register(uint64 chainId, uint64 startHeight, address[] calldata memberSet, uint64 parent) private {
        if (chains[chainId].registered) revert ChainExists(chainId);
        if (memberSet.length == 0) revert BadMembers();
        for (uint256 i = 0; i < memberSet.length; i++) {
            address m = memberSet[i];
            if (m == address(0) || isMember[chainId][m]) revert BadMembers();
            isMember[chainId][m] = true;
            memberList[chainId].push(m);
        }
        chains[chainId] = Chain(true, startHeight, uint32(memberSet.length), parent);
        emit ChainRegistered(chainId, startHeight, memberSet);
    }

    /// @notice Votes to add (add=true) or remove a member; applied at a strict majority.
    function voteMember(uint64 chainId, address subject, bool add) external {
        if (!isMember[chainId][msg.sender]) revert NotMember(chainId, msg.sender);
        if (subject == address(0) || isMember[chainId][subject] == add) revert BadVote(chainId, subject);
        if (votesFor[chainId][subject] == 0) {
            voteIsAdd[chainId][subject] = add;
        } else if (voteIsAdd[chainId][subject] != add) {
            revert BadVote(chainId, subject);
        }
        uint256 round = voteRound[chainId][subject];
        if (voted[chainId][subject][round][msg.sender]) revert AlreadyVoted(msg.sender, subject);
        voted[chainId][subject][round][msg.sender] = true;
        uint256 votes = ++votesFor[chainId][subject];
        Chain storage c = chains[chainId];
        uint256 needed = uint256(c.memberCount) / 2 + 1;
        emit MemberVoted(chainId, subject, msg.sender, add, votes, needed);
        if (votes < needed) return;
        votesFor[chainId][subject] = 0;
        voteRound[chainId][subject] = round + 1;
        if (add) {
            isMember[chainId][subject] = true;
            memberList[chainId].push(subject);
            c.memberCount++;
        } else {
            isMember[chainId][subject] = false;
            address[] storage list = memberList[chainId];
            for (uint256 i = 0; i < list.length; i++) {
                if (list[i] == subject) {
                    list[i] = list[list.length - 1];
                    list.pop();
                    break;
                }
            }
            c.memberCount--;
        }
        emit MembershipChanged(chainId, subject, add);
    }

    /// @notice Anchors the caller's checkpoint of blocks start..end of chainId.
    function submitCheckpoint(
        uint64 chainId,
        uint64 start,
        uint64 end,
        bytes32 root,
        bytes32 endBlockHash,
        bytes32 prevCheckpointHash
    ) external {
        if (!isMember[chainId][msg.sender]) revert NotMember(chainId, msg.sender);
        if (end < start) revert BadRange(start, end);
        if (root == bytes32(0)) revert EmptyRoot();
        MemberState memory st = states[chainId][msg.sender];
        uint64 expectedStart = st.count == 0 ? chains[chainId].startHeight : st.lastEnd + 1;
        if (start != expectedStart) revert NotContiguous(expectedStart, start);
        bytes32 prev = lastCheckpointHash[chainId][msg.sender];
        if (prevCheckpointHash != prev) revert WrongPrev(prev, prevCheckpointHash);

        bytes32 cpHash = keccak256(abi.encode(chainId, msg.sender, start, end, root, endBlockHash, prevCheckpointHash));
        lastCheckpointHash[chainId][msg.sender] = cpHash;
        states[chainId][msg.sender] = MemberState(end, st.count + 1);

        bytes32 key = rangeKey(chainId, start, end);
        bytes32 stored = rangeRoot[key];
        if (stored == bytes32(0)) {
            rangeRoot[key] = root;
        } else if (stored != root) {
            emit CheckpointConflict(chainId, start, end, msg.sender, stored, root);
        }
        emit CheckpointSubmitted(chainId, msg.sender, st.count, start, end, root, endBlockHash, prevCheckpointHash, cpHash);
    }

    /// @notice Proves that stored ranges A and B commit different block hashes at height.
    function proveConflict(
        uint64 chainId,
        uint64[2] calldata rangeA,
        uint64[2] calldata rangeB,
        uint64 height,
        bytes32 hashA,
        bytes32[] calldata proofA,
        bytes32 hashB,
        bytes32[] calldata proofB
    ) external {
        if (hashA == hashB) revert NoConflict();
        _checkInRange(chainId, rangeA, height, hashA, proofA);
        _checkInRange(chainId, rangeB, height, hashB, proofB);
        emit ProvenConflict(chainId, height, rangeA[0], rangeA[1], hashA, rangeB[0], rangeB[1], hashB);
    }

    function _checkInRange(uint64 chainId, uint64[2] calldata range, uint64 height, bytes32 blockHash, bytes32[] calldata proof)
        private
        view
    {
        bytes32 root = rangeRoot[rangeKey(chainId, range[0], range[1])];
        if (root == bytes32(0)) revert UnknownRange(range[0], range[1]);
        if (height < range[0] || height > range[1]) revert HeightOutsideRange(height, range[0], range[1]);
        if (!verifyLeaf(root, leaf(chainId, height, blockHash), height - range[0], uint256(range[1]) - range[0] + 1, proof)) {
            revert InvalidProof();
        }
    }

    /// @notice A member declares a successor chain forked after block forkHeight, which must be
    /// the end of an anchored range (rangeStart..forkHeight) whose root proves forkBlockHash.
    function declareFork(
        uint64 oldChainId,
        uint64 rangeStart,
        uint64 forkHeight,
        bytes32 forkBlockHash,
        bytes32[] calldata proof,
        uint64 newChainId,
        bytes32 newGenesisHash,
        address[] calldata newMembers
    ) external {
        if (!chains[oldChainId].registered) revert UnknownChain(oldChainId);
        if (!isMember[oldChainId][msg.sender]) revert NotMember(oldChainId, msg.sender);
        bool declarerIncluded;
        for (uint256 i = 0; i < newMembers.length; i++) {
            if (!isMember[oldChainId][newMembers[i]]) revert BadMembers();
            if (newMembers[i] == msg.sender) declarerIncluded = true;
        }
        if (!declarerIncluded) revert BadMembers();
        uint64[2] memory range = [rangeStart, forkHeight];
        bytes32 root = rangeRoot[rangeKey(oldChainId, range[0], range[1])];
        if (root == bytes32(0)) revert UnknownRange(rangeStart, forkHeight);
        if (!verifyLeaf(root, leaf(oldChainId, forkHeight, forkBlockHash), forkHeight - rangeStart, uint256(forkHeight) - rangeStart + 1, proof)) {
            revert InvalidProof();
        }
        _register(newChainId, forkHeight + 1, newMembers, oldChainId);
        successorList[oldChainId].push(newChainId);
        endorsed[newChainId][msg.sender] = true;
        endorsements[newChainId] = 1;
        emit ForkDeclared(oldChainId, newChainId, forkHeight, forkBlockHash, newGenesisHash, msg.sender, newMembers);
        emit ForkEndorsed(newChainId, msg.sender, 1);
    }

    /// @notice A member of a declared fork endorses it.
    function endorseFork(uint64 newChainId) external {
        if (chains[newChainId].parentChainId == 0) revert UnknownChain(newChainId);
        if (!isMember[newChainId][msg.sender]) revert NotMember(newChainId, msg.sender);
        if (endorsed[newChainId][msg.sender]) revert AlreadyEndorsed(newChainId, msg.sender);
        endorsed[newChainId][msg.sender] = true;
        uint32 n = ++endorsements[newChainId];
        emit ForkEndorsed(newChainId, msg.sender, n);
    }

    // ---- views ----

    /// @notice The chain's registration.
    function chainInfo(uint64 chainId) external view returns (Chain memory) {
        return chains[chainId];
    }

    /// @notice The chain's current members.
    function members(uint64 chainId) external view returns (address[] memory) {
        return memberList[chainId];
    }

    /// @notice Where member's checkpoint history of chainId stands.
    function memberState(uint64 chainId, address member) external view returns (MemberState memory) {
        return states[chainId][member];
    }

    /// @notice Successor chains declared for oldChainId.
    function successors(uint64 oldChainId) external view returns (uint64[] memory) {
        return successorList[oldChainId];
    }

    /// @notice The key of a range in rangeRoot.
    function rangeKey(uint64 chainId, uint64 start, uint64 end) public pure returns (bytes32) {
        return keccak256(abi.encode(chainId, start, end));
    }

    /// @notice The Merkle leaf of block number with blockHash on chainId.
    function leaf(uint64 chainId, uint64 number, bytes32 blockHash) public pure returns (bytes32) {
        return keccak256(abi.encode(uint256(chainId), uint256(number), blockHash));
    }

    /// @notice Verifies a proof that leafHash is leaf index of count leaves under root.
    function verifyLeaf(bytes32 root, bytes32 leafHash, uint256 index, uint256 count, bytes32[] memory proof)
        public
        pure
        returns (bool)
    {
        if (count == 0 || index >= count) return false;
        bytes32 node = leafHash;
        uint256 used;
        while (count > 1) {
            if ((index ^ 1) < count) {
                if (used == proof.length) return false;
                bytes32 sib = proof[used++];
                node = index & 1 == 0 ? keccak256(abi.encodePacked(node, sib)) : keccak256(abi.encodePacked(sib, node));
            }
            index >>= 1;
            count = (count + 1) >> 1;
        }
        return used == proof.length && node == root;
    }
}
