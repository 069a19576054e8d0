using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Relink.Server.Configuration;

namespace Relink.Server.Security;

/// <summary>
/// Password hashes through ASP.NET Core's <see cref="PasswordHasher{TUser}"/> (PBKDF2, salted, versioned, so old
/// hashes are upgraded on the next successful login).
/// </summary>
public sealed class PasswordHashing
{
    private readonly PasswordHasher<string> _hasher;
    private readonly string _dummyHash;

    /// <summary>Uses the configured iteration count, or the framework's default.</summary>
    public PasswordHashing(RelinkServerOptions options)
    {
        var hasherOptions = new PasswordHasherOptions();
        if (options.PasswordHashIterations > 0)
        {
            hasherOptions.IterationCount = options.PasswordHashIterations;
        }

        _hasher = new PasswordHasher<string>(Options.Create(hasherOptions));
        _dummyHash = _hasher.HashPassword("", Guid.NewGuid().ToString());
    }

    /// <summary>A new salted hash of <paramref name="password"/>.</summary>
    public string Hash(string password) => _hasher.HashPassword("", password);

    /// <summary>
    /// A hash that no password matches (of 256 random bits nobody keeps), for an account that signs in only with a
    /// token. A real hash rather than an empty one, so a login attempt takes as long as for any account.
    /// </summary>
    public string NoPasswordHash() => Hash(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

    /// <summary>Checks a password; <c>Rehash</c> says the stored hash should be replaced by a stronger one.</summary>
    public (bool Ok, bool Rehash) Verify(string hash, string password) =>
        _hasher.VerifyHashedPassword("", hash, password) switch
        {
            PasswordVerificationResult.Success => (true, false),
            PasswordVerificationResult.SuccessRehashNeeded => (true, true),
            _ => (false, false),
        };

    /// <summary>
    /// Spends the time a real verification would, for an unknown user, so response time does not reveal which
    /// user ids exist.
    /// </summary>
    public void VerifyNothing(string password) => _hasher.VerifyHashedPassword("", _dummyHash, password);
}
