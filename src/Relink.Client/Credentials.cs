namespace Relink.Client;

/// <summary>A user id and password, as a <see cref="RelinkClientOptions.CredentialsProvider"/> hands them over.</summary>
/// <param name="UserId">The account.</param>
/// <param name="Password">Its password.</param>
public sealed record Credentials(string UserId, string Password)
{
    /// <summary>The user id only: a password must never reach a log by way of ToString.</summary>
    public override string ToString() => $"Credentials {{ UserId = {UserId}, Password = *** }}";
}
