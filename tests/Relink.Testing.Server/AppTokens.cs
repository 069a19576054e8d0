using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Relink.Testing.Server;

/// <summary>
/// Plays the app that signs its users' access tokens: an HS256 secret, an RSA and an EC key pair (their public halves
/// in a JWKS file), and a way to mint tokens with any claims, as an app's backend would with the same library.
/// </summary>
public sealed class AppTokens : IDisposable
{
    /// <summary>
    /// The HS256 secret the server is given with <c>--jwt-key</c>; over 64 bytes, so it can sign HS512 too: a token
    /// the server must refuse for its algorithm alone.
    /// </summary>
    public const string Secret = "a-test-secret-long-enough-to-sign-hs512-tokens-as-well-0123456789";

    private readonly TempDirectory _folder = new();
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>Writes the JWKS file with the RSA and EC public keys.</summary>
    public AppTokens()
    {
        JwksFile = Path.Combine(_folder.Path, "keys.json");
        var rsa = _rsa.ExportParameters(includePrivateParameters: false);
        var ec = _ec.ExportParameters(includePrivateParameters: false);
        File.WriteAllText(JwksFile, $$"""
            {"keys": [
              {"kty": "RSA", "kid": "rsa-1", "use": "sig", "alg": "RS256", "n": "{{B64(rsa.Modulus!)}}", "e": "{{B64(rsa.Exponent!)}}"},
              {"kty": "EC", "kid": "ec-1", "use": "sig", "alg": "ES256", "crv": "P-256", "x": "{{B64(ec.Q.X!)}}", "y": "{{B64(ec.Q.Y!)}}"}
            ]}
            """);
    }

    /// <summary>The JWKS file the server is given with <c>--jwt-jwks</c>.</summary>
    public string JwksFile { get; }

    /// <summary>Server flags for HS256 and the JWKS keys.</summary>
    public string[] ServerFlags => ["--jwt-key", Secret, "--jwt-jwks", JwksFile];

    /// <summary>The HS256 key.</summary>
    public static SigningCredentials Hs256 => new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Secret)), SecurityAlgorithms.HmacSha256);

    /// <summary>The RSA key, as RS256.</summary>
    public SigningCredentials Rs256 => new(new RsaSecurityKey(_rsa) { KeyId = "rsa-1" }, SecurityAlgorithms.RsaSha256);

    /// <summary>The EC key, as ES256.</summary>
    public SigningCredentials Es256 => new(new ECDsaSecurityKey(_ec) { KeyId = "ec-1" }, SecurityAlgorithms.EcdsaSha256);

    /// <summary>
    /// A token for <paramref name="subject"/> (no <c>sub</c> when null), valid for <paramref name="lifetime"/> (1 h)
    /// from <paramref name="now"/> (the machine clock), signed with <paramref name="signing"/> (HS256).
    /// </summary>
    public static string Mint(string? subject, string? name = null, SigningCredentials? signing = null, DateTimeOffset? now = null,
        TimeSpan? lifetime = null, string? issuer = null, string? audience = null, bool withExpiry = true)
    {
        DateTime issued = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        var claims = new Dictionary<string, object>();
        if (subject is not null)
        {
            claims["sub"] = subject;
        }

        if (name is not null)
        {
            claims["name"] = name;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = signing ?? Hs256,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = withExpiry ? issued + (lifetime ?? TimeSpan.FromHours(1)) : null,
            Issuer = issuer,
            Audience = audience,
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = withExpiry }.CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) claiming <paramref name="subject"/>, as an attacker would forge it.</summary>
    public static string Unsigned(string subject)
    {
        long exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return B64(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}""")) + "." + B64(Encoding.UTF8.GetBytes($$"""{"sub":"{{subject}}","exp":{{exp}}}""")) + ".";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _rsa.Dispose();
        _ec.Dispose();
        _folder.Dispose();
    }

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
