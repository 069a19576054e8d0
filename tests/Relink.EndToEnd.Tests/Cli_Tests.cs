using System.Text.Json;
using Relink.Client;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>The `relink` command as a user runs it, against a real server.</summary>
public sealed class Cli_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string[] As(string user, params string[] rest) =>
        [.. rest, "--server", _server.TcpEndpoint, "--user", user, "--password", Clients.Password];

    private async Task RegisterAsync(string user)
    {
        var result = await CliProcess.RunAsync(null, ["register", "--server", _server.TcpEndpoint, "--user", user, "--password", Clients.Password, "--nickname", "N" + user]);
        result.ExitCode.ShouldBe(0, result.Stderr);
    }

    private async Task<(string Ann, string Bob)> FriendsAsync()
    {
        string ann = Clients.UniqueId("cann"), bob = Clients.UniqueId("cbob");
        await RegisterAsync(ann);
        await RegisterAsync(bob);
        var added = await CliProcess.RunAsync(null, As(ann, "friends", "add", bob));
        added.ExitCode.ShouldBe(0, added.Stderr);
        var accepted = await CliProcess.RunAsync(null, As(bob, "friends", "accept", ann));
        accepted.ExitCode.ShouldBe(0, accepted.Stderr);
        return (ann, bob);
    }

    [Fact]
    public async Task Friend_requests_and_blocks_print_json_lines_and_a_refusal_exits_4_with_its_code()
    {
        string ann = Clients.UniqueId("rann"), bob = Clients.UniqueId("rbob");
        await RegisterAsync(ann);
        await RegisterAsync(bob);

        var asked = await CliProcess.RunAsync(null, As(ann, "friends", "request", bob.ToUpperInvariant(), "--note", "it's Ann"));
        asked.ExitCode.ShouldBe(0, asked.Stderr);
        asked.Json.Single().GetProperty("state").GetString().ShouldBe("pending");
        asked.Json.Single().GetProperty("userId").GetString().ShouldBe(bob, "found whatever the case, printed as registered");

        var pending = (await CliProcess.RunAsync(null, As(bob, "friends", "requests"))).Json.Single();
        pending.GetProperty("userId").GetString().ShouldBe(ann);
        pending.GetProperty("direction").GetString().ShouldBe("incoming");
        pending.GetProperty("note").GetString().ShouldBe("it's Ann");

        (await CliProcess.RunAsync(null, As(bob, "friends", "accept", ann))).ExitCode.ShouldBe(0);
        (await CliProcess.RunAsync(null, As(ann, "friends", "list"))).Json.Single().GetProperty("userId").GetString().ShouldBe(bob);

        var blocked = await CliProcess.RunAsync(null, As(bob, "block", ann));
        blocked.ExitCode.ShouldBe(0, blocked.Stderr);
        blocked.Json.Single().GetProperty("changed").GetBoolean().ShouldBeTrue();
        (await CliProcess.RunAsync(null, As(ann, "friends", "list"))).Lines.ShouldBeEmpty();

        var refused = await CliProcess.RunAsync(null, As(bob, "friends", "request", ann));
        refused.ExitCode.ShouldBe(4);
        refused.Stderr.ShouldContain("UserBlocked");

        (await CliProcess.RunAsync(null, As(bob, "unblock", ann))).Json.Single().GetProperty("changed").GetBoolean().ShouldBeTrue();
        // Five sign-ins of bob's: the login throttle's burst per account (decline and cancel are the SDK's, tested there).
    }

    [Fact]
    public async Task Send_prints_one_acked_json_line_per_stdin_line_in_order()
    {
        var (ann, bob) = await FriendsAsync();
        var sent = await CliProcess.RunAsync("first\n\nsecond\nthird\n", As(ann, "send", "--to", bob));

        sent.ExitCode.ShouldBe(0, sent.Stderr);
        var lines = sent.Json;
        lines.Select(j => j.GetProperty("text").GetString()).ShouldBe(["first", "second", "third"]); // blank line skipped
        lines.Select(j => j.GetProperty("seq").GetInt64()).ShouldBe([1L, 2L, 3L]);
        lines.ShouldAllBe(j => j.GetProperty("conversation").GetString() == Storage.ConversationId.Direct(ann, bob));
        lines.ShouldAllBe(j => j.GetProperty("id").GetInt64() > 0);
    }

    [Fact]
    public async Task Listen_prints_the_offline_backlog_first_then_live_messages()
    {
        var (ann, bob) = await FriendsAsync();
        (await CliProcess.RunAsync(null, As(ann, "send", "--to", bob, "while you were away"))).ExitCode.ShouldBe(0);

        await using var listen = CliProcess.Start(As(bob, "listen"));
        var backlog = await listen.NextJsonLineAsync();
        backlog.GetProperty("text").GetString().ShouldBe("while you were away");
        backlog.GetProperty("from").GetString().ShouldBe(ann);
        backlog.GetProperty("seq").GetInt64().ShouldBe(1);
        DateTimeOffset.Parse(backlog.GetProperty("sentAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));

        (await CliProcess.RunAsync(null, As(ann, "send", "--to", bob, "live one"))).ExitCode.ShouldBe(0);
        (await listen.NextJsonLineAsync()).GetProperty("text").GetString().ShouldBe("live one");
    }

    [Fact]
    public async Task Group_chat_through_the_cli()
    {
        var (ann, bob) = await FriendsAsync();
        var created = await CliProcess.RunAsync(null, As(ann, "groups", "create", "cli group", "--member", bob, "--public"));
        created.ExitCode.ShouldBe(0, created.Stderr);
        string groupId = created.Lines.Single().Trim();
        groupId.ShouldNotBeEmpty();

        string cat = Clients.UniqueId("ccat");
        await RegisterAsync(cat);
        (await CliProcess.RunAsync(null, As(cat, "groups", "join", groupId))).ExitCode.ShouldBe(0);
        var groups = await CliProcess.RunAsync(null, As(cat, "groups", "list"));
        groups.Lines.ShouldContain(l => l.Contains(groupId, StringComparison.Ordinal));

        await using var listen = CliProcess.Start(As(cat, "listen"));
        await Testing.Eventually.TrueAsync(() => listen.Stderr.Contains("listening", StringComparison.Ordinal), "listen is connected");
        (await CliProcess.RunAsync(null, As(bob, "send", "--group", groupId, "hello group"))).ExitCode.ShouldBe(0);
        var got = await listen.NextJsonLineAsync();
        got.GetProperty("text").GetString().ShouldBe("hello group");
        got.GetProperty("conversation").GetString().ShouldBe("g:" + groupId);
    }

    [Fact]
    public async Task Search_and_friends_list_show_who_is_who()
    {
        var (ann, bob) = await FriendsAsync();
        var search = await CliProcess.RunAsync(null, As(ann, "search", bob));
        search.ExitCode.ShouldBe(0, search.Stderr);
        var found = search.Json.Single();
        found.GetProperty("isFriend").GetBoolean().ShouldBeTrue();

        var friends = await CliProcess.RunAsync(null, As(bob, "friends", "list"));
        friends.Lines.ShouldContain(l => l.Contains(ann, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Failures_exit_with_the_documented_codes_and_say_why_on_stderr()
    {
        var (ann, _) = await FriendsAsync();
        string stranger = Clients.UniqueId("cstr");
        await RegisterAsync(stranger);

        var wrongPassword = await CliProcess.RunAsync(null, ["send", "--server", _server.TcpEndpoint, "--user", ann, "--password", "nope-nope", "--to", stranger, "x"]);
        wrongPassword.ExitCode.ShouldBe(2);
        wrongPassword.Stderr.ShouldContain("wrong password");

        var refused = await CliProcess.RunAsync(null, As(ann, "send", "--to", stranger, "not a friend"));
        refused.ExitCode.ShouldBe(4);
        refused.Stderr.ShouldContain("Forbidden");
        refused.Lines.ShouldBeEmpty();

        var unreachable = await CliProcess.RunAsync(null, ["send", "--server", $"127.0.0.1:{Testing.FreePort.Next()}", "--user", ann, "--password", "x", "--to", stranger, "x"]);
        unreachable.ExitCode.ShouldBe(3);

        var misuse = await CliProcess.RunAsync(null, As(ann, "send", "--to", stranger, "--group", "1", "x"));
        misuse.ExitCode.ShouldBe(1);
        misuse.Stderr.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task The_cli_also_speaks_websocket()
    {
        var (ann, bob) = await FriendsAsync();
        var sent = await CliProcess.RunAsync(null, ["send", "--server", _server.WebSocketEndpoint, "--user", ann, "--password", Clients.Password, "--to", bob, "over ws"]);
        sent.ExitCode.ShouldBe(0, sent.Stderr);
        await using var bobClient = await Clients.LoginAsync(_server, bob);
        (await Clients.ReceiveAsync(bobClient, 1)).Single().Text.ShouldBe("over ws");
    }
}
