namespace Relink.Server.Tests.Architecture;

/// <summary>
/// The server flows one way (transport → pipeline → services → store and router; see docs/architecture.md): no
/// folder of src/Relink.Server uses a folder that uses it back, directly or through others.
/// </summary>
public sealed class Folder_Dependency_Tests
{
    [Fact]
    public void No_server_folder_uses_a_folder_that_uses_it_back()
    {
        var uses = ServerFolders.Uses(ServerFolders.Files());

        var loop = ServerFolders.FindLoop(uses.ToDictionary(u => u.Key, u => (IReadOnlyCollection<string>)u.Value.Keys));

        loop.ShouldBeNull(loop is null ? "" : "The server's folders loop: " + string.Join(" → ", loop) + ". Where: "
            + string.Join("; ", loop.Zip(loop.Skip(1), (from, to) => $"{from} → {to} in {uses[from][to]}")));
    }

    [Fact]
    public void Every_server_file_declares_the_namespace_of_its_folder()
    {
        // The check above maps files to folders; a file whose namespace differs from its folder would hide a loop.
        var misplaced = ServerFolders.Files()
            .Where(f => ServerFolders.DeclaredNamespace(f) != "Relink.Server." + f.Folder)
            .Select(f => $"{f.Path} declares {ServerFolders.DeclaredNamespace(f) ?? "no namespace"}")
            .ToList();

        misplaced.ShouldBeEmpty();
    }

    [Fact]
    public void A_loop_through_several_folders_is_found_and_named()
    {
        var files = new List<SourceFile>
        {
            new("Transports/Tcp.cs", "Transports", "using Relink.Server.Pipeline;\nnamespace Relink.Server.Transports;"),
            new("Pipeline/Frames.cs", "Pipeline", "namespace Relink.Server.Pipeline;\nclass F { Chat.Service S; }"),
            new("Chat/Service.cs", "Chat", "namespace Relink.Server.Chat;\n// Transports.Tcp is only named in a comment\nclass S { Relink.Server.Sessions.Session X; }"),
            new("Sessions/Session.cs", "Sessions", "using Relink.Server.Pipeline;\nnamespace Relink.Server.Sessions;"),
        };

        var uses = ServerFolders.Uses(files);
        var loop = ServerFolders.FindLoop(uses.ToDictionary(u => u.Key, u => (IReadOnlyCollection<string>)u.Value.Keys));

        uses["Chat"].Keys.ShouldBe(["Sessions"]);
        loop.ShouldBe(["Chat", "Sessions", "Pipeline", "Chat"]);
    }
}
