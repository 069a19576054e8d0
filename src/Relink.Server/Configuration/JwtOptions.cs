namespace Relink.Server.Configuration;

/// <summary>
/// Sign-in with the app's own JWTs (section "Relink:Jwt"): a login may carry an access token instead of a password
/// when <see cref="Key"/> or <see cref="JwksFile"/> is set. Off when neither is.
/// </summary>
public sealed class JwtOptions
{
    /// <summary>Shortest HS256 secret accepted, in UTF-8 bytes: RFC 7518 §3.2 wants a key as long as the hash.</summary>
    public const int MinKeyBytes = 32;

    /// <summary>The HS256 shared secret (its UTF-8 bytes are the key), at least <see cref="MinKeyBytes"/> bytes.</summary>
    public string? Key { get; set; }

    /// <summary>A JWKS file (JSON Web Key Set) of the RS256/ES256 public keys tokens are signed with.</summary>
    public string? JwksFile { get; set; }

    /// <summary>When set, a token's <c>iss</c> must be exactly this.</summary>
    public string? Issuer { get; set; }

    /// <summary>When set, a token's <c>aud</c> must contain this.</summary>
    public string? Audience { get; set; }

    /// <summary>Whether access-token logins are accepted at all.</summary>
    public bool Enabled => !string.IsNullOrEmpty(Key) || !string.IsNullOrEmpty(JwksFile);

    /// <summary>Settings that cannot work, as messages (the keys themselves are read by the access-token service).</summary>
    internal IEnumerable<string> Problems()
    {
        if (!string.IsNullOrEmpty(Key) && System.Text.Encoding.UTF8.GetByteCount(Key) < MinKeyBytes)
        {
            yield return $"Jwt:Key (--jwt-key) must be at least {MinKeyBytes} bytes: a shorter HS256 secret can be guessed offline from one token";
        }

        if (!Enabled && (!string.IsNullOrEmpty(Issuer) || !string.IsNullOrEmpty(Audience)))
        {
            yield return "Jwt:Issuer and Jwt:Audience (--jwt-issuer, --jwt-audience) need Jwt:Key (--jwt-key) or Jwt:JwksFile (--jwt-jwks) to check tokens with";
        }
    }
}
