using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    /// <inheritdoc />
    public Task SetPresenceAudienceAsync(string userId, PresenceAudience audience, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(PresenceAudiences.IsDefined(audience), true, nameof(audience));
        return WriteAsync(
            s => s.Sql("""
                    INSERT INTO presence_settings (user_id, audience) VALUES (@id, @audience)
                    ON CONFLICT (user_id) DO UPDATE SET audience = excluded.audience
                    """)
                .With("id", userId)
                .With("audience", (short)audience)
                .ExecuteAsync(s.CancellationToken),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, PresenceAudience>> ListPresenceAudiencesAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        if (userIds.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<string, PresenceAudience>>(new Dictionary<string, PresenceAudience>(StringComparer.Ordinal));
        }

        // The ids travel as one array parameter: no SQL built from input, one statement for any count.
        string[] idArray = [.. userIds];
        return ReadAsync<IReadOnlyDictionary<string, PresenceAudience>>(
            async s => (await s.Sql("SELECT user_id, audience FROM presence_settings WHERE user_id = ANY(@ids)")
                    .With("ids", idArray)
                    .ReadListAsync(r => (Id: r.GetString(0), Audience: (PresenceAudience)r.GetInt16(1)), s.CancellationToken))
                .ToDictionary(p => p.Id, p => p.Audience, StringComparer.Ordinal),
            cancellationToken);
    }
}
