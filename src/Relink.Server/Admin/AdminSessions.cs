using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Relink.Server.Configuration;

namespace Relink.Server.Admin;

/// <summary>
/// The admin console's sign-ins: a random 256-bit id in an HttpOnly cookie, kept here only as its SHA-256 hash with
/// who signed in and until when. In memory on purpose: a restart signs every operator out, which is the safe way
/// round, and nothing secret ever reaches the database. Bounded, so repeated sign-ins cannot grow it.
/// </summary>
public sealed class AdminSessions(RelinkServerOptions options, TimeProvider time)
{
    /// <summary>Most sign-ins kept at once; the oldest goes when a new one would pass it.</summary>
    public const int Capacity = 256;

    private readonly ConcurrentDictionary<string, AdminSignIn> _byHash = new(StringComparer.Ordinal);

    /// <summary>Starts a sign-in for <paramref name="admin"/>; returns the secret for the cookie.</summary>
    public string Start(string admin)
    {
        var now = time.GetUtcNow();
        Prune(now);
        string secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        _byHash[Hash(secret)] = new AdminSignIn(admin, now, now + options.AdminSessionLifetime);
        return secret;
    }

    /// <summary>Who a secret belongs to, or null when it is unknown or expired.</summary>
    public string? Find(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || !_byHash.TryGetValue(Hash(secret), out var signIn))
        {
            return null;
        }

        return signIn.ExpiresAt > time.GetUtcNow() ? signIn.Admin : null;
    }

    /// <summary>Ends a sign-in (no-op for an unknown secret).</summary>
    public void End(string? secret)
    {
        if (!string.IsNullOrEmpty(secret))
        {
            _byHash.TryRemove(Hash(secret), out _);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (hash, signIn) in _byHash)
        {
            if (signIn.ExpiresAt <= now)
            {
                _byHash.TryRemove(hash, out _);
            }
        }

        while (_byHash.Count >= Capacity && _byHash.MinBy(e => e.Value.StartedAt) is { Key: { } oldest })
        {
            _byHash.TryRemove(oldest, out _);
        }
    }

    // The dictionary is keyed by the hash, so a lookup never compares the secret itself; a 256-bit random secret
    // leaves nothing to learn from lookup timing.
    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private sealed record AdminSignIn(string Admin, DateTimeOffset StartedAt, DateTimeOffset ExpiresAt);
}
