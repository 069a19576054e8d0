using System.Text.Json;
using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite;

public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    public Task SetPresenceAudienceAsync(string userId, PresenceAudience audience, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(PresenceAudiences.IsDefined(audience), true, nameof(audience));
        return WriteAsync(
            s => s.Prepare("""
                    INSERT INTO presence_settings (user_id, audience) VALUES ($id, $audience)
                    ON CONFLICT (user_id) DO UPDATE SET audience = excluded.audience
                    """)
                .With("$id", userId)
                .With("$audience", (long)audience)
                .Execute(),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, PresenceAudience>> ListPresenceAudiencesAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        if (userIds.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<string, PresenceAudience>>(new Dictionary<string, PresenceAudience>(StringComparer.Ordinal));
        }

        // The ids travel as one JSON array parameter: no SQL built from input, one statement for any count.
        string idArray = JsonSerializer.Serialize(userIds);
        return ReadAsync<IReadOnlyDictionary<string, PresenceAudience>>(
            s => s.Prepare("SELECT user_id, audience FROM presence_settings WHERE user_id IN (SELECT value FROM json_each($ids))")
                .With("$ids", idArray)
                .ReadList(r => (Id: r.GetString(0), Audience: (PresenceAudience)r.GetInt64(1)))
                .ToDictionary(p => p.Id, p => p.Audience, StringComparer.Ordinal),
            cancellationToken);
    }
}
