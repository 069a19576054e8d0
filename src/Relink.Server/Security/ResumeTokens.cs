using System.Buffers.Text;
using System.Security.Cryptography;
using Relink.Server.Hosting;
using Relink.Storage;

namespace Relink.Server.Security;

/// <summary>
/// Resume tokens: 256 random bits given to the client at login, stored only as a SHA-256 hash bound to user and
/// device, rotated on every use (so a replayed token fails), expiring, compared in constant time.
/// </summary>
public sealed class ResumeTokens(IChatStore store, RelinkServerOptions options, TimeProvider time)
{
    /// <summary>Issues a new token for a user's device, replacing the device's previous one.</summary>
    public async Task<string> IssueAsync(string userId, string deviceId)
    {
        (string token, ResumeTokenRecord record) = NewToken(userId, deviceId);
        await store.SaveResumeTokenAsync(record);
        return token;
    }

    /// <summary>
    /// Checks a presented token and, when it is good, atomically replaces it with a new one (returned). Null when
    /// the token is unknown, expired, for another user or device, or was already used.
    /// </summary>
    public async Task<string?> RedeemAsync(string userId, string deviceId, string presented)
    {
        var stored = await store.FindResumeTokenAsync(userId, deviceId);
        if (stored is null || stored.ExpiresAt <= time.GetUtcNow() || !TryHash(presented, out byte[] hash)
            || !CryptographicOperations.FixedTimeEquals(hash, stored.TokenHash))
        {
            return null;
        }

        (string token, ResumeTokenRecord record) = NewToken(userId, deviceId);
        return await store.RotateResumeTokenAsync(userId, deviceId, stored.TokenHash, record) ? token : null;
    }

    /// <summary>
    /// Makes a device's token useless by replacing it with an unknown, already expired one (logout of one device;
    /// the user's other devices keep theirs).
    /// </summary>
    public Task RevokeDeviceAsync(string userId, string deviceId) =>
        store.SaveResumeTokenAsync(new ResumeTokenRecord(userId, deviceId, RandomNumberGenerator.GetBytes(32), time.GetUtcNow()));

    /// <summary>Forgets every token of a user (logout, password change).</summary>
    public Task RevokeAllAsync(string userId) => store.RevokeResumeTokensAsync(userId);

    private (string Token, ResumeTokenRecord Record) NewToken(string userId, string deviceId)
    {
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        string token = Base64Url.EncodeToString(secret);
        var record = new ResumeTokenRecord(userId, deviceId, SHA256.HashData(secret), time.GetUtcNow() + options.ResumeTokenLifetime);
        return (token, record);
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
