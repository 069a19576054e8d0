using System.Buffers.Text;
using System.Security.Cryptography;
using Relink.Server.Configuration;
using Relink.Storage;

namespace Relink.Server.Security;

/// <summary>
/// Resume tokens: 256 random bits given to the client at login, stored only as a SHA-256 hash bound to user and
/// device, rotated on every use (so a replayed token fails), expiring, compared in constant time.
/// </summary>
/// <remarks>
/// The rotation grace: the answer carrying the new token can be lost (link cut, login deadline, server killed
/// right after the rotation committed), and the client then holds only the token just replaced. For
/// <see cref="RelinkServerOptions.ResumeTokenGrace"/> after a rotation, that immediately previous token resumes
/// once more: with a fresh current token, keeping the same previous token and rotation time, so repeated losses
/// within the grace still work and the grace is counted from the first rotation. Using the newer token rotates
/// normally, which makes it the previous one and retires the older for good.
/// </remarks>
public sealed class ResumeTokens(IChatStore store, RelinkServerOptions options, TimeProvider time)
{
    /// <summary>Issues a new token for a user's device, replacing the device's previous one (and ending any grace).</summary>
    public async Task<string> IssueAsync(string userId, string deviceId)
    {
        (string token, byte[] hash) = NewSecret();
        await store.SaveResumeTokenAsync(new ResumeTokenRecord(userId, deviceId, hash, ExpiryFromNow()));
        return token;
    }

    /// <summary>
    /// Checks a presented token and, when it is good, atomically replaces it with a new one (returned). Good means
    /// the current token, unexpired, or the one the last rotation replaced, within the grace. Null when the token is
    /// unknown, expired, for another user or device, revoked, older, or lost a race to a concurrent resume.
    /// </summary>
    public async Task<RedeemedToken?> RedeemAsync(string userId, string deviceId, string presented)
    {
        if (!TryHash(presented, out byte[] hash))
        {
            return null;
        }

        // The store judges and rotates in one atomic change (a compare-and-swap on the current hash), so of two
        // racing resumes only one gets a token; the rules are ResumeTokenRedemption's.
        (string token, byte[] newHash) = NewSecret();
        var redemption = new ResumeTokenRedemption(userId, deviceId, hash, newHash, ExpiryFromNow(), time.GetUtcNow(), options.ResumeTokenGrace);
        return await store.RedeemResumeTokenAsync(redemption) switch
        {
            TokenRedemption.Current => new RedeemedToken(token, ThroughGrace: false),
            TokenRedemption.ThroughGrace => new RedeemedToken(token, ThroughGrace: true),
            _ => null,
        };
    }

    /// <summary>
    /// Makes a device's token useless by replacing it with an unknown, already expired one and no previous one
    /// (logout of one device; the user's other devices keep theirs).
    /// </summary>
    public Task RevokeDeviceAsync(string userId, string deviceId) =>
        store.SaveResumeTokenAsync(new ResumeTokenRecord(userId, deviceId, RandomNumberGenerator.GetBytes(32), time.GetUtcNow()));

    /// <summary>Forgets every token of a user, previous ones included (logout, password change).</summary>
    public Task RevokeAllAsync(string userId) => store.RevokeResumeTokensAsync(userId);

    private DateTimeOffset ExpiryFromNow() => time.GetUtcNow() + options.ResumeTokenLifetime;

    private static (string Token, byte[] Hash) NewSecret()
    {
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        return (Base64Url.EncodeToString(secret), SHA256.HashData(secret));
    }

    private static bool TryHash(string token, out byte[] hash)
    {
        hash = [];
        Span<byte> secret = stackalloc byte[32];
        if (token.Length != 43 || !Base64Url.TryDecodeFromChars(token, secret, out int written) || written != 32)
        {
            return false;
        }

        hash = SHA256.HashData(secret);
        return true;
    }
}

/// <summary>A resume token that was accepted, and the new token that replaces it.</summary>
/// <param name="Token">The new token, for the client.</param>
/// <param name="ThroughGrace">The presented token was the one the last rotation replaced, accepted within the grace:
/// either the client lost the answer that carried its successor, or someone else holds a copy of it (theft shows
/// this way), so it is counted and logged.</param>
public readonly record struct RedeemedToken(string Token, bool ThroughGrace);
