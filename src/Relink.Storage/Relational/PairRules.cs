namespace Relink.Storage.Relational;

/// <summary>The argument rule every store applies to a pair of users (a friendship, a direct conversation).</summary>
public static class PairRules
{
    /// <summary>Throws when <paramref name="userA"/> and <paramref name="userB"/> are the same user.</summary>
    /// <param name="userA">One user.</param>
    /// <param name="userB">The other; named in the exception.</param>
    /// <param name="refusal">What the exception says, e.g. "A user cannot befriend themselves."</param>
    /// <exception cref="ArgumentException">The two are one user.</exception>
    public static void RequireTwoUsers(string userA, string userB, string refusal)
    {
        if (string.Equals(userA, userB, StringComparison.Ordinal))
        {
            throw new ArgumentException(refusal, nameof(userB));
        }
    }
}
