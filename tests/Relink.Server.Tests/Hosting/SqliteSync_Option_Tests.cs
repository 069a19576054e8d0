using Microsoft.Extensions.Configuration;
using Relink.Server.Configuration;
using Relink.Server.Hosting;

namespace Relink.Server.Tests.Hosting;

/// <summary>Relink:SqliteSync picks how SQLite commits are made durable; full by default; a wrong value is refused by name.</summary>
public sealed class SqliteSync_Option_Tests
{
    [Fact]
    public void The_default_is_full_and_overlapped_can_be_chosen()
    {
        Load().SqliteSync.ShouldBe("full");
        Load("--Relink:SqliteSync=overlapped").SqliteSync.ShouldBe("overlapped");
        Should.NotThrow(() => Load("--Relink:SqliteSync=Overlapped").Validate());
        Load().SqliteSynchronous.ShouldBe(Relink.Storage.Sqlite.SqliteSynchronous.Full);
        Load("--Relink:SqliteSync=Overlapped").SqliteSynchronous.ShouldBe(Relink.Storage.Sqlite.SqliteSynchronous.Overlapped, "the store gets the mode Validate accepted, in any case");
    }

    [Fact]
    public void A_wrong_value_is_refused_naming_the_setting()
    {
        var error = Should.Throw<ArgumentException>(() => RelinkServerHost.Build(["--Relink:SqliteSync=normal"]));

        error.Message.ShouldContain("SqliteSync must be full or overlapped");
    }

    private static RelinkServerOptions Load(params string[] args) =>
        RelinkServerOptions.Load(new ConfigurationBuilder().AddCommandLine(CommandLineFlags.Normalize(args)).Build().GetSection(RelinkServerOptions.Section));
}
