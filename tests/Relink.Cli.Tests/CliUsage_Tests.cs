namespace Relink.Cli.Tests;

public class CliUsage_Tests
{
    [Fact]
    public async Task Sending_to_both_a_user_and_a_group_is_a_usage_error()
    {
        var console = new TestConsole();

        int exit = await console.RunAsync("send", "-s", "127.0.0.1:7397", "-u", "alice", "-p", "secret-password", "--to", "bob", "--group", "1001", "hi");

        exit.ShouldBe(1);
        console.Error.Text.ShouldContain("exactly one of --to USER or --group GROUP");
        console.Output.Lines.ShouldBeEmpty();
    }

    [Fact]
    public async Task Sending_to_nobody_is_a_usage_error()
    {
        var console = new TestConsole();

        (await console.RunAsync("send", "-s", "127.0.0.1:7397", "-u", "alice", "-p", "secret-password", "hi")).ShouldBe(1);
        console.Error.Text.ShouldContain("exactly one of --to USER or --group GROUP");
    }

    [Theory]
    [InlineData("--server")]
    [InlineData("--user")]
    public async Task A_missing_connection_option_is_a_usage_error_naming_it(string missing)
    {
        var args = new List<string> { "friends", "list", "--server", "127.0.0.1:7397", "--user", "alice", "--password", "secret-password" };
        int at = args.IndexOf(missing);
        args.RemoveRange(at, 2);
        var console = new TestConsole();

        (await console.RunAsync([.. args])).ShouldBe(1);
        console.Error.Text.ShouldContain($"Option '{missing}' is required.");
    }

    [Theory]
    [InlineData("neither")]
    [InlineData("both")]
    public async Task Logging_in_takes_exactly_one_of_a_password_or_a_token(string given)
    {
        var args = new List<string> { "friends", "list", "--server", "127.0.0.1:7397", "--user", "alice" };
        if (given == "both")
        {
            args.AddRange(["--password", "secret-password", "--token", "header.payload.signature"]);
        }

        var console = new TestConsole();

        (await console.RunAsync([.. args])).ShouldBe(1);
        console.Error.Text.ShouldContain("exactly one of --password or --token");
    }

    [Fact]
    public async Task Register_takes_a_password_not_a_token()
    {
        var console = new TestConsole();

        (await console.RunAsync("register", "-s", "127.0.0.1:7397", "-u", "alice", "--token", "header.payload.signature")).ShouldBe(1);
        console.Error.Text.ShouldContain("--token");
        console.Error.Text.ShouldContain("Option '--password' is required.");
    }

    [Fact]
    public async Task A_malformed_server_address_is_a_usage_error()
    {
        var console = new TestConsole();

        (await console.RunAsync("listen", "-s", "http://host/", "-u", "alice", "-p", "secret-password")).ShouldBe(1);
        console.Error.Text.ShouldContain("'http://host/' is not a server address");
    }

    [Fact]
    public async Task An_unreachable_server_exits_3_with_the_address_on_stderr()
    {
        int port = Relink.Testing.FreePort.Next();
        var console = new TestConsole();

        (await console.RunAsync("friends", "list", "-s", $"127.0.0.1:{port}", "-u", "alice", "-p", "secret-password")).ShouldBe(3);
        console.Error.Text.ShouldContain($"Could not connect to the Relink server at 127.0.0.1:{port}");
    }

    [Fact]
    public async Task Help_documents_the_exit_codes()
    {
        var console = new TestConsole();

        (await console.RunAsync("--help")).ShouldBe(0);

        console.Output.Text.ShouldContain("0 ok, 1 usage error, 2 authentication failed, 3 server unreachable");
        console.Output.Text.ShouldContain("4 request refused by the server");
        console.Output.Text.ShouldContain("5 kicked: signed in elsewhere");
    }
}
