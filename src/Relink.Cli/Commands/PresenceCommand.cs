using System.CommandLine;
using Relink.Client;

namespace Relink.Cli.Commands;

/// <summary><c>relink presence everyone|friends|nobody</c>: who may see whether this user is online, and when last seen.</summary>
internal static class PresenceCommand
{
    public static Command Create(CliConsole console)
    {
        var audience = new Argument<string>("WHO")
        {
            Description = "everyone (friends get it live, others see it in search), friends (the default) or nobody.",
        };
        audience.AcceptOnlyFromAmong("everyone", "friends", "nobody");
        return LoggedInCommand.Create(
            console,
            "presence",
            "Choose who may see your presence (online, offline, last seen); prints {\"presence\":WHO}.",
            "presence",
            async (result, client, cancellationToken) =>
            {
                var chosen = await client.SetPresenceAudienceAsync(Parse(result.GetRequiredValue(audience)), cancellationToken);
                console.Out(JsonLines.PresenceAudience(chosen));
            },
            audience);
    }

    private static PresenceAudience Parse(string who) => who switch
    {
        "everyone" => PresenceAudience.Everyone,
        "nobody" => PresenceAudience.Nobody,
        _ => PresenceAudience.Friends,
    };
}
