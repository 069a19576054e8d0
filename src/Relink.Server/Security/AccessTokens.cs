using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Relink.Server.Configuration;

namespace Relink.Server.Security;

/// <summary>
/// Checks the access tokens (JWTs) an app signs for its users, with Microsoft's <see cref="JsonWebTokenHandler"/>:
/// signature by a configured key and algorithm only (so <c>alg: none</c> and algorithm swaps fail), <c>exp</c>
/// required, <c>nbf</c> honoured, both with <see cref="ClockSkew"/>, and <c>iss</c>/<c>aud</c> when configured.
/// The validation parameters are built once at start; a check costs one parse and one signature verification.
/// </summary>
public sealed partial class AccessTokens
{
    /// <summary>How far the app's clock and the server's may disagree about <c>exp</c> and <c>nbf</c>.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters? _parameters;
    private readonly ILogger<AccessTokens> _logger;

    /// <summary>Builds the validation parameters from keys already loaded by <see cref="LoadKeys"/>.</summary>
    public AccessTokens(AccessTokenKeys keys, JwtOptions options, TimeProvider time, ILogger<AccessTokens> logger)
    {
        _logger = logger;
        if (keys.Keys.Count == 0)
        {
            return;
        }

        _parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = keys.Keys,
            ValidAlgorithms = keys.Algorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,

            // The library's own lifetime check reads the machine clock; this one reads the server's TimeProvider, as
            // every other deadline of the server does (and tests move it).
            LifetimeValidator = (notBefore, expires, _, _) => IsWithinLifetime(notBefore, expires, time.GetUtcNow().UtcDateTime),
            ValidateIssuer = !string.IsNullOrEmpty(options.Issuer),
            ValidIssuer = options.Issuer,
            ValidateAudience = !string.IsNullOrEmpty(options.Audience),
            ValidAudience = options.Audience,
            ValidateIssuerSigningKey = true,
        };
    }

    /// <summary>Whether the server accepts access tokens (a key or key set is configured).</summary>
    public bool Enabled => _parameters is not null;

    /// <summary>
    /// Parses a token without trusting it (null when it is not a JWT at all), so the login can be throttled by the
    /// account the token names before any signature is verified.
    /// </summary>
    public JsonWebToken? Parse(string token)
    {
        try
        {
            return _handler.CanReadToken(token) ? _handler.ReadJsonWebToken(token) : null;
        }
        catch (ArgumentException)
        {
            return null; // three parts, but not base64url JSON
        }
    }

    /// <summary>
    /// The identity a parsed token vouches for, or null when it does not (bad signature or algorithm, expired, not yet
    /// valid, wrong issuer or audience, no subject). The reason is logged, never told to the client.
    /// </summary>
    public async Task<AccessTokenIdentity?> ValidateAsync(JsonWebToken token, string address)
    {
        if (_parameters is null)
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid)
        {
            LogRefused(address, result.Exception?.GetType().Name ?? "invalid");
            return null;
        }

        if (string.IsNullOrEmpty(token.Subject))
        {
            LogRefused(address, "no sub claim");
            return null;
        }

        string? name = token.TryGetPayloadValue("name", out string? given) ? given : null;
        return new AccessTokenIdentity(token.Subject, name);
    }

    /// <summary><c>exp</c> is required; <c>exp</c> and <c>nbf</c> both get <see cref="ClockSkew"/> of slack.</summary>
    private static bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, DateTime now) =>
        expires is { } end && now < end + ClockSkew && (notBefore is not { } start || now >= start - ClockSkew);

    /// <summary>
    /// Reads the configured keys, so a missing or unreadable key file stops the server at start with a message saying
    /// which file and why, rather than failing every login later.
    /// </summary>
    /// <exception cref="ArgumentException">The JWKS file is missing, not a key set, or holds no RSA or EC signing key.</exception>
    public static AccessTokenKeys LoadKeys(JwtOptions options)
    {
        var keys = new List<SecurityKey>();
        var algorithms = new List<string>();
        if (!string.IsNullOrEmpty(options.Key))
        {
            keys.Add(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.Key)));
            algorithms.Add(SecurityAlgorithms.HmacSha256);
        }

        if (!string.IsNullOrEmpty(options.JwksFile))
        {
            keys.AddRange(ReadKeySet(options.JwksFile));
            algorithms.Add(SecurityAlgorithms.RsaSha256);
            algorithms.Add(SecurityAlgorithms.EcdsaSha256);
        }

        return new AccessTokenKeys(keys, algorithms);
    }

    private static IList<SecurityKey> ReadKeySet(string path)
    {
        string Problem(string what) => $"Invalid Relink setting: Jwt:JwksFile (--jwt-jwks) '{path}' {what}.";
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException(Problem("cannot be read: " + e.Message), e);
        }

        IList<SecurityKey> keys;
        try
        {
            keys = new JsonWebKeySet(json).GetSigningKeys();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(Problem("is not a JSON Web Key Set ({\"keys\": [...]})"), e);
        }

        return keys.Count > 0 ? keys : throw new ArgumentException(Problem("holds no RSA or EC public key for signatures"));
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Refused an access token from {Address}: {Reason}")]
    private partial void LogRefused(string address, string reason);
}

/// <summary>The keys access tokens may be signed with, and the algorithms that go with them (none: sign-in off).</summary>
public sealed record AccessTokenKeys(IList<SecurityKey> Keys, IList<string> Algorithms);

/// <summary>Who a valid access token says its bearer is.</summary>
/// <param name="UserId">The <c>sub</c> claim (not yet checked to be a valid user id).</param>
/// <param name="Name">The <c>name</c> claim, when present.</param>
public readonly record struct AccessTokenIdentity(string UserId, string? Name);

/// <summary>Registers <see cref="AccessTokens"/>.</summary>
public static class AccessTokenServices
{
    /// <summary>Loads the configured keys now (a bad key file fails the start) and registers the checker.</summary>
    /// <exception cref="ArgumentException">See <see cref="AccessTokens.LoadKeys"/>.</exception>
    public static IServiceCollection AddAccessTokens(this IServiceCollection services, RelinkServerOptions options)
    {
        services.AddSingleton(AccessTokens.LoadKeys(options.Jwt));
        services.AddSingleton(options.Jwt);
        services.AddSingleton<AccessTokens>();
        return services;
    }
}
