using System.Text;

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

    /// <summary>
    /// The form user ids are looked up and kept unique by: NFKC, then invariant lower case, so "Alice" and "alice"
    /// are one account. The store keeps the id as it was given for display.
    /// </summary>
    /// <remarks>
    /// Valid ids are ASCII (<see cref="IsValidUserId"/>), for which NFKC changes nothing; the step is there so the
    /// rule holds if the id alphabet ever widens. (The server runs with invariant globalization, which normalises
    /// ASCII only: widening the alphabet needs ICU.)
    /// </remarks>
    public static string Normalize(string id) => id.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
}
