namespace Relink.Storage;

/// <summary>Rules for user ids shared by the server's validation and the store's keys.</summary>
public static class Ids
{
    /// <summary>Longest user id.</summary>
    public const int MaxUserIdLength = 32;

    /// <summary>True when <paramref name="id"/> is 1..32 of [A-Za-z0-9_.-].</summary>
    public static bool IsValidUserId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxUserIdLength)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
