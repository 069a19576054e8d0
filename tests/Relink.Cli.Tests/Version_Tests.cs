using Relink.Testing;

namespace Relink.Cli.Tests;

public class Version_Tests
{
    [Fact]
    public async Task Version_prints_the_version_from_Directory_Build_props_and_exits_0()
    {
        var console = new TestConsole();

        (await console.RunAsync("--version")).ShouldBe(0);

        console.Output.Lines.ShouldBe([RepositoryFiles.Version]);
        console.Error.Text.ShouldBeEmpty();
    }
}
