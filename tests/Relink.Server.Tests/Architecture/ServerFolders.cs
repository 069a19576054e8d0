using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Relink.Server.Tests.Architecture;

/// <summary>
/// Which folder of src/Relink.Server uses which other, read from the source files: each file belongs to its top
/// folder (whose namespace it declares), and it uses another folder through <c>using Relink.Server.X</c>, a fully
/// qualified <c>Relink.Server.X.Type</c>, or a name qualified from the shared parent namespace (<c>X.Type</c>).
/// </summary>
internal static partial class ServerFolders
{
    /// <summary>The server project's folder in this checkout.</summary>
    public static string SourceRoot([CallerFilePath] string thisFile = "")
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(thisFile)!);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "src", "Relink.Server")))
        {
            directory = directory.Parent;
        }

        return directory is null
            ? throw new DirectoryNotFoundException($"No src/Relink.Server above {thisFile}.")
            : Path.Combine(directory.FullName, "src", "Relink.Server");
    }

    /// <summary>The server's .cs files in a folder (files at the project root, such as Program.cs, are left out).</summary>
    public static IReadOnlyList<SourceFile> Files()
    {
        string root = SourceRoot();
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(relative => relative.Contains('/') && !relative.StartsWith("obj/", StringComparison.Ordinal) && !relative.StartsWith("bin/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(relative => new SourceFile(relative, relative[..relative.IndexOf('/')], File.ReadAllText(Path.Combine(root, relative))))
            .ToList();
    }

    /// <summary>Folder → the other folders its files use, each with the first file that does (for messages).</summary>
    public static Dictionary<string, Dictionary<string, string>> Uses(IReadOnlyList<SourceFile> files)
    {
        var folders = files.Select(f => f.Folder).ToHashSet(StringComparer.Ordinal);
        var uses = folders.ToDictionary(f => f, _ => new Dictionary<string, string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var file in files)
        {
            string code = WithoutCommentsAndStrings(file.Text);
            var named = FullyQualified().Matches(code).Select(m => m.Groups["folder"].Value)
                .Concat(ParentQualified().Matches(code).Select(m => m.Groups["folder"].Value));
            foreach (string folder in named)
            {
                if (folder != file.Folder && folders.Contains(folder))
                {
                    uses[file.Folder].TryAdd(folder, file.Path);
                }
            }
        }

        return uses;
    }

    /// <summary>The namespace a file declares (file-scoped or block), or null.</summary>
    public static string? DeclaredNamespace(SourceFile file) =>
        NamespaceDeclaration().Match(file.Text) is { Success: true } m ? m.Groups["name"].Value : null;

    /// <summary>
    /// A loop in the graph as the folders along it, first repeated at the end ("A", "B", "A"), or null when the graph
    /// has none.
    /// </summary>
    public static IReadOnlyList<string>? FindLoop(IReadOnlyDictionary<string, IReadOnlyCollection<string>> graph)
    {
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (string start in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } loop)
            {
                return loop;
            }
        }

        return null;

        IReadOnlyList<string>? Visit(string node)
        {
            int onPath = path.IndexOf(node);
            if (onPath >= 0)
            {
                return [.. path.Skip(onPath), node];
            }

            if (!finished.Add(node))
            {
                return null;
            }

            path.Add(node);
            foreach (string next in graph.GetValueOrDefault(node, []).Order(StringComparer.Ordinal))
            {
                if (Visit(next) is { } loop)
                {
                    return loop;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }
    }

    // Comments (a cref or a remark naming another folder is not a use) and string literals (log text) are blanked.
    private static string WithoutCommentsAndStrings(string text) =>
        CommentsAndStrings().Replace(text, m => m.Value.StartsWith('/') ? " " : "\"\"");

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@""(?:[^""]|"""")*""|"""""".*?""""""|""(?:\\.|[^""\\\n])*""", RegexOptions.Singleline)]
    private static partial Regex CommentsAndStrings();

    [GeneratedRegex(@"\bRelink\.Server\.(?<folder>[A-Z]\w*)")]
    private static partial Regex FullyQualified();

    // "Limits.LoginThrottle" inside namespace Relink.Server.Chat resolves to Relink.Server.Limits: a folder name
    // followed by a type name, not itself after a dot (which would make it a member, as in options.Limits).
    [GeneratedRegex(@"(?<![\w.])(?<folder>[A-Z]\w*)\.[A-Z]")]
    private static partial Regex ParentQualified();

    [GeneratedRegex(@"^\s*namespace\s+(?<name>[\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();
}

/// <summary>One source file of the server: its path under src/Relink.Server, its top folder, its text.</summary>
internal sealed record SourceFile(string Path, string Folder, string Text);
