using Relink.Server.Hosting;
using Relink.Testing;

namespace Relink.Server.Tests.Operations;

public sealed class ServerCommandLine_Tests
{
    [Fact]
    public async Task Version_prints_the_version_from_Directory_Build_props_and_exits_0()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = await ServerCommandLine.RunAsync(["--version"], output, error);

        exit.ShouldBe(0);
        output.ToString().ShouldBe(RepositoryFiles.Version + Environment.NewLine);
        error.ToString().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_backup_without_a_destination_is_refused_with_exit_2_and_says_what_is_missing()
    {
        var error = new StringWriter();

        int exit = await ServerCommandLine.RunAsync(["backup", "--data", "somewhere"], TextWriter.Null, error);

        exit.ShouldBe(ServerCommandLine.Failed);
        error.ToString().ShouldStartWith("backup failed: Say where: --to FILE.");
    }

    [Fact]
    public async Task A_backup_of_a_folder_without_a_database_says_where_it_looked()
    {
        using var empty = new TempDirectory();
        var error = new StringWriter();

        int exit = await ServerCommandLine.RunAsync(["backup", "--data", empty.Path, "--to", Path.Combine(empty.Path, "copy.db")], TextWriter.Null, error);

        exit.ShouldBe(ServerCommandLine.Failed);
        error.ToString().ShouldContain($"There is no Relink database at '{Path.Combine(empty.Path, "relink.db")}'");
        File.Exists(Path.Combine(empty.Path, "copy.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_restore_never_overwrites_a_database()
    {
        using var data = new TempDirectory();
        string database = Path.Combine(data.Path, "relink.db");
        await File.WriteAllTextAsync(database, "the live database");
        string backup = Path.Combine(data.Path, "backup.db");
        await File.WriteAllTextAsync(backup, "a backup");
        var error = new StringWriter();

        int exit = await ServerCommandLine.RunAsync(["restore", "--from", backup, "--data", data.Path], TextWriter.Null, error);

        exit.ShouldBe(ServerCommandLine.Failed);
        error.ToString().ShouldContain("Stop the server and move the old database");
        (await File.ReadAllTextAsync(database)).ShouldBe("the live database");
    }
}
