namespace Relink.Storage;

public partial interface IChatStore
{
    // ---- entering a session: what a login or resume reads and writes, in as few calls as the store can

    /// <summary>
    /// Redeems a resume token in one atomic change, as <see cref="ResumeTokenRedemption.Judge"/> rules: when the
    /// presented hash is the device's current one, unexpired, or the one the last rotation replaced, within the
    /// grace, the record is replaced by <see cref="ResumeTokenRedemption.Replacement"/>, but only if its current hash
    /// is still the one judged (so of two racing resumes with one token, on any nodes, only one gets through).
    /// </summary>
    /// <returns>How the token was good, or <see cref="TokenRedemption.Refused"/> (nothing changed).</returns>
    /// <remarks>
    /// This default reads the record, then rotates it (<see cref="FindResumeTokenAsync"/>,
    /// <see cref="RotateResumeTokenAsync"/>); a store with a round trip per call does both in one statement.
    /// </remarks>
    async Task<TokenRedemption> RedeemResumeTokenAsync(ResumeTokenRedemption redemption, CancellationToken cancellationToken = default)
    {
        var stored = await FindResumeTokenAsync(redemption.UserId, redemption.DeviceId, cancellationToken);
        var outcome = stored is null ? TokenRedemption.Refused : redemption.Judge(stored);
        return outcome != TokenRedemption.Refused
               && await RotateResumeTokenAsync(redemption.UserId, redemption.DeviceId, stored!.TokenHash, redemption.Replacement(stored, outcome), cancellationToken)
            ? outcome
            : TokenRedemption.Refused;
    }

    /// <summary>
    /// What a login or resume answer carries besides the groups, read after the session is reachable (so a message
    /// stored meanwhile is in the talks or pushed): the user's friends, the presence choices of the friends and the
    /// user, the talk list with <paramref name="deviceId"/>'s cursors and up to <paramref name="latestPerTalk"/>
    /// latest messages each (as <see cref="ListTalksAsync"/>), the read-receipt setting, pending friend requests and
    /// blocked users. Each part is what its own method returns; the parts need not come from one snapshot.
    /// </summary>
    /// <remarks>This default calls those methods one after another; a store with a round trip per call reads them in one.</remarks>
    async Task<SessionStateRecord> LoadSessionStateAsync(string userId, string deviceId, int latestPerTalk, CancellationToken cancellationToken = default)
    {
        var friends = await ListFriendsAsync(userId, cancellationToken);
        var audiences = await ListPresenceAudiencesAsync([.. friends.Select(f => f.UserId), userId], cancellationToken);
        var talks = await ListTalksAsync(userId, deviceId, latestPerTalk, cancellationToken);
        bool readReceipts = await GetReadReceiptsAsync(userId, cancellationToken);
        var requests = await ListFriendRequestsAsync(userId, cancellationToken);
        var blocked = await ListBlockedAsync(userId, cancellationToken);
        return new SessionStateRecord(friends, audiences, talks, readReceipts, requests, blocked);
    }
}
