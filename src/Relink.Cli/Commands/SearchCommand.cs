using System.CommandLine;

namespace Relink.Cli.Commands;

/// <summary><c>relink search [KEY]</c>: users whose id or nickname matches (the newest users without KEY).</summary>
internal static class SearchCommand
{
    public static Command Create(CliConsole console)
    {
        var key = new Argument<string?>("KEY")
        {
            Description = "Part of a user id or nickname; without it, the newest users.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        return LoggedInCommand.Create(
            console,
            "search",
            "Find users; prints one JSON line each (with isFriend and online).",
            "search",
            async (result, client, cancellationToken) =>
            {
                var found = await client.SearchUsersAsync(result.GetValue(key), cancellationToken: cancellationToken);
                foreach (var user in found.Users)
                {
                    console.Out(JsonLines.User(user));
                }
            },
            key);
    }
}
