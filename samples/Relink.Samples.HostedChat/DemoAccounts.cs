namespace Relink.Samples.HostedChat;

/// <summary>
/// The app's own users. A real app has a user database and hashed passwords; this sample hard-codes three people so
/// it runs with nothing to set up. Relink never sees these passwords: it trusts the app's sign-in cookie.
/// </summary>
public static class DemoAccounts
{
    /// <summary>Every demo account's password.</summary>
    public const string Password = "hosted-demo";

    /// <summary>User id (also the Relink user id) → display name (the Relink nickname on first sight).</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["alice"] = "Alice Archer",
        ["bob"] = "Bob Baker",
        ["carol"] = "Carol Cooper",
    };

    /// <summary>The display name when the user id and password match an account, otherwise null.</summary>
    public static string? Check(string? userId, string? password) =>
        userId is not null && password == Password && Names.TryGetValue(userId, out var name) ? name : null;
}
